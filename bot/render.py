"""Swedish rendering: the engine's results as plain, warm messages with buttons.

Every number shown comes from bot/data/telefon.yml (verified facts); every rule text from the
catalogue. Nothing here decides eligibility.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import kris, places
from bot.catalogue import Insats
from bot.engine import Assessment, Result, Status
from bot.facts import vocabulary

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAGE_SIZE = 5
SKIP_BUTTON = ("Vet inte / hoppa över", "/dont_know")


@dataclass
class Svar:
    """One bot reply: text, quick-reply buttons, and the insatser it presented as matches."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


def line_text(line_id: str) -> str:
    """ "BRIS 116 111 (för dig under 18, dygnet runt)" from the verified phone data."""
    line = places.linje(line_id)
    text = f"{line.namn}: {line.nummer}" if line.nummer else line.namn
    return f"{text} ({line.for_vem})" if line.for_vem else text


def now_in_stockholm() -> datetime:
    """The current time in Stockholm (the bot's users are there, whatever the server says)."""
    return datetime.now(STOCKHOLM)


def question(fact_name: str) -> Svar:
    """The plain question for one fact, with buttons for closed answers."""
    fact = vocabulary()[fact_name]
    text = fact.question or f"Kan du berätta {fact.label}?"
    if fact.type == "bool":
        return Svar(text, [("Ja", "/affirm"), ("Nej", "/deny"), ("Vet inte", "/dont_know")])
    if fact_name == "relation":
        buttons = [
            (label.split(" (")[0].capitalize(), f'/inform{{"relation": "{value}"}}')
            for value, label in list(fact.values.items())[:6]
        ]
        return Svar(text, [*buttons, SKIP_BUTTON])
    if fact_name == "kommun":
        return Svar(text, [("Stockholm", '/inform{"kommun": "Stockholm"}'), SKIP_BUTTON])
    return Svar(text, [SKIP_BUTTON])


def problems(found: Mapping[str, str]) -> str:
    """A kind note about values that could not be used (an age of 300, say)."""
    details = "; ".join(found.values())
    return f"Hmm, det där kunde jag inte använda ({details}). Kan du skriva det igen?"


def where_to_turn(insats: Insats, facts: Mapping[str, Any]) -> str:
    """Where to turn for one insats, as the seeds' "Vart ska den enskilde vända sig" says."""
    kontaktcenter = line_text("kontaktcenter")
    if insats.del2:
        return f"Socialförvaltningen ger stödet i hela staden. Du når dem via {kontaktcenter}."
    address = "är folkbokförd" if insats.vand_dig_enligt == "folkbokforing" else "bor"
    name = facts.get("forvaltning")
    forvaltning = places.forvaltning(str(name)) if name else None
    if forvaltning is None:
        return f"Vänd dig till stadsdelsförvaltningen där du {address}. Du når den via {kontaktcenter}."
    contact = ", ".join(str(value) for value in forvaltning.kontakt.values()) if forvaltning.kontakt else ""
    via = f"{contact} eller via {kontaktcenter}" if contact else f"via {kontaktcenter}"
    return f"Vänd dig till {forvaltning.fullt_namn}. Du når den {via}."


def _omfattning(insats: Insats) -> str:
    text = insats.omfattning.get("text") if insats.omfattning else None
    return f" {text}" if text else ""


def describe_result(result: Result, facts: Mapping[str, Any]) -> str:
    """One insats as a short block: name, what it is, conditions to confirm, where to turn."""
    insats = result.insats
    lines = [f"• {insats.namn}: {insats.kort}{_omfattning(insats)}"]
    if result.status is Status.POSSIBLY:
        labels = ", ".join(vocabulary()[name].label for name in result.missing)
        lines.append(f"  Kanske – det beror på {labels}.")
    if result.confirm:
        lines.append("  Att stämma av:")
        lines += [f"   – {text}" for text in result.confirm]
    if insats.dokumentation and insats.id == "stodgrupp-separerade-foraldrar":
        lines.append(f"  Bra att veta: {insats.dokumentation}")
    return "\n".join(lines)


def where_to_turn_for(results: list[Result], facts: Mapping[str, Any]) -> str:
    """Where to turn for several insatser, each place said once ("För A och B: ...")."""
    groups: dict[str, list[str]] = {}
    for result in results:
        groups.setdefault(where_to_turn(result.insats, facts), []).append(result.insats.namn)
    if len(groups) == 1:
        return f"Vart vänder du dig? {next(iter(groups))}"
    lines = ["Vart vänder du dig?"]
    for place, names in groups.items():
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
        lines.append(f"• För {listed}: {place}")
    return "\n".join(lines)


def presentable(assessment: Assessment) -> list[Result]:
    """The results worth showing, best first: eligible, then possible ones that fit the topic."""
    eligible = assessment.with_status(Status.ELIGIBLE)
    possible = [r for r in assessment.with_status(Status.POSSIBLY) if r.relevance or not r.topical]
    specific = [r for r in eligible + possible if not r.insats.generell]
    general = [r for r in eligible + possible if r.insats.generell]
    return specific + general


def outside_stockholm(kommun: str) -> Svar:
    """Kind answer for someone who lives in another kommun."""
    return Svar(
        "Stödguiden gäller Stockholms stads insatser, och de är till för dig som bor i Stockholms stad. "
        f"Eftersom du bor i {kommun} är det socialtjänsten i {kommun} kommun som kan hjälpa dig. "
        "Ring kommunens växel eller titta på kommunens webbplats och fråga efter socialtjänsten. "
        f"Om det är akut: ring {line_text('sos_112')}.",
        [("Jag bor i Stockholm", '/correct{"kommun": "Stockholm"}'), ("Börja om", "/start_over")],
    )


def no_match(assessment: Assessment) -> Svar:
    """Nobody leaves with a bare no: how to reach socialtjänsten, and what an application means."""
    age = assessment.facts.get("age")
    lines = [
        "Jag hittade inget av stadens stöd utan ansökan som passar det du har berättat. "
        "Men socialtjänsten kan ändå hjälpa dig.",
        "Du kan ansöka om stöd hos socialtjänsten. Då tittar de på just din situation "
        "(det kallas behovsprövning) och bestämmer vilket stöd du kan få.",
        f"Kontakta socialtjänsten via {line_text('kontaktcenter')}.",
    ]
    if isinstance(age, int) and age < 18:
        lines.append(f"Vill du prata med någon nu? {line_text('bris')}.")
    lines.append(f"Om det är akut: {line_text('sos_112')}.")
    return Svar("\n\n".join(lines), [("Börja om", "/start_over"), ("Prata med en människa", "/ask_human")])


def answer(assessment: Assessment, page: int = 0) -> Svar:
    """The matching insatser, PAGE_SIZE at a time ("visa fler" gives the next page)."""
    facts = assessment.facts
    if facts.get("bor_i_stockholm") is False and facts.get("kommun"):
        return outside_stockholm(str(facts["kommun"]))
    results = presentable(assessment)
    if not results:
        return no_match(assessment)
    chunk = results[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not chunk:
        return Svar(
            "Det var allt jag hittade. Vill du fråga något mer om någon av insatserna?", [("Börja om", "/start_over")]
        )
    intro = "Det här stödet kan du få utan att ansöka:" if page == 0 else "Här är fler:"
    blocks = [intro, *(describe_result(result, facts) for result in chunk), where_to_turn_for(chunk, facts)]
    buttons: list[tuple[str, str]] = []
    remaining = len(results) - (page + 1) * PAGE_SIZE
    if remaining > 0:
        blocks.append(f"Det finns {remaining} till som kan passa.")
        buttons.append(("Visa fler", "/show_more"))
    buttons += [("Varför?", "/ask_why"), ("Börja om", "/start_over")]
    names = [result.insats.namn for result in chunk]
    return Svar("\n\n".join(blocks), buttons, names, [result.insats.id for result in chunk])


def explain_insats(insats: Insats, assessment: Assessment | None = None) -> Svar:
    """What one insats is, and (when facts are known) whether it fits."""
    lines = [f"{insats.namn}: {insats.kort}{_omfattning(insats)}"]
    if insats.paraply:
        lines.append("Det är ett samlingsnamn för flera sorters stöd till anhöriga.")
    if insats.dokumentation:
        lines.append(insats.dokumentation)
    if assessment is not None and insats.matchable:
        lines.append(why(assessment.result_for(insats.id)))
    lines.append(where_to_turn(insats, assessment.facts if assessment else {}))
    return Svar("\n\n".join(lines))


def why(result: Result) -> str:
    """The engine's reasons for one result, in Swedish."""
    name = result.insats.namn
    if result.status is Status.NOT:
        return f"Du kan inte få {name} utan ansökan, eftersom: " + " ".join(result.reasons)
    if result.status is Status.POSSIBLY:
        labels = ", ".join(vocabulary()[fact].label for fact in result.missing)
        return f"Du kanske kan få {name}. Det beror på {labels}."
    met = " ".join(result.met)
    confirm = (" Du behöver också: " + " ".join(result.confirm)) if result.confirm else ""
    return f"Du kan få {name}. {met}{confirm}".strip()


def human_contacts(now: datetime | None = None) -> Svar:
    """Who answers now, day or night, from the verified numbers only."""
    now = now or now_in_stockholm()
    open_now: list[str] = []
    for line in places.linjer():
        if line.nummer and line.id != "sos_112" and places.is_open(line, now):
            open_now.append(f"• {line_text(line.id)}")
    lines = [f"Just nu (klockan {now:%H:%M}) svarar de här:", *open_now]
    lines.append(
        f"Stockholms stads kontaktcenter: {places.linje('kontaktcenter').nummer} – ring dit för att nå socialtjänsten."
    )
    lines.append(
        f"Är det akut, eller är någon i fara: ring {places.linje('sos_112').nummer}. Då når du också socialjouren."
    )
    return Svar("\n".join(lines))


def crisis(kategori: str | None, age: int | None) -> str:
    """The crisis answer: 112 first, then the lines that fit the category and the age."""
    line_ids = kris.linjer_for(kategori or "akut_fara", age)
    lines = [
        "Det du skriver låter allvarligt, och du ska inte behöva vara ensam med det.",
        *(f"• {line_text(line_id)}" for line_id in line_ids),
        "Är du i fara just nu: ring 112 direkt.",
        "Du kan fortsätta skriva här med mig efteråt, om du vill.",
    ]
    return "\n".join(lines)


def rephrase() -> Svar:
    """Not understood: examples of what the bot can read, as buttons."""
    return Svar(
        "Jag förstod inte riktigt. Du kan skriva med egna ord, till exempel: "
        '"jag är 14 och bor i Farsta", "min mamma dricker för mycket" eller "jag har skulder".',
        [("Vilket stöd kan jag få?", "/ask_support"), ("Prata med en människa", "/ask_human")],
    )
