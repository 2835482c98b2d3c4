"""Loading bot/data/lexikon.yml: one function per section, each checked against its format
(documented at the top of lexikon.yml) and against bot/data/fakta.yml, compiled once into a
`Lexikon`. The chat spellings come from bot/data/stavningar.yml (`alla` and `tolkning`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import yaml

from bot.facts import DATA_DIR, vocabulary
from bot.text import TypoIndex, fold, spellings, words
from bot.understanding.lexicon import PLACEHOLDERS, Entry, Lexikon

LEXIKON_PATH = DATA_DIR / "lexikon.yml"

EGEN_ROLES = frozenset({"jag", "vi", "ingen", "objekt_jag", "objekt_jag_okand", "jag_mot_okand"})
SUBJECT_ROLES = frozenset({"jag", "vi", "ingen", "narstaende", "tredje", "alla"})
CONDITIONS = ("kraver", "utom", "efter", "bara_efter", "inte_efter", "inte_fore", "objekt_via", "svar_pa")
ENTRY_KEYS = frozenset({"ord", "exakt", "eget_subjekt", "ignorera_negation", "foraldraroll", *CONDITIONS})
RELATION_PLACEHOLDER = "@relation"  # in inte_fore: "not right before a relation word"
BOOL_WORDS = {"true": True, "false": False}
# alder lists of single words, and the few read as phrases
AGE_WORD_SETS = (
    "enheter",
    "aringar",
    "inte_enheter",
    "inte_fore",
    "varaktighet",
    "efter_varaktighet",
    "kopula",
    "alder_ord",
    "barnord",
    "personord",
    "fore_aring",
    "inte_subjekt",
    "rattelse",
    "rattelse_ord",
    "arsord",
    "varaktighet_modifierare",
    "pa",
    "presens_kopula",
    "dataform_kopula",
    "da_ord",
)
READING_GROUPS = ("avslutat", "fragar_at", "hypotetiskt")
READING_LISTS = ("amnesord", "amnesord_foljs_av", "tror_inte", "forstarkningsord", "varfor_fragor", "omvand_ordfoljd")


class LexikonError(ValueError):
    """lexikon.yml does not follow the format documented at its top."""


def as_list(value: Any) -> list[Any]:
    """A YAML value as a list: None is empty, a single value is a list of one."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def split_phrase(text: str) -> list[str]:
    """Tokens of a lexicon phrase: words and digits; "#" and "$" stay as placeholders."""
    tokens: list[str] = []
    for part in str(text).split():
        if part in PLACEHOLDERS:
            tokens.append(part)
        else:
            tokens.extend(match.group(0) for match in words(part))
    return tokens


class Normaliser:
    """Lexicon words normalised as message words are (NFC, casefold, chat spellings)."""

    def __init__(self, normal: Mapping[str, str]) -> None:
        self.normal = normal

    def word(self, word: Any) -> str:
        low = unicodedata.normalize("NFC", str(word)).casefold()
        return self.normal.get(low, low)

    def phrase(self, text: Any) -> tuple[str, ...]:
        return tuple(token if token in PLACEHOLDERS else self.word(token) for token in split_phrase(str(text)))

    def words(self, values: Any) -> frozenset[str]:
        """Each value normalised as one word."""
        return frozenset(self.word(w) for w in as_list(values))

    def phrases(self, values: Any) -> frozenset[str]:
        """Each value normalised as a phrase, its words joined by spaces."""
        return frozenset(" ".join(self.phrase(v)) for v in as_list(values))


# ----------------------------------------------------------------------------- sections


def normal_table() -> dict[str, str]:
    """The chat spellings the lexicon reader replaces (stavningar.yml `alla` and `tolkning`)."""
    return {str(k).casefold(): str(v).casefold() for k, v in spellings("tolkning").items()}


def parse_value(item: Any, role: str, source: str) -> tuple[str, Any]:
    """'value' or 'fact=value' -> (fact, value), checked against fakta.yml."""
    vocab = vocabulary()
    text = str(item).strip()
    if "=" in text:
        fact_name, raw = (part.strip() for part in text.split("=", 1))
    else:
        if role == "alla":
            raise LexikonError(f"lexikon.yml '{source}': role alla needs fact=value, not '{text}'")
        fact_name = "egen_situation" if role in EGEN_ROLES else "narstaende_situation"
        raw = text
    fact = vocab.get(fact_name)
    if fact is None:
        raise LexikonError(f"lexikon.yml '{source}': unknown fact '{fact_name}'")
    value: Any = raw
    if fact.type == "bool":
        if raw not in BOOL_WORDS:
            raise LexikonError(f"lexikon.yml '{source}': {fact_name} needs true or false, not '{raw}'")
        value = BOOL_WORDS[raw]
    elif fact.type in ("set", "enum"):
        if raw not in fact.values:
            raise LexikonError(f"lexikon.yml '{source}': '{raw}' is not a value of {fact_name}")
    else:
        raise LexikonError(f"lexikon.yml '{source}': {fact_name} ({fact.type}) cannot come from a word")
    return fact_name, value


def relation_entries(raw: Any, norm: Normaliser, relation_values: frozenset[str], via: frozenset[str]) -> list[Entry]:
    """`relationer`: the relation words, each an entry giving that relation."""
    entries: list[Entry] = []
    for relation, spec in (raw or {}).items():
        if relation not in relation_values:
            raise LexikonError(f"lexikon.yml relationer: '{relation}' is not a value of relation")
        for key, possessive in (("ord", False), ("possessiv", True)):
            for word in as_list(spec.get(key)):
                phrase = norm.phrase(word)
                if not phrase:
                    raise LexikonError(f"lexikon.yml relationer.{relation}: empty word")
                entries.append(
                    Entry(
                        phrase=phrase,
                        source=str(word),
                        order=len(entries),
                        relation=relation,
                        possessive=possessive,
                        objekt_via=via,
                    )
                )
    return entries


def _word_orders(phrase: tuple[str, ...], negations: frozenset[str], exact: bool) -> list[tuple[str, ...]]:
    """The phrase, and for "kan inte sova" also the subordinate-clause order "inte kan sova"
    ("att jag inte kan sova", "om man inte har råd"): a verb and its negation swap places."""
    if exact or len(phrase) < 2 or phrase[1] not in negations or phrase[0] in negations | PLACEHOLDERS:
        return [phrase]
    return [phrase, (phrase[1], phrase[0], *phrase[2:])]


def situation_entries(
    raw: Any,
    norm: Normaliser,
    relation_values: frozenset[str],
    swapping: frozenset[str],
    via: frozenset[str],
    first: int,
) -> list[Entry]:
    """`situationer`: phrases with the facts they give by role, and their conditions. `swapping`:
    the negations that swap places with a verb; `first`: the order number of the first entry."""
    role_names = SUBJECT_ROLES | relation_values
    role_names |= {"objekt_jag", "objekt_jag_okand", "jag_mot_okand", "objekt_narstaende"}
    role_names |= {f"objekt_{value}" for value in relation_values}
    entries: list[Entry] = []
    for number, spec in enumerate(raw or []):
        unknown = set(spec) - ENTRY_KEYS - role_names
        if unknown:
            raise LexikonError(f"lexikon.yml situationer[{number}]: unknown keys {sorted(unknown)}")
        source = str(as_list(spec.get("ord"))[:1] or ["?"])
        roles = {
            role: tuple(parse_value(item, role, source) for item in as_list(spec[role]))
            for role in role_names & set(spec)
        }
        if not roles:
            raise LexikonError(f"lexikon.yml situationer[{number}] ({source}): gives no facts")
        exact = bool(spec.get("exakt"))
        conditions = _conditions(spec, norm, via)
        for word in as_list(spec.get("ord")):
            phrase = tuple(split_phrase(str(word))) if exact else norm.phrase(word)
            if not phrase or all(token in PLACEHOLDERS for token in phrase):
                raise LexikonError(f"lexikon.yml situationer[{number}]: empty phrase '{word}'")
            for variant in _word_orders(phrase, swapping, exact):
                entries.append(
                    Entry(
                        phrase=variant,
                        source=str(word),
                        order=first + len(entries),
                        exact=exact,
                        roles=roles,
                        **conditions,
                    )
                )
    return entries


def _conditions(spec: Mapping[str, Any], norm: Normaliser, via: frozenset[str]) -> dict[str, Any]:
    """A situation entry's conditions and flags, as Entry fields."""
    objekt_via = spec.get("objekt_via")
    return {
        "kraver": tuple(norm.phrase(v) for v in as_list(spec.get("kraver"))),
        "utom": norm.phrases(spec.get("utom")),
        "efter": norm.phrases(spec.get("efter")),
        "inte_efter": norm.phrases(spec.get("inte_efter")),
        "bara_efter": norm.phrases(spec.get("bara_efter")) if "bara_efter" in spec else None,
        "own_subject": bool(spec.get("eget_subjekt")),
        "ignore_negation": bool(spec.get("ignorera_negation")),
        "guardian": bool(spec.get("foraldraroll")),
        "inte_fore": frozenset(
            v if v == RELATION_PLACEHOLDER else " ".join(norm.phrase(v)) for v in as_list(spec.get("inte_fore"))
        ),
        "objekt_via": norm.phrases(objekt_via) if objekt_via is not None else via,
        "svar_pa": _answered_facts(spec),
    }


def _answered_facts(spec: Mapping[str, Any]) -> frozenset[str]:
    """`svar_pa`: the facts whose question the phrase answers on its own (known fact names)."""
    names = frozenset(str(name) for name in as_list(spec.get("svar_pa")))
    unknown = names - set(vocabulary())
    if unknown:
        where = as_list(spec.get("ord"))[:1]
        raise LexikonError(f"lexikon.yml situationer ({where}): svar_pa {sorted(unknown)} are no facts")
    return names


def number_words(tal: Mapping[str, Any], norm: Normaliser) -> dict[str, int]:
    """`tal`: every number word up to 199 the parser reads as one word ("sjuttiotvå",
    "etthundratolv"), also without å/ä/ö."""
    units = {norm.word(k): int(v) for k, v in (tal.get("ental") or {}).items()}
    teens = {norm.word(k): int(v) for k, v in (tal.get("tonar") or {}).items()}
    tens = {norm.word(k): int(v) for k, v in (tal.get("tiotal") or {}).items()}
    below_hundred: dict[str, int] = {**units, **teens, **tens}
    for ten, ten_value in tens.items():
        for unit, unit_value in units.items():
            if unit_value:
                below_hundred[ten + unit] = ten_value + unit_value
    numbers = dict(below_hundred)
    for hundred in as_list(tal.get("hundra")):
        numbers[norm.word(hundred)] = 100
        for word, value in below_hundred.items():
            if value and value <= 20 or value in tens.values():
                numbers[norm.word(hundred) + word] = 100 + value
    for word, value in list(numbers.items()):
        numbers.setdefault(fold(word), value)
    return numbers


def age_words(alder: Mapping[str, Any], tal: Mapping[str, Any], norm: Normaliser) -> dict[str, Any]:
    """`alder` (and `tal.bara_fore_enhet`): the words that decide whose age a number is."""
    sets: dict[str, Any] = {key: norm.words(alder.get(key)) for key in AGE_WORD_SETS}
    sets["fyller"] = norm.phrases(alder.get("fyller"))
    sets["bara_fore_enhet"] = norm.words(tal.get("bara_fore_enhet"))
    return {
        **sets,
        "modifierare": {norm.word(k): int(v) for k, v in (alder.get("modifierare") or {}).items()},
        "aldre_fran": int(alder.get("aldre_fran", 65)),
        "adress": tuple(fold(w) for w in as_list(alder.get("adress_slut"))),
    }


def readings(raw: Mapping[str, Any], norm: Normaliser) -> dict[str, frozenset[str]]:
    """`avslutat`, `fragar_at`, `hypotetiskt` (groups, keyed "group.key") and the word lists
    that say a phrase is not the user's situation now, or may stand inside one."""
    found = {
        f"{group}.{key}": norm.words(values)
        for group in READING_GROUPS
        for key, values in (raw.get(group) or {}).items()
    }
    found.update({key: norm.words(raw.get(key)) for key in READING_LISTS})
    return found


def answer_words(svar: Mapping[str, Any], norm: Normaliser, key: str) -> frozenset[str]:
    """`svar.ja` / `svar.nej`: normalised and as typed (casefolded)."""
    return norm.words(svar.get(key)) | frozenset(str(w).casefold() for w in as_list(svar.get(key)))


def _index(entries: Iterable[Entry]) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], set[str]]:
    """Entries by their first word (case-insensitive and exact ones apart), and every word used."""
    by_first: dict[str, list[Entry]] = {}
    exact_by_first: dict[str, list[Entry]] = {}
    vocab_words: set[str] = set()
    for entry in entries:
        target = exact_by_first if entry.exact else by_first
        target.setdefault(entry.phrase[0], []).append(entry)
        if not entry.exact:
            vocab_words |= {token for token in entry.phrase if token not in PLACEHOLDERS}
    return by_first, exact_by_first, vocab_words


# ----------------------------------------------------------------------------- the whole


@lru_cache(maxsize=1)
def lexikon() -> Lexikon:
    """Load, check and compile lexikon.yml once."""
    raw = yaml.safe_load(LEXIKON_PATH.read_text(encoding="utf-8"))
    normal = normal_table()
    norm = Normaliser(normal)
    relation_values = frozenset(vocabulary()["relation"].values)
    via = norm.phrases(raw.get("objekt_via_standard"))
    negations = norm.words(raw.get("negationer"))
    subject_negations = norm.words(raw.get("subjektsnegationer"))
    entries = relation_entries(raw.get("relationer"), norm, relation_values, via)
    # "inte"/"aldrig" swap with the verb before them (not inga/ingen: "har inga vänner")
    entries += situation_entries(
        raw.get("situationer"), norm, relation_values, negations - subject_negations, via, len(entries)
    )
    by_first, exact_by_first, vocab_words = _index(entries)
    by_ascii: dict[str, set[str]] = {}
    for word in vocab_words:
        by_ascii.setdefault(fold(word), set()).add(word)
    tal = raw.get("tal") or {}
    numbers = number_words(tal, norm)
    alder = age_words(raw.get("alder") or {}, tal, norm)
    ja_som_jag = raw.get("ja_som_jag") or {}
    pronouns = {key: norm.words(v) for key, v in (raw.get("pronomen") or {}).items()}
    roller = raw.get("konjunktionsroller") or {}
    lex = Lexikon(
        normal=normal,
        ja_som_jag=norm.words(ja_som_jag.get("fore")),
        ja_words=frozenset(str(w).casefold() for w in as_list(ja_som_jag.get("ord"))),
        ja_means=norm.word(ja_som_jag.get("betyder", "")),
        yes=answer_words(raw.get("svar") or {}, norm, "ja"),
        no=answer_words(raw.get("svar") or {}, norm, "nej"),
        negations=negations,
        subject_negations=subject_negations,
        prepositions=norm.words(raw.get("prepositioner")),
        articles=norm.words(raw.get("artiklar")),
        negation_breakers=norm.words(raw.get("negation_bryts_av")),
        possessives=norm.words(raw.get("possessiva")),
        others_possessives=norm.words(raw.get("andras_possessiva")),
        owning_verbs=norm.words(raw.get("agande_verb")),
        genitive_endings=tuple(str(ending).casefold() for ending in as_list(raw.get("genitiv_slut"))),
        pronouns=pronouns,
        conjunctions=norm.words(raw.get("konjunktioner")),
        coordinating=norm.words(roller.get("samordnande")),
        list_joiners=norm.words(roller.get("i_upprakning")),
        relative=norm.words(roller.get("relativa")),
        att=norm.words(roller.get("att")),
        question_words=norm.words(roller.get("fragande")),
        adverbs=norm.words(raw.get("adverb")),
        protected=frozenset(fold(w) for w in as_list(raw.get("skyddade"))),
        entries=entries,
        by_first=by_first,
        exact_by_first=exact_by_first,
        vocab=frozenset(vocab_words),
        by_ascii={key: frozenset(value) for key, value in by_ascii.items()},
        word_typos=TypoIndex(vocab_words),
        numbers=numbers,
        number_typos=TypoIndex(numbers),
        alder=alder,
        function_words=frozenset(),
        relation_values=relation_values,
        default_object_via=via,
        owners={key: norm.words(v) for key, v in (raw.get("agare") or {}).items()},
        after_object_me=norm.words(raw.get("efter_objekt_jag")),
        object_before=norm.words(raw.get("tredje_som_objekt_fore")),
        readings=readings(raw, norm),
    )
    lex.function_words = function_words(lex)
    return lex


def function_words(lex: Lexikon) -> frozenset[str]:
    """Words that are never typo-corrected to a lexicon word: the grammar words, the spellings
    and the number words."""
    return frozenset(
        set(lex.normal)
        | set(lex.normal.values())
        | lex.conjunctions
        | lex.negations
        | lex.possessives
        | lex.others_possessives
        | lex.adverbs
        | {w for group in lex.pronouns.values() for w in group}
        | lex.ja_som_jag
        | {w for key in ("kopula", "enheter", "inte_enheter", "alder_ord") for w in lex.alder[key]}
        | set(lex.numbers)
    )
