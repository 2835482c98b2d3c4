"""Replies: the engine's results composed into plain, warm messages with buttons.

Every sentence is a keyed text of bot/data/texter/<lang>.yml (bot.texter); this module only
chooses the keys, fills in the values and lays the parts out (bullets, line breaks). Every
number shown comes from bot/data/telefon.yml (verified facts); every rule text from the
catalogue. Nothing here decides eligibility.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import barnet, fragor, kris, places, telefon
from bot.catalogue import Insats
from bot.engine import Assessment, Result, Status
from bot.facts import vocabulary
from bot.texter import DEFAULT_LANG, has, text

PAGE_SIZE = 5
BULLET = "• "
INDENT = "  "
DASH = "   – "


@dataclass
class Svar:
    """One bot reply: text, quick-reply buttons, and the insatser it presented as matches."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


def button(key: str, payload: str, lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """A quick reply: its title (the text of `key`) and the payload sent back."""
    return (text(key, lang), payload)


def label(fact_name: str, lang: str = DEFAULT_LANG) -> str:
    """How a fact is named inside a sentence ("din ålder")."""
    return text(f"fakta.{fact_name}.etikett", lang)


def labels(fact_names: list[str] | tuple[str, ...], lang: str = DEFAULT_LANG) -> str:
    """Several facts named in one sentence, comma-separated."""
    return ", ".join(label(name, lang) for name in fact_names)


def listing(items: list[str], lang: str = DEFAULT_LANG) -> str:
    """ "A, B och C"."""
    if len(items) == 1:
        return items[0]
    return text("lista.och", lang, forsta=", ".join(items[:-1]), sista=items[-1])


def line_text(line_id: str, lang: str = DEFAULT_LANG) -> str:
    """ "BRIS: 116 111 (för dig under 18, gratis och anonymt)" from the verified phone data."""
    line = telefon.linje(line_id)
    said = text("linje.med_nummer", lang, namn=line.namn, nummer=line.nummer) if line.nummer else line.namn
    return text("linje.med_for_vem", lang, linje=said, for_vem=line.for_vem) if line.for_vem else said


def now_in_stockholm() -> datetime:
    """The current time in Stockholm (the bot's users are there, whatever the server says)."""
    return datetime.now(telefon.STOCKHOLM_TZ)


def question(fact_name: str, lang: str = DEFAULT_LANG) -> Svar:
    """The plain question for one fact, with buttons for closed answers."""
    fact = vocabulary()[fact_name]
    if fact.kind == "ask":
        asked = text(f"fakta.{fact_name}.fraga", lang)
    else:
        asked = text("fraga.allman", lang, etikett=label(fact_name, lang))
    skip_key = f"fakta.{fact_name}.hoppa_over"
    skip = button(skip_key if has(skip_key, lang) else "knapp.hoppa_over", "/dont_know", lang)
    if fact.type == "bool":
        yes, no = button("knapp.ja", "/affirm", lang), button("knapp.nej", "/deny", lang)
        return Svar(asked, [yes, no, button("knapp.vet_inte", "/dont_know", lang)])
    # A closed answer's values with a quick reply in the texts (`fakta.<fact>.knapp`) are buttons.
    buttons = [
        (text(f"fakta.{fact_name}.knapp.{value}", lang), f'/inform{{"{fact_name}": "{value}"}}')
        for value in fact.values or ()
        if has(f"fakta.{fact_name}.knapp.{value}", lang)
    ]
    if buttons:
        return Svar(asked, [*buttons, skip])
    if fact_name == "kommun":
        return Svar(asked, [button("knapp.stockholm", '/inform{"kommun": "Stockholm"}', lang), skip])
    return Svar(asked, [skip])


def ask_in_other_words(fact_name: str, lang: str = DEFAULT_LANG) -> Svar:
    """The question again in other words, after the person told something else instead."""
    asked = question(fact_name, lang)
    return Svar(text(f"fraga.igen.{fact_name}", lang), asked.buttons)


def ask_again(fact_name: str, choices: list[str], lang: str = DEFAULT_LANG) -> Svar:
    """The question about one fact asked again in other words after an answer was not understood.

    Never the same words as `question`: a situation fact comes back as buttons with `choices`
    (values of the fact, best first), a fact with closed answers with its buttons, an open one with
    an example of an answer the bot can read.
    """
    fact = vocabulary()[fact_name]
    skip = button("knapp.hoppa_over", "/dont_know", lang)
    if fact.type == "set" and choices:
        buttons = [
            (text(f"situation.{fact_name}.{value}", lang), f'/inform{{"{fact_name}": "{value}"}}') for value in choices
        ]
        return Svar(text("fraga_igen.valj_situation", lang), [*buttons, skip])
    if fact.type == "bool":
        asked = question(fact_name, lang)
        return Svar(text("fraga_igen.ja_nej", lang), asked.buttons)
    if fact_name == "relation":
        return Svar(text("fraga_igen.relation", lang), question(fact_name, lang).buttons)
    key = f"fraga_igen.{fact_name}"
    if has(key, lang):
        return Svar(text(key, lang), question(fact_name, lang).buttons)
    return Svar(text("samtal.forstod_inte", lang) + " " + question(fact_name, lang).text, [skip])


def confirm_situation(fact_name: str, value: str, lang: str = DEFAULT_LANG) -> Svar:
    """One confirming question about a situation the bot only guessed ("Handlar det om ...?")."""
    situation = text(f"situation.{fact_name}.{value}", lang)
    return Svar(
        text("fraga_igen.handlar_det_om", lang, situation=situation[:1].lower() + situation[1:]),
        [(text("knapp.ja", lang), f'/inform{{"{fact_name}": "{value}"}}'), button("knapp.nej", "/deny", lang),
         button("knapp.vet_inte", "/dont_know", lang)],
    )  # fmt: skip


def problems(found: Mapping[str, str], lang: str = DEFAULT_LANG) -> str:
    """A kind note about values that could not be used (an age of 300, say)."""
    return text("fakta_fel.kunde_inte_anvanda", lang, detaljer="; ".join(found.values()))


def where_to_turn(insats: Insats, facts: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """Where to turn for one insats, as the seeds' "Vart ska den enskilde vända sig" says."""
    kontaktcenter = line_text("kontaktcenter", lang)
    if insats.del2:
        return text("vart.socialforvaltningen", lang, kontaktcenter=kontaktcenter)
    name = facts.get("forvaltning")
    forvaltning = places.forvaltning(str(name)) if name else None
    if forvaltning is None:
        if insats.vand_dig_enligt == "folkbokforing":
            return text("vart.stadsdelsforvaltningen_folkbokford", lang, kontaktcenter=kontaktcenter)
        return text("vart.stadsdelsforvaltningen_bor", lang, kontaktcenter=kontaktcenter)
    contact = ", ".join(str(value) for value in forvaltning.kontakt.values()) if forvaltning.kontakt else ""
    named = {"forvaltning": forvaltning.fullt_namn, "kontaktcenter": kontaktcenter}
    if contact:
        return text("vart.forvaltning_kontakt", lang, kontakt=contact, **named)
    return text("vart.forvaltning", lang, **named)


def _described(insats: Insats, lang: str) -> str:
    """ "Humlan: stödgrupp för ... (omfattning)": the insats's name and what it is."""
    omfattning = insats.omfattning.get("text") if insats.omfattning else None
    if omfattning:
        return text("insats.beskrivning_omfattning", lang, namn=insats.namn, kort=insats.kort, omfattning=omfattning)
    return text("insats.beskrivning", lang, namn=insats.namn, kort=insats.kort)


def describe_result(
    result: Result, facts: Mapping[str, Any], lang: str = DEFAULT_LANG, for_child: int | None = None
) -> str:
    """One insats as a short block: name, what it is, conditions to confirm, where to turn;
    `for_child`: the age of the user's child it is for (bot.barnet)."""
    insats = result.insats
    lines = [BULLET + _described(insats, lang)]
    if for_child is not None:
        lines.append(INDENT + text("insats.for_barnet", lang, alder=for_child))
    if result.status is Status.POSSIBLY:
        lines.append(INDENT + text("insats.kanske", lang, etiketter=labels(result.missing, lang)))
    if result.confirm:
        lines.append(INDENT + text("insats.att_stamma_av", lang))
        lines += [DASH + condition for condition in result.confirm]
    if insats.dokumentation and insats.id == "stodgrupp-separerade-foraldrar":
        lines.append(INDENT + text("insats.bra_att_veta", lang, dokumentation=insats.dokumentation))
    return "\n".join(lines)


def where_to_turn_for(results: list[Result], facts: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """Where to turn for several insatser, each place said once ("För A och B: ...")."""
    groups: dict[str, list[str]] = {}
    for result in results:
        groups.setdefault(where_to_turn(result.insats, facts, lang), []).append(result.insats.namn)
    if len(groups) == 1:
        return text("vart.rubrik_en_plats", lang, plats=next(iter(groups)))
    lines = [text("vart.rubrik", lang)]
    for place, names in groups.items():
        lines.append(BULLET + text("vart.for_insatser", lang, insatser=listing(names, lang), plats=place))
    return "\n".join(lines)


def presentable(assessment: Assessment) -> list[Result]:
    """The results worth showing, best first: eligible, then possible ones that fit the topic."""
    eligible = assessment.with_status(Status.ELIGIBLE)
    possible = [r for r in assessment.with_status(Status.POSSIBLY) if r.relevance or not r.topical]
    specific = [r for r in eligible + possible if not r.insats.generell]
    general = [r for r in eligible + possible if r.insats.generell]
    return specific + general


def outside_stockholm(kommun: str, lang: str = DEFAULT_LANG, age: Any = None) -> Svar:
    """Kind answer for someone who lives in another kommun; a young person also gets BRIS, to
    talk to someone now whatever the kommun."""
    said = text("annan_kommun.text", lang, kommun=kommun, akut=line_text("sos_112", lang))
    known = telefon.known_age(age)
    if known is not None and known < telefon.ADULT_AGE:
        said += "\n\n" + text("ingen_traff.prata_nu", lang, linje=line_text("bris", lang))
    return Svar(
        said,
        [
            button("knapp.bor_i_stockholm", '/correct{"kommun": "Stockholm"}', lang),
            button("knapp.borja_om", "/start_over", lang),
        ],
    )


def no_match(assessment: Assessment, lang: str = DEFAULT_LANG) -> Svar:
    """Nobody leaves with a bare no: how to reach socialtjänsten, and what an application means."""
    age = assessment.facts.get("age")
    lines = [
        text("ingen_traff.inget_passar", lang),
        text("ingen_traff.ansok", lang),
        text("ingen_traff.kontakta", lang, kontaktcenter=line_text("kontaktcenter", lang)),
    ]
    if isinstance(age, int) and age < 18:
        lines.append(text("ingen_traff.prata_nu", lang, linje=line_text("bris", lang)))
    lines.append(text("ingen_traff.akut", lang, linje=line_text("sos_112", lang)))
    buttons = [button("knapp.borja_om", "/start_over", lang), button("knapp.manniska", "/ask_human", lang)]
    return Svar("\n\n".join(lines), buttons)


def answer(assessment: Assessment, page: int = 0, lang: str = DEFAULT_LANG) -> Svar:
    """The matching insatser, PAGE_SIZE at a time ("visa fler" gives the next page)."""
    facts = assessment.facts
    if facts.get("bor_i_stockholm") is False and facts.get("kommun"):
        return outside_stockholm(str(facts["kommun"]), lang, facts.get("age"))
    results = presentable(assessment)
    own = {result.insats.id for result in results}
    pairs = [(result, age) for result, age in barnet.for_the_child(assessment) if result.insats.id not in own]
    for_child = {result.insats.id: age for result, age in pairs}  # the age of the child each is for
    child = [result for result, _ in pairs]
    if child:  # the child's insatser before or after the user's specific ones, before the general ones
        specific = [result for result in results if not result.insats.generell]
        general = results[len(specific) :]
        results = child + specific + general if barnet.leads(facts) else specific + child + general
    if not results:
        return no_match(assessment, lang)
    chunk = results[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not chunk:
        return Svar(text("svar.slut", lang), [button("knapp.borja_om", "/start_over", lang)])
    intro = text("svar.intro" if page == 0 else "svar.intro_fler", lang)
    described = [describe_result(r, facts, lang, for_child.get(r.insats.id)) for r in chunk]
    blocks = [intro, *described, where_to_turn_for(chunk, facts, lang)]
    if page == 0 and (line_ids := telefon.linjer_i_svaret(facts)):
        blocks.append("\n".join([text("svar.prata_nu", lang), *(BULLET + line_text(i, lang) for i in line_ids)]))
    buttons: list[tuple[str, str]] = []
    remaining = len(results) - (page + 1) * PAGE_SIZE
    if remaining > 0:
        blocks.append(text("svar.fler_finns", lang, antal=remaining))
        buttons.append(button("knapp.visa_fler", "/show_more", lang))
    buttons += [button("knapp.varfor", "/ask_why", lang), button("knapp.borja_om", "/start_over", lang)]
    names = [result.insats.namn for result in chunk]
    return Svar("\n\n".join(blocks), buttons, names, [result.insats.id for result in chunk])


def explain_insats(insats: Insats, assessment: Assessment | None = None, lang: str = DEFAULT_LANG) -> Svar:
    """What one insats is, and (when facts are known) whether it fits."""
    lines = [_described(insats, lang)]
    if insats.paraply:
        lines.append(text("insats.paraply", lang))
    if insats.dokumentation:
        lines.append(insats.dokumentation)
    if assessment is not None and insats.matchable:
        lines.append(why(assessment.result_for(insats.id), lang))
    lines.append(where_to_turn(insats, assessment.facts if assessment else {}, lang))
    return Svar("\n\n".join(lines))


def why(result: Result, lang: str = DEFAULT_LANG) -> str:
    """The engine's reasons for one result."""
    name = result.insats.namn
    if result.status is Status.NOT:
        return text("varfor.inte", lang, namn=name, skal=" ".join(result.reasons))
    if result.status is Status.POSSIBLY:
        return text("varfor.kanske", lang, namn=name, etiketter=labels(result.missing, lang))
    met = " ".join(result.met)
    if result.confirm:
        return text("varfor.kan_bekrafta", lang, namn=name, uppfyllt=met, bekrafta=" ".join(result.confirm)).strip()
    return text("varfor.kan", lang, namn=name, uppfyllt=met).strip()


def human_contacts(
    now: datetime | None = None,
    lang: str = DEFAULT_LANG,
    facts: Mapping[str, Any] | None = None,
    crises: Iterable[str | None] = (),
) -> Svar:
    """Who answers now, day or night, from the verified numbers only.

    With what the person told (`facts`, prepared by the engine) and the crises answered earlier
    (`crises`), the lines meant for them come first, each with its hours ("vem kan jag ringa i
    natt?" from a sister whose brother spoke of suicide gets Självmordslinjen).
    """
    now = now or now_in_stockholm()
    age = telefon.known_age((facts or {}).get("age"))
    fitting = list(dict.fromkeys(
        line_id
        for line_id in [
            *(line_id for kategori in crises if kategori for line_id in kris.linjer_for(kategori, age)),
            *telefon.linjer_pa_fragan(facts or {}),
        ]
        if line_id != "sos_112" and telefon.linje(line_id).nummer
    ))  # fmt: skip
    for_you = [BULLET + _with_hours(line_id, lang) for line_id in fitting]
    open_now: list[str] = []
    for line in telefon.linjer():
        if line.nummer and line.id != "sos_112" and line.id not in fitting and telefon.is_open(line, now):
            open_now.append(BULLET + line_text(line.id, lang))
    lines = [
        *([text("manniska.for_dig", lang), *for_you] if for_you else []),
        text("manniska.just_nu_ocksa" if for_you else "manniska.just_nu", lang, klockan=f"{now:%H:%M}"),
        *open_now,
        text("manniska.kontaktcenter", lang, nummer=telefon.linje("kontaktcenter").nummer),
        text("manniska.akut", lang, nummer=telefon.linje("sos_112").nummer),
    ]
    return Svar("\n".join(lines))


def _with_hours(line_id: str, lang: str) -> str:
    """A line with its hours when they are known and it does not answer around the clock."""
    line = telefon.linje(line_id)
    hours = line.oppet_text if isinstance(line.oppet, tuple) else None
    if not hours:
        return line_text(line_id, lang)
    return text("manniska.med_tider", lang, linje=line_text(line_id, lang), tider=hours)


def crisis(
    kategori: str | None,
    age: int | None,
    roll: str | None = None,
    lang: str = DEFAULT_LANG,
    earlier: Iterable[str | None] = (),
) -> str:
    """The crisis answer: 112 first, then the lines that fit the category, the age and the role.

    Someone who has used violence (`roll="utovare"`) gets 112 for anyone in danger now and is
    told that there is help to stop; the victims' lines are not offered to them as if for them.
    `earlier`: the crises already answered in this conversation; their lines still fit the person
    (a sister afraid of her brother who spoke of suicide last night needs both kinds of line).
    """
    if roll == "utovare":
        return "\n".join(
            [text("kris.utovare", lang), BULLET + line_text("sos_112", lang), text("kris.utovare_fara", lang)]
        )
    line_ids = list(dict.fromkeys(
        line_id
        for category in (kategori or "akut_fara", *(c for c in earlier if c and c != kategori))
        for line_id in kris.linjer_for(category, age)
    ))  # fmt: skip
    lines = [
        text("kris.allvarligt", lang),
        *(BULLET + line_text(line_id, lang) for line_id in line_ids),
        text("kris.fara", lang),
        text("kris.fortsatt", lang),
    ]
    return "\n".join(lines)



def lost(lost_results: list[tuple[Result, list[str]]], assessment: Assessment, lang: str = DEFAULT_LANG) -> str:
    """Why insatser shown before are ruled out now, and, when the guardians' consent is what is
    missing, what the young person can have without it."""
    lines = [text("varfor.inte_langre", lang, namn=r.insats.namn, skal=" ".join(r.reasons)) for r, _ in lost_results]
    if any(fragor.CONSENT_FACT in facts for _, facts in lost_results):
        without = [r.insats.namn for r in presentable(assessment) if not fragor.has_consent_condition(r.insats)][:3]
        if without:
            lines.append(text("varfor.utan_samtycke_insatser", lang, namn=listing(without, lang)))
        lines.append(text("varfor.utan_samtycke_prata", lang, linje=line_text("bris", lang)))
    return "\n\n".join(lines)


def crisis_reminder(lang: str = DEFAULT_LANG) -> str:
    """One line for a later mention of a crisis already answered in full."""
    return text("kris.paminnelse", lang)


def rephrase(lang: str = DEFAULT_LANG) -> Svar:
    """Not understood: examples of what the bot can read, as buttons."""
    return Svar(
        text("samtal.exempel", lang),
        [button("knapp.vilket_stod", "/ask_support", lang), button("knapp.manniska", "/ask_human", lang)],
    )


def about_insatser(topic: str, insatser: list[Insats], assessment: Assessment, lang: str = DEFAULT_LANG) -> str:
    """The answer to a question about the insatser in focus (bot.fragor): how much each one is,
    or whether the guardians must agree, from each insats's own data."""
    facts = assessment.facts
    chosen = fragor.in_focus(insatser, topic)
    if topic == "omfattning":
        if not chosen:
            return text("fragor.omfattning_saknas", lang)
        return "\n".join(text("fragor.omfattning", lang, namn=i.namn, omfattning=i.omfattning["text"]) for i in chosen)
    names = [i.namn for i in insatser if i not in chosen]
    age = telefon.known_age(facts.get("age"))
    lines, needed = [], False
    for insats in chosen:
        grans = fragor.consent_age(insats)
        if grans is not None and age is not None and age >= grans:
            lines.append(text("fragor.samtycke_behovs_inte", lang, namn=insats.namn, alder=grans))
        else:
            needed = True
            villkor = fragor.consent_text(insats) or ""
            lines.append(text("fragor.samtycke_behovs", lang, namn=insats.namn, villkor=villkor))
    if names:
        lines.append(text("fragor.samtycke_ingen", lang, namn=listing(names, lang)))
    if needed:
        lines.append(text("varfor.utan_samtycke_prata", lang, linje=line_text("bris", lang)))
    return "\n\n".join(lines)
