"""Reading facts out of one message: ages, relations, situations and yes/no facts.

The words are data (bot/data/lexikon.yml, documented at its top); this module only matches them.
Places (kommun, stadsdel) and insats names are read elsewhere (bot.places, bot.catalogue).

    extract("ja e 14 å mina föräldrar ha skilt sig")
    -> [Fynd("age", 14, 5, 7, "14"), Fynd("foraldrar_separerade", True, 28, 37, "skilt sig")]

Every value is a fact name and value from bot/data/fakta.yml (checked when the lexicon loads):
str for enum/set facts, int for age and barnets_alder, bool for yes/no facts.

Span conventions (annotated NLU data follows them). Offsets index the ORIGINAL text and
`text == original[start:end]`:

- age, barnets_alder: just the number or number word(s): "14", "fjorton", "sjuttio två", "-5".
  "jag fyller 15" gives age 14 with the span "15" (fyller = not yet that age); "under 18" gives
  17, "nästan 15" and "snart 15" give 14.
- relation: the relation word or phrase without "min/mitt/mina": "mamma", "morsan",
  "mammas kille", "bästa kompis".
- har_barn: with a child word ("min son", "mina barn") the span of that word (the same span as
  its relation); with a child's age and no child word, the number; otherwise the phrase
  ("har barn", "jag är mamma").
- situations and the other facts: the matched lexicon word or phrase ("super", "skilt sig",
  "får inte pengarna att räcka", "med i ett gäng"), including a negation inside it
  ("bor inte ihop"). One phrase can give several facts with the same span: "min son är med i
  ett gäng" gives narstaende_situation=kriminell_livsstil and egen_situation=oro_barnets_umgange
  on "med i ett gäng"; "min sambo slår mig" gives egen utsatt_for_vald and narstaende
  utovar_vald on "slår". The same fact may be found twice ("skulder hos kronofogden").
- Order: facts on one span are listed main fact first. A relation word gives relation, then
  har_barn; a child's age barnets_alder, then har_barn; a phrase gives its values in the order
  the lexicon lists them, which puts first the situation of the person the phrase is about: the
  subject's ("min son är med i ett gäng": narstaende kriminell_livsstil, then egen
  oro_barnets_umgange; "min son har adhd": narstaende funktionsnedsattning_fysisk_sjukdom, then
  egen barn_med_funktionsnedsattning), or the victim's when it has one ("pappa slår mig": egen
  utsatt_for_vald, then narstaende utovar_vald). Rasa's evaluation gives a token one label (the
  first entity on it), so the annotated NLU data names this main fact.
- narstaende_situation=aldre from a relative's age ("mormor är 85", 65 or older): the number.
- a yes/no answer to the question the bot asked (`expecting`): the yes/no word ("ja", "nä").

Readings (the lexicon says which words play which part):

- Whose situation: a phrase belongs to the nearest jag/vi/han/hon/relation word before it in the
  same clause (clauses end at punctuation, emoji, conjunctions such as och, men, att, som and
  question words such as vad, hur; "mamma och pappa", "jag och min son" stay together). A
  mention after a preposition is no subject ("röker på med kompisarna"). A clause without a
  subject takes the previous clause's in the same sentence; a "som" clause takes the relation word before "som"
  ("jag har en bror som knarkar"). Han/hon/de mean the last relation word mentioned before them.
  With no subject at all the phrase is the user's, unless the bot just asked about
  narstaende_situation. The subject picks the value: "pappa super" -> narstaende skadligt_bruk,
  "jag super" -> egen skadligt_bruk, "min man har demens" -> narstaende aldre, "jag har demens"
  -> egen demens, "min son har adhd" -> also egen barn_med_funktionsnedsattning.
- Objects: "pappa slår mamma" -> narstaende vald_i_nara_relation (the victim wins over the
  perpetrator's utovar_vald); "pappa slår mig" -> egen utsatt_for_vald and narstaende
  utovar_vald; "jag slår min fru" -> egen utovar_vald only (the user is not anhörig to their
  own victim); "jag bråkar med min son" -> egen konflikt_med_barnet; "vi bråkar" takes the
  child or partner the message is about.
- A relation word is emitted wherever it is found, except a parent word in a clause that only
  says something about the parents as parents ("mina föräldrar har skilt sig", "får inte för
  mamma"): that is not someone the user worries about. "sin kille", "hennes son" (someone
  else's) are not relations; "man", "kille", "tjej", "barn" are relations only after
  min/mitt/mina/vår (or when the bot asked for the relation). Phrases about the parents as
  guardians who may find out ("kommer mina föräldrar få veta?") count as such a clause.
- Negation: a negation word (inte, aldrig, inga, ingen, slutat, ...) in the 3 words before a
  phrase in the same clause, right after it ("mamma dricker inte"), inside a phrase of two or
  more words ("bor inte ihop"), or a clause that starts with ingen/inga ("ingen i min familj
  dricker") negates it: situations and other values are dropped, yes/no facts are flipped
  ("mina föräldrar är inte skilda" -> foraldrar_separerade=False, "har aldrig bott ihop" ->
  True). A negation followed by hur/vad/om/... negates the knowing, not the phrase ("vet inte
  hur man swishar", "vet inte om mamma dricker" both keep the phrase). Fears said with an
  infinitive keep it too ("jag vill inte dras in i kriminalitet" is risk_kriminalitet: the lexicon
  marks such phrases ignorera_negation), and so does "kan inte sluta dricka". A negated subject
  ("det är inte jag som super") and "tror inte att ..." negate as well. This is a window, not a parse.
- Not the user's situation now (lexikon `avslutat`, `hypotetiskt`, `amnesord`, `fragar_at`): past
  and over ("jag drack förut", "jag var hemlös men nu har jag en lägenhet"), hypothetical ("om jag
  skulle bli vräkt", "ifall ..."), a topic ("ett skolarbete om missbruk") give nothing; a message
  that asks for someone else ("frågar åt min kompis") gives its subjectless phrases to them.
  Idioms are lexicon conditions ("död trött", "dog nästan", "orkar inte vänta"). Intensifiers may
  stand inside a phrase ("mår så jävla dåligt") when no shorter phrase matches inside it.
- Ages: a number is an age only with a cue: "jag är 14", "ja e 16", "14 år", "14 bast",
  "fyller 15", "jag (13)", "jag är tjej och 14", a number first in the message, or the bot having
  asked for it (`expecting` age or barnets_alder). Its owner is the subject as above: the user
  -> age; the user's child ("min son är 7", "barn på 5 år", "en 3-åring", "mina barn är 4 och
  7", "han är 7" when no other person is named and the child is at most 12) -> barnets_alder
  (and har_barn); anyone else ("mamma är 45") -> nothing, or aldre from 65. Phone numbers and
  other digit groups ("116 111", "070-123 45 67", "15 000"), clock times ("kl 15", "15:30"),
  counts, amounts and units ("2 gånger", "500 kr", "10 stödsamtal", "14 veckor"), durations
  ("i 3 år", "2 år sedan"), addresses and numbers of four or more digits (years) are never ages.
  An impossible age said as an age ("jag är 300 år", "jag är -5") IS emitted with its int value:
  bot.facts rejects it and the bot answers kindly that it looks wrong. "jag är född 2010" is not
  read (no year arithmetic).
- Typos: a word typed without å/ä/ö matches ("foraldrar"); a word of 6+ letters also matches a
  lexicon word of 6+ letters one plausible slip away (Damerau-Levenshtein distance 1: a letter
  missing, extra or swapped with its neighbour, or a neighbouring key; same first letter) when
  exactly one lexicon word is that close and the typed word is not a known ordinary word
  (lexikon.yml `skyddade`): "kronofogen", "skuler", "fjortom". "vänder" is not "vänner" (d and n
  are far apart). Short words are never fuzzy. Runs of a letter and doubled vowels are squeezed
  ("jaaaa", "såå", "skiilda").
- Corrections: "hon är inte 8 utan 9", "oops menade 12", "nej, tretton", "ändra åldern till 14"
  give the corrected number; a number right after a negation is not read ("fjorton inte fyrtio").
- Not read on purpose: "vilket stöd kan jag få?" gives no vill_ha_vagledning (that would close
  egen_situation); only explicit phrases such as "vet inte vart jag ska vända mig" do.
- Only the first 2 000 characters are read; HTML tags and control characters count as spaces.
  extract never raises: on an unexpected error it returns an empty list (`read` is the same
  without that guard, for tests).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import yaml

from bot.facts import DATA_DIR, vocabulary
from bot.text import fold

MAX_CHARS = 2000
LEXIKON_PATH = DATA_DIR / "lexikon.yml"

# Facts about the user's parents: a parent word in a clause that only says these is not "the
# person the user worries about" ("mina föräldrar har skilt sig" gives no relation).
PARENT_STATUS_FACTS = frozenset({"foraldrar_separerade", "foraldrar_i_konflikt", "vardnadshavare_samtycke"})
# A lexicon phrase marked `foraldraroll` ("få veta", "få reda på") after a parent word in its clause
# says something about the parents as guardians without giving a fact: it counts as a
# parent-status fact for that rule.
GUARDIAN = "@foraldraroll"
PARENT_RELATIONS = frozenset({"foralder", "styvforalder"})
EGEN_ROLES = frozenset({"jag", "vi", "ingen", "objekt_jag"})
SUBJECT_ROLES = frozenset({"jag", "vi", "ingen", "narstaende", "tredje", "alla"})
CONDITIONS = ("kraver", "utom", "efter", "bara_efter", "inte_efter", "inte_fore", "objekt_via")
ENTRY_KEYS = frozenset({"ord", "exakt", "eget_subjekt", "ignorera_negation", "foraldraroll", *CONDITIONS})
MIN_FUZZY = 6  # lexicon words at least this long tolerate one typo
NEGATION_WINDOW = 3
EFTER_WINDOW = 4
OBJECT_REACH = 5
DEFAULT_OBJECT_VIA = frozenset({"", "på", "till", "mot"})  # the lexicon's documented default
BOOL_WORDS = {"true": True, "false": False}
AGE_FACTS = ("age", "barnets_alder")
OLD_RELATIVE = "aldre"  # a relative's age at or above alder.aldre_fran: narstaende_situation aldre
CHILD_AGE_ALONE = 12  # "han är 7" with nobody named: a child up to this age
CHILD_AGE_MAX = 26

_TAG = re.compile(r"<[^<>]{0,200}>")
_WORD = re.compile(r"\d+|(?:[^\W\d_]|[\u0300-\u036f])+")
_RUN = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLE = re.compile(r"([aeiouyåäöé])\1+")  # doubled vowels are rare in Swedish ("såå", "skiilda")
_SENTENCE_CHARS = frozenset(".!?;\n\r…")
_SOFT_CHARS = frozenset(',:()[]{}/\\–—"“”«»*|•')
_DIGIT_GROUP_GAP = re.compile(r"^(?: {1,2}|[-.:/,+]| - )$")


class LexikonError(ValueError):
    """lexikon.yml does not follow the format documented at its top."""


@dataclass(frozen=True)
class Fynd:
    """One fact found in a message, with character offsets into the original text."""

    entity: str
    value: str | int | bool
    start: int
    end: int
    text: str


# ----------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class _Entry:
    """One lexicon phrase with what it gives."""

    phrase: tuple[str, ...]
    source: str
    order: int
    relation: str | None = None
    possessive: bool = False
    exact: bool = False
    roles: Mapping[str, tuple[tuple[str, Any], ...]] = field(default_factory=dict)
    kraver: tuple[tuple[str, ...], ...] = ()
    utom: frozenset[str] = frozenset()
    efter: frozenset[str] = frozenset()
    inte_efter: frozenset[str] = frozenset()
    bara_efter: frozenset[str] | None = None
    own_subject: bool = False
    ignore_negation: bool = False
    guardian: bool = False
    inte_fore: frozenset[str] = frozenset()
    objekt_via: frozenset[str] = DEFAULT_OBJECT_VIA

    @cached_property
    def has_objects(self) -> bool:
        """Whether the phrase takes an object ("slår mig", "bråkar med min son")."""
        return any(key.startswith("objekt_") for key in self.roles)

    @cached_property
    def words(self) -> int:
        """How many real words the phrase has (for longest-match)."""
        return sum(1 for token in self.phrase if token != "$")


@dataclass
class _Lexikon:
    """The compiled lexicon: normalisation, word classes, entries and number words."""

    normal: dict[str, str]
    ja_som_jag: frozenset[str]
    yes: frozenset[str]
    no: frozenset[str]
    negations: frozenset[str]
    subject_negations: frozenset[str]
    prepositions: frozenset[str]
    articles: frozenset[str]
    negation_breakers: frozenset[str]
    possessives: frozenset[str]
    others_possessives: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    conjunctions: frozenset[str]
    adverbs: frozenset[str]
    protected: frozenset[str]
    entries: list[_Entry]
    by_first: dict[str, list[_Entry]]
    exact_by_first: dict[str, list[_Entry]]
    vocab: frozenset[str]
    by_ascii: dict[str, frozenset[str]]
    fuzzy_raw: dict[str, set[str]]
    numbers: dict[str, int]
    number_fuzzy_index: dict[str, set[str]]
    alder: dict[str, Any]
    function_words: frozenset[str]
    relation_values: frozenset[str]
    owners: dict[str, frozenset[str]] = field(default_factory=dict)
    after_object_me: frozenset[str] = frozenset()
    object_before: frozenset[str] = frozenset()
    readings: dict[str, frozenset[str]] = field(default_factory=dict)
    cache: dict[str, frozenset[str]] = field(default_factory=dict)
    number_cache: dict[str, int | None] = field(default_factory=dict)
    start_cache: dict[tuple[str, str, bool], tuple[_Entry, ...]] = field(default_factory=dict)

    def candidates(self, norm: str) -> frozenset[str]:
        """The lexicon words a normalised text word can stand for (exact, without å/ä/ö, typo)."""
        found = self.cache.get(norm)
        if found is None:
            found = self._exact(norm)
            if not found and not norm.isdigit() and norm not in self.function_words:
                # "jaaa", "mååår", "skiilda": squeezed repeats, then one typo
                squeezed = [_RUN.sub(r"\1", norm), _RUN.sub(r"\1\1", norm), _DOUBLE.sub(r"\1", norm)]
                for variant in squeezed:
                    found = found or (self._exact(variant) if variant != norm else frozenset())
                found = found or self._typo(norm)
            if len(self.cache) > 50_000:
                self.cache.clear()
            self.cache[norm] = found
        return found

    def starting_with(self, norm: str, raw: str, number: bool) -> tuple[_Entry, ...]:
        """The entries a text word can start (`number`: it is a digit or number word), longest
        first, then in lexicon order: the order longest-match tries them in."""
        key = (norm, raw, number)
        found = self.start_cache.get(key)
        if found is None:
            options = [e for c in self.candidates(norm) for e in self.by_first.get(c, ())]
            options += self.exact_by_first.get(raw, [])
            if number:
                options += self.by_first.get("#", [])
            found = tuple(sorted(options, key=lambda e: (-e.words, e.order)))
            if len(self.start_cache) > 50_000:
                self.start_cache.clear()
            self.start_cache[key] = found
        return found

    def _exact(self, norm: str) -> frozenset[str]:
        """The word itself, or the lexicon words it is when typed without å/ä/ö."""
        found: set[str] = set()
        if norm in self.vocab:
            found.add(norm)
        if norm.isascii():
            found |= self.by_ascii.get(norm, frozenset())
        return frozenset(found)

    def _typo(self, norm: str) -> frozenset[str]:
        """The one lexicon word within one edit, if exactly one is (same first letter, 6+ letters).

        A word typed with å/ä/ö is compared as typed; a word in plain ASCII is compared with the
        lexicon words' ASCII forms (the writer may have no Swedish keyboard).
        """
        plain = fold(norm)
        if len(plain) < MIN_FUZZY or plain in self.protected or norm in self.function_words:
            return frozenset()
        if norm.isascii():
            # only ASCII lexicon words: "vinner" is not "vänner" with a typo on top of a missing ä
            close = {word for word in _close_words(norm, self.fuzzy_raw) if word[0] == norm[0] and word.isascii()}
            return frozenset(close) if len(close) == 1 else frozenset()
        close = {word for word in _close_words(norm, self.fuzzy_raw) if fold(word[0]) == plain[0]}
        forms = {fold(word) for word in close}
        return frozenset(close) if len(forms) == 1 else frozenset()

    def number(self, norm: str) -> int | None:
        """The value of a Swedish number word (typos of 6+ letter words tolerated)."""
        if norm not in self.number_cache:
            if len(self.number_cache) > 50_000:
                self.number_cache.clear()
            self.number_cache[norm] = self._number(norm)
        return self.number_cache[norm]

    def _number(self, norm: str) -> int | None:
        if norm in self.numbers:
            return self.numbers[norm]
        plain = fold(_RUN.sub(r"\1", norm))
        if plain in self.numbers:
            return self.numbers[plain]
        if len(plain) < MIN_FUZZY or plain in self.protected or norm in self.vocab:
            return None
        close = {word for word in _close_words(plain, self.number_fuzzy_index) if word[0] == plain[0]}
        values = {self.numbers[word] for word in close}
        return values.pop() if len(values) == 1 else None


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if a == b:
        return 0
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


_KEYBOARD = ("qwertyuiopå", "asdfghjklöä", "zxcvbnm")
_KEY_POSITION = {
    key: (column + offset, row)
    for row, (keys, offset) in enumerate(zip(_KEYBOARD, (0.0, 0.25, 0.75), strict=True))
    for column, key in enumerate(keys)
}
_SAME_KEY = {"å": "a", "ä": "a", "ö": "o", "é": "e"}


def _near_keys(a: str, b: str) -> bool:
    """Two letters a writer could swap by mistake: neighbours on a Swedish keyboard, or a/å/ä."""
    if _SAME_KEY.get(a, a) == _SAME_KEY.get(b, b):
        return True
    if a not in _KEY_POSITION or b not in _KEY_POSITION:
        return False
    (xa, ya), (xb, yb) = _KEY_POSITION[a], _KEY_POSITION[b]
    return ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 < 1.3


def _typo_of(typed: str, word: str) -> bool:
    """One plausible typo: a letter missing, extra or swapped with its neighbour, or a near key.

    "vänder" is not a typo of "vänner" (d and n are far apart): a real word, not a slip.
    """
    if damerau_levenshtein(typed, word) != 1:
        return False
    if len(typed) != len(word):
        return True
    diff = [i for i, (x, y) in enumerate(zip(typed, word, strict=True)) if x != y]
    return len(diff) == 2 or _near_keys(typed[diff[0]], word[diff[0]])


def _close_words(plain: str, index: Mapping[str, set[str]]) -> set[str]:
    """Indexed words one plausible typo from `plain` (deletion-neighbourhood lookup, then verified)."""
    seen: set[str] = set()
    for key in _deletions(plain):
        seen |= index.get(key, set())
    return {word for word in seen if _typo_of(plain, word)}


def _fuzzy_index(words: Iterable[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= MIN_FUZZY:
            for key in _deletions(word):
                index.setdefault(key, set()).add(word)
    return index


def _split_words(text: str) -> list[str]:
    """Tokens of a lexicon phrase: words and digits; "#" and "$" stay as placeholders."""
    tokens: list[str] = []
    for part in str(text).split():
        if part in ("#", "$"):
            tokens.append(part)
        else:
            tokens.extend(match.group(0) for match in _WORD.finditer(part))
    return tokens


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _parse_value(item: Any, role: str, source: str) -> tuple[str, Any]:
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


def _word_orders(phrase: tuple[str, ...], negations: frozenset[str], exact: bool) -> list[tuple[str, ...]]:
    """The phrase, and for "kan inte sova" also the subordinate-clause order "inte kan sova"
    ("att jag inte kan sova", "om man inte har råd"): a verb and its negation swap places."""
    if exact or len(phrase) < 2 or phrase[1] not in negations or phrase[0] in negations | {"#", "$"}:
        return [phrase]
    return [phrase, (phrase[1], phrase[0], *phrase[2:])]


@lru_cache(maxsize=1)
def lexikon() -> _Lexikon:
    """Load, check and compile lexikon.yml once."""
    raw = yaml.safe_load(LEXIKON_PATH.read_text(encoding="utf-8"))
    normal = {str(k).casefold(): str(v).casefold() for k, v in (raw.get("normalisering") or {}).items()}

    def norm_word(word: str) -> str:
        low = unicodedata.normalize("NFC", str(word)).casefold()
        return normal.get(low, low)

    def norm_phrase(text: Any) -> tuple[str, ...]:
        return tuple(token if token in ("#", "$") else norm_word(token) for token in _split_words(str(text)))

    def word_set(values: Any) -> frozenset[str]:
        return frozenset(" ".join(norm_phrase(v)) for v in _as_list(values))

    relation_values = frozenset(vocabulary()["relation"].values)
    # "inte"/"aldrig" swap with the verb before them (not inga/ingen: "har inga vänner")
    negation_words = frozenset(norm_word(w) for w in _as_list(raw.get("negationer"))) - frozenset(
        norm_word(w) for w in _as_list(raw.get("subjektsnegationer"))
    )
    entries: list[_Entry] = []
    for relation, spec in (raw.get("relationer") or {}).items():
        if relation not in relation_values:
            raise LexikonError(f"lexikon.yml relationer: '{relation}' is not a value of relation")
        for key, possessive in (("ord", False), ("possessiv", True)):
            for word in _as_list(spec.get(key)):
                phrase = norm_phrase(word)
                if not phrase:
                    raise LexikonError(f"lexikon.yml relationer.{relation}: empty word")
                entries.append(
                    _Entry(
                        phrase=phrase, source=str(word), order=len(entries), relation=relation, possessive=possessive
                    )
                )
    role_names = SUBJECT_ROLES | relation_values
    role_names |= {"objekt_jag", "objekt_narstaende"} | {f"objekt_{value}" for value in relation_values}
    for number, spec in enumerate(raw.get("situationer") or []):
        unknown = set(spec) - ENTRY_KEYS - role_names
        if unknown:
            raise LexikonError(f"lexikon.yml situationer[{number}]: unknown keys {sorted(unknown)}")
        roles: dict[str, tuple[tuple[str, Any], ...]] = {}
        first = str(_as_list(spec.get("ord"))[:1] or ["?"])
        for role in role_names & set(spec):
            roles[role] = tuple(_parse_value(item, role, first) for item in _as_list(spec[role]))
        if not roles:
            raise LexikonError(f"lexikon.yml situationer[{number}] ({first}): gives no facts")
        exact = bool(spec.get("exakt"))
        via = spec.get("objekt_via")
        for word in _as_list(spec.get("ord")):
            phrase = tuple(_split_words(str(word))) if exact else norm_phrase(word)
            if not phrase or all(token in ("#", "$") for token in phrase):
                raise LexikonError(f"lexikon.yml situationer[{number}]: empty phrase '{word}'")
            for variant in _word_orders(phrase, negation_words, exact):
                entries.append(
                    _Entry(
                        phrase=variant,
                        source=str(word),
                        order=len(entries),
                        exact=exact,
                        roles=roles,
                        kraver=tuple(norm_phrase(v) for v in _as_list(spec.get("kraver"))),
                        utom=word_set(spec.get("utom")),
                        efter=word_set(spec.get("efter")),
                        inte_efter=word_set(spec.get("inte_efter")),
                        bara_efter=word_set(spec.get("bara_efter")) if "bara_efter" in spec else None,
                        own_subject=bool(spec.get("eget_subjekt")),
                        ignore_negation=bool(spec.get("ignorera_negation")),
                        guardian=bool(spec.get("foraldraroll")),
                        inte_fore=frozenset(
                            v if v == "@relation" else " ".join(norm_phrase(v)) for v in _as_list(spec.get("inte_fore"))
                        ),
                        objekt_via=frozenset(" ".join(norm_phrase(v)) for v in via)
                        if via is not None
                        else DEFAULT_OBJECT_VIA,
                    )
                )
    by_first: dict[str, list[_Entry]] = {}
    exact_by_first: dict[str, list[_Entry]] = {}
    vocab_words: set[str] = set()
    for entry in entries:
        target = exact_by_first if entry.exact else by_first
        target.setdefault(entry.phrase[0], []).append(entry)
        if not entry.exact:
            vocab_words |= {token for token in entry.phrase if token not in ("#", "$")}
    by_ascii: dict[str, set[str]] = {}
    for word in vocab_words:
        by_ascii.setdefault(fold(word), set()).add(word)

    tal = raw.get("tal") or {}
    numbers: dict[str, int] = {}
    units = {norm_word(k): int(v) for k, v in (tal.get("ental") or {}).items()}
    teens = {norm_word(k): int(v) for k, v in (tal.get("tonar") or {}).items()}
    tens = {norm_word(k): int(v) for k, v in (tal.get("tiotal") or {}).items()}
    below_hundred: dict[str, int] = {**units, **teens, **tens}
    for ten, ten_value in tens.items():
        for unit, unit_value in units.items():
            if unit_value:
                below_hundred[ten + unit] = ten_value + unit_value
    for word, value in below_hundred.items():
        numbers[word] = value
    for hundred in _as_list(tal.get("hundra")):
        numbers[norm_word(hundred)] = 100
        for word, value in below_hundred.items():
            if value and value <= 20 or value in tens.values():
                numbers[norm_word(hundred) + word] = 100 + value
    for word, value in list(numbers.items()):
        numbers.setdefault(fold(word), value)

    pronouns = {key: frozenset(norm_word(w) for w in _as_list(v)) for key, v in (raw.get("pronomen") or {}).items()}
    alder = dict(raw.get("alder") or {})
    alder_sets = {
        key: frozenset(norm_word(w) for w in _as_list(alder.get(key)))
        for key in (
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
        )
    }
    alder_sets["fyller"] = frozenset(" ".join(norm_phrase(w)) for w in _as_list(alder.get("fyller")))
    alder_sets["bara_fore_enhet"] = frozenset(norm_word(w) for w in _as_list(tal.get("bara_fore_enhet")))
    modifiers = {norm_word(k): int(v) for k, v in (alder.get("modifierare") or {}).items()}
    alder_sets["fore_aring"] = frozenset(norm_word(w) for w in _as_list(alder.get("fore_aring")))
    alder_sets["inte_subjekt"] = frozenset(norm_word(w) for w in _as_list(alder.get("inte_subjekt")))
    alder_sets["rattelse"] = frozenset(norm_word(w) for w in _as_list(alder.get("rattelse")))
    alder_sets["rattelse_ord"] = frozenset(norm_word(w) for w in _as_list(alder.get("rattelse_ord")))
    alder_sets["arsord"] = frozenset(norm_word(w) for w in _as_list(alder.get("arsord")))
    address = tuple(fold(w) for w in _as_list(alder.get("adress_slut")))
    svar = raw.get("svar") or {}
    conjunctions = frozenset(norm_word(w) for w in _as_list(raw.get("konjunktioner")))
    negations = frozenset(norm_word(w) for w in _as_list(raw.get("negationer")))
    possessives = frozenset(norm_word(w) for w in _as_list(raw.get("possessiva")))
    others_possessives = frozenset(norm_word(w) for w in _as_list(raw.get("andras_possessiva")))
    adverbs = frozenset(norm_word(w) for w in _as_list(raw.get("adverb")))
    function_words = frozenset(
        set(normal)
        | set(normal.values())
        | conjunctions
        | negations
        | possessives
        | others_possessives
        | adverbs
        | {w for group in pronouns.values() for w in group}
        | {norm_word(w) for w in _as_list(raw.get("ja_som_jag"))}
        | {w for key in ("kopula", "enheter", "inte_enheter", "alder_ord") for w in alder_sets[key]}
        | set(numbers)
    )
    return _Lexikon(
        normal=normal,
        ja_som_jag=frozenset(norm_word(w) for w in _as_list(raw.get("ja_som_jag"))),
        yes=frozenset(norm_word(w) for w in _as_list(svar.get("ja")))
        | frozenset(str(w).casefold() for w in _as_list(svar.get("ja"))),
        no=frozenset(norm_word(w) for w in _as_list(svar.get("nej")))
        | frozenset(str(w).casefold() for w in _as_list(svar.get("nej"))),
        negations=negations,
        subject_negations=frozenset(norm_word(w) for w in _as_list(raw.get("subjektsnegationer"))),
        prepositions=frozenset(norm_word(w) for w in _as_list(raw.get("prepositioner"))),
        articles=frozenset(norm_word(w) for w in _as_list(raw.get("artiklar"))),
        negation_breakers=frozenset(norm_word(w) for w in _as_list(raw.get("negation_bryts_av"))),
        possessives=possessives,
        others_possessives=others_possessives,
        pronouns=pronouns,
        conjunctions=conjunctions,
        adverbs=adverbs,
        protected=frozenset(fold(w) for w in _as_list(raw.get("skyddade"))),
        entries=entries,
        by_first=by_first,
        exact_by_first=exact_by_first,
        vocab=frozenset(vocab_words),
        by_ascii={key: frozenset(value) for key, value in by_ascii.items()},
        fuzzy_raw=_fuzzy_index(vocab_words),
        numbers=numbers,
        number_fuzzy_index=_fuzzy_index(numbers),
        alder={
            **alder_sets,
            "modifierare": modifiers,
            "aldre_fran": int(alder.get("aldre_fran", 65)),
            "adress": address,
        },
        function_words=function_words,
        relation_values=relation_values,
        owners={key: frozenset(norm_word(w) for w in _as_list(v)) for key, v in (raw.get("agare") or {}).items()},
        after_object_me=frozenset(norm_word(w) for w in _as_list(raw.get("efter_objekt_jag"))),
        object_before=frozenset(norm_word(w) for w in _as_list(raw.get("tredje_som_objekt_fore"))),
        readings={
            **{
                f"avslutat.{key}": frozenset(norm_word(w) for w in _as_list(v))
                for key, v in (raw.get("avslutat") or {}).items()
            },
            **{
                f"fragar_at.{key}": frozenset(norm_word(w) for w in _as_list(v))
                for key, v in (raw.get("fragar_at") or {}).items()
            },
            "amnesord": frozenset(norm_word(w) for w in _as_list(raw.get("amnesord"))),
            **{
                f"hypotetiskt.{key}": frozenset(norm_word(w) for w in _as_list(v))
                for key, v in (raw.get("hypotetiskt") or {}).items()
            },
            "tror_inte": frozenset(norm_word(w) for w in _as_list(raw.get("tror_inte"))),
            "forstarkningsord": frozenset(norm_word(w) for w in _as_list(raw.get("forstarkningsord"))),
        },
    )


# ----------------------------------------------------------------------------- one message


@dataclass
class _Tok:
    start: int
    end: int
    raw: str
    low: str
    norm: str
    digit: bool
    sent: int
    soft: bool  # a comma, colon, parenthesis, ... before this token (a clause break)


@dataclass
class _Match:
    entry: _Entry
    first: int  # token indices [first, last)
    last: int
    negated: bool


@dataclass(frozen=True)
class _Subj:
    kind: str  # jag | vi | rel | tredje | ingen
    relation: str | None = None
    first: int = -1  # token span of the mention itself (the pronoun for a resolved han/hon)
    last: int = -1
    ref: int | None = None  # first token of the relation word it is or refers to
    context: str | None = None  # for vi: the relation of the other person ("jag och min son")


_INGEN = _Subj("ingen")
_END_ONLY = frozenset({"$"})  # no next word in the clause: only a "$" (clause end) can come second


@dataclass
class _Clause:
    first: int
    last: int  # exclusive
    sent: int
    opener: str | None
    antecedent: _Subj | None
    subject: _Subj | None = None


def _clean(text: str) -> str:
    """Same length as text: HTML tags, control and format characters become spaces."""
    if "<" not in text and text.isprintable():
        return text  # the usual message: nothing to blank out (control characters are not printable)
    chars = list(text)
    for tag in _TAG.finditer(text):
        chars[tag.start() : tag.end()] = " " * (tag.end() - tag.start())
    for index, char in enumerate(chars):
        if char not in "\n\t" and unicodedata.category(char)[0] == "C":
            chars[index] = " "
    return "".join(chars)


@lru_cache(maxsize=1024)
def _gap_kind(gap: str) -> str:
    """'sentence', 'soft' or '' for the characters between two tokens."""
    if any(char in _SENTENCE_CHARS or unicodedata.category(char) == "So" for char in gap):
        return "sentence"
    if any(char in _SOFT_CHARS or unicodedata.category(char) == "Sm" for char in gap) or " - " in gap:
        return "soft"
    return ""


class _Reader:
    """Everything extracted from one message; built once per call."""

    def __init__(self, text: str, expecting: str | None) -> None:
        self.text = text
        self.expecting = expecting
        self.lex = lexikon()
        self.toks = self._tokenize(_clean(text))
        self.matches: list[_Match] = []
        self.covered: dict[int, _Match] = {}
        self.found: list[Fynd] = []
        self._sentences: dict[int, list[str]] = {}
        self._linked: list[tuple[_Match, int | None]] = []
        self.for_other = False  # "frågar åt min kompis": subjectless situations are not the user's

    # -- tokens ---------------------------------------------------------------------------

    def _tokenize(self, cleaned: str) -> list[_Tok]:
        toks: list[_Tok] = []
        sent = 0
        previous_end = 0
        for word in _WORD.finditer(cleaned):
            kind = _gap_kind(cleaned[previous_end : word.start()]) if toks else ""
            if kind == "sentence":
                sent += 1
            raw = unicodedata.normalize("NFC", self.text[word.start() : word.end()])
            low = raw.casefold()
            toks.append(
                _Tok(
                    word.start(),
                    word.end(),
                    raw,
                    low,
                    self.lex.normal.get(low, low),
                    low.isdecimal(),
                    sent,
                    kind == "soft",
                )
            )
            previous_end = word.end()
        for index, tok in enumerate(toks):
            if tok.low == "ja" and index + 1 < len(toks):
                after = toks[index + 1]
                if after.sent == tok.sent and not after.soft and after.norm in self.lex.ja_som_jag:
                    tok.norm = "jag"
        return toks

    def sentence_words(self, sent: int) -> list[str]:
        if sent not in self._sentences:
            self._sentences[sent] = [tok.norm for tok in self.toks if tok.sent == sent]
        return self._sentences[sent]

    def same_sentence(self, a: int, b: int) -> bool:
        return 0 <= a < len(self.toks) and 0 <= b < len(self.toks) and self.toks[a].sent == self.toks[b].sent

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.toks[first].start, self.toks[last - 1].end

    def emit(self, entity: str, value: Any, start: int, end: int) -> None:
        self.found.append(Fynd(entity, value, start, end, self.text[start:end]))

    # -- lexicon matching -------------------------------------------------------------------

    def _token_is(self, pattern: str, tok: _Tok, exact: bool) -> bool:
        if pattern == "#":
            return (tok.digit and len(tok.low) <= 3) or self.lex.number(tok.norm) is not None
        if exact:
            return tok.raw == pattern
        return pattern in self.lex.candidates(tok.norm)

    def _clause_ends_before(self, index: int) -> bool:
        if index >= len(self.toks):
            return True
        tok = self.toks[index]
        return tok.sent != self.toks[index - 1].sent or tok.soft or tok.norm in self.lex.conjunctions

    def _try(self, entry: _Entry, first: int, skip: bool = False) -> _Match | None:
        index, k, negated, skipped = first, 0, False, 0
        phrase, toks = entry.phrase, self.toks
        sent = toks[first].sent
        intensifiers = self.lex.readings.get("forstarkningsord", frozenset()) if skip else frozenset()
        while k < len(phrase):
            pattern = phrase[k]
            if pattern == "$":
                if index == first or not self._clause_ends_before(index):
                    return None
                k += 1
                continue
            if index >= len(toks) or toks[index].sent != sent or (index > first and toks[index].soft):
                return None
            tok = toks[index]
            if self._token_is(pattern, tok, entry.exact):
                k, index = k + 1, index + 1
                continue
            if k > 0 and not negated and entry.words >= 2 and tok.norm in self.lex.negations:
                negated, index = True, index + 1
                continue
            if k > 0 and skipped < 2 and tok.norm in intensifiers:
                skipped, index = skipped + 1, index + 1  # "mår så jävla dåligt"
                continue
            return None
        return _Match(entry, first, index, negated)

    def _conditions_hold(self, match: _Match) -> bool:
        entry, toks = match.entry, self.toks
        sentence = self.sentence_words(toks[match.first].sent)
        if entry.kraver and not any(_contains(sentence, words) for words in entry.kraver):
            return False
        if entry.utom and entry.utom & set(sentence):
            return False
        before = match.first - 1
        right_after = self.same_sentence(before, match.first) and not toks[match.first].soft
        if entry.inte_efter and right_after and toks[before].norm in entry.inte_efter:
            return False
        if entry.bara_efter is not None and right_after and toks[before].norm not in entry.bara_efter:
            return False  # "som pappa" only first in a clause or after jag/är/och
        after = match.last
        if entry.inte_fore and self.same_sentence(after, match.first) and not toks[after].soft:
            if toks[after].norm in entry.inte_fore:
                return False
            if "@relation" in entry.inte_fore and self._relation_starts_at(after):
                return False
        if entry.efter:
            window = [
                toks[i].norm
                for i in range(max(0, match.first - EFTER_WINDOW), match.first)
                if self.same_sentence(i, match.first)
            ]
            if not entry.efter & set(window):
                return False
        if entry.possessive and not self._possessive_before(match.first):
            return False
        if entry.relation and self.same_sentence(before, match.first) and not toks[match.first].soft:
            if toks[before].norm in self.lex.others_possessives:
                return False  # "sin kille", "hennes son": not the user's relation
            previous = before - 1 if toks[before].norm in self.lex.possessives else before
            if self.same_sentence(previous, match.first) and toks[previous].norm in self.lex.negations:
                earlier = previous - 1
                if toks[previous].soft or not self.same_sentence(earlier, previous) or self.relation_at(earlier):
                    return False  # "det var min syster, inte min bror"
        return True

    def _relation_starts_at(self, index: int) -> bool:
        tok = self.toks[index]
        return any(
            entry.relation and not entry.possessive and self._try(entry, index)
            for candidate in self.lex.candidates(tok.norm)
            for entry in self.lex.by_first.get(candidate, ())
        )

    def _possessive_before(self, index: int) -> bool:
        if self.expecting == "relation":
            return True
        before = index - 1
        if not self.same_sentence(before, index) or self.toks[index].soft:
            return False
        tok = self.toks[before]
        if tok.norm in self.lex.possessives:
            return True
        if (
            tok.norm in self.lex.articles
            and self.same_sentence(before - 1, index)
            and self.toks[before - 1].norm == "har"
        ):
            return True
        match = self.covered.get(before)
        return bool(match and match.entry.relation and tok.low.endswith("s"))

    def _best_at(self, index: int, skip: bool) -> _Match | None:
        """The longest phrase starting at token index (`skip`: intensifiers may stand inside)."""
        tok = self.toks[index]
        options = self.lex.starting_with(tok.norm, tok.raw, tok.digit or self.lex.number(tok.norm) is not None)
        if not options:
            return None
        second = self._second_patterns(index, skip)
        best: _Match | None = None
        for entry in options:
            if best is not None and entry.words < best.entry.words:
                break
            if second is not None and len(entry.phrase) > 1 and entry.phrase[1] not in second:
                continue  # cannot match: the next word is not its second word
            match = self._try(entry, index, skip)
            if match is None or not self._conditions_hold(match):
                continue
            if best is None or (best.negated and not match.negated):
                best = match
        return best

    def _second_patterns(self, first: int, skip: bool) -> frozenset[str] | None:
        """The second patterns a phrase starting at token `first` may have and still match (a
        superset, to skip hopeless phrases before `_try`); None when anything may (the next word
        is a negation or, with `skip`, an intensifier, which a phrase may have inside it).
        Keep in step with `_try`: a phrase this rules out must be one `_try` rejects."""
        following = first + 1
        toks = self.toks
        if following >= len(toks) or toks[following].sent != toks[first].sent or toks[following].soft:
            return _END_ONLY
        tok = toks[following]
        if tok.norm in self.lex.negations:
            return None
        if skip and tok.norm in self.lex.readings.get("forstarkningsord", frozenset()):
            return None
        number = tok.digit or self.lex.number(tok.norm) is not None
        return self.lex.candidates(tok.norm) | {tok.raw, "$", *(("#",) if number else ())}

    def match_lexicon(self) -> None:
        intensifiers = self.lex.readings.get("forstarkningsord", frozenset())
        # a phrase can only stretch over an intensifier that comes after its first word
        last_intensifier = max((i for i, tok in enumerate(self.toks) if tok.norm in intensifiers), default=-1)
        index = 0
        while index < len(self.toks):
            best = self._best_at(index, skip=False)
            if best is None and index < last_intensifier:
                # "mår så jävla dåligt": only when no phrase inside it matches by itself ("känner
                # mig så ensam" stays "ensam")
                wider = self._best_at(index, skip=True)
                if wider is not None and not any(
                    self._best_at(inner, skip=False) for inner in range(index + 1, wider.last)
                ):
                    best = wider
            if best is None:
                index += 1
                continue
            self.matches.append(best)
            for covered in range(best.first, best.last):
                self.covered[covered] = best
            index = best.last

    # -- clauses, subjects, objects ----------------------------------------------------------

    def relation_at(self, index: int) -> _Match | None:
        match = self.covered.get(index)
        return match if match is not None and match.entry.relation else None

    def _pronoun(self, index: int, group: str) -> bool:
        return index not in self.covered and self.toks[index].norm in self.lex.pronouns.get(group, frozenset())

    def _subject_mention(self, index: int) -> _Subj | None:
        """The subject mention starting at token index, if any."""
        relation = self.relation_at(index)
        if relation is not None and relation.first == index:
            return self._rel(relation)
        if self._pronoun(index, "jag"):
            return _Subj("jag", first=index, last=index + 1)
        if self._pronoun(index, "vi"):
            return _Subj("vi", first=index, last=index + 1)
        if self._pronoun(index, "tredje"):
            following = index + 1
            if (
                following < len(self.toks)
                and self.same_sentence(index, following)
                and self.toks[following].norm in self.lex.object_before
            ):
                return None  # "nån att prata med om ångesten": someone to talk to, not a subject
            return self._resolve(index, exclude=None)
        if self._others_relative(index):
            return _Subj("rel", "annan", index, index + 1)  # "hennes son knarkar": not the user's
        return None

    def _others_relative(self, index: int) -> bool:
        """A relation word after hans/hennes/sin/vars: someone else's relative, who can be a subject."""
        if index in self.covered or index == 0 or not self.same_sentence(index - 1, index):
            return False
        if self.toks[index - 1].norm not in self.lex.others_possessives:
            return False
        return any(
            entry.relation and self._try(entry, index)
            for candidate in self.lex.candidates(self.toks[index].norm)
            for entry in self.lex.by_first.get(candidate, ())
        )

    @staticmethod
    def _rel(match: _Match) -> _Subj:
        return _Subj("rel", match.entry.relation, match.first, match.last, ref=match.first)

    def _resolve(self, index: int, exclude: int | None) -> _Subj:
        """han/hon/de/henne...: the last relation word mentioned before them."""
        for match in reversed(self.matches):
            if match.entry.relation and match.first < index and match.first != exclude:
                return _Subj("rel", match.entry.relation, index, index + 1, ref=match.first)
        return _Subj("tredje", first=index, last=index + 1)

    def build_clauses(self) -> None:
        lex, toks = self.lex, self.toks
        self.clauses: list[_Clause] = []
        self.clause_of: list[int] = []
        current: _Clause | None = None
        for index, tok in enumerate(toks):
            opener: str | None = None
            split = current is None or tok.sent != current.sent or tok.soft
            if not split and index not in self.covered and tok.norm in lex.conjunctions:
                split, opener = self._splits_at(index, current)
            if split:
                antecedent = None
                if opener == "att" and index > 0 and self._pronoun(index - 1, "objekt_jag"):
                    antecedent = _Subj("jag", first=index - 1, last=index)  # "hjälpa mig att sluta dricka"
                if opener == "som":
                    relation = self.relation_at(index - 1)
                    antecedent = (
                        self._rel(relation) if relation else _Subj("rel", "barn", index - 1, index, ref=index - 1)
                    )
                current = _Clause(index, index + 1, tok.sent, opener, antecedent)
                self.clauses.append(current)
            else:
                assert current is not None
                current.last = index + 1
            self.clause_of.append(len(self.clauses) - 1)
        previous: _Clause | None = None
        for clause in self.clauses:
            first = next(
                (
                    s
                    for i in range(clause.first, clause.last)
                    if (s := self._subject_mention(i)) is not None and not self._after_preposition(i, clause)
                ),
                None,
            )
            if first is not None:
                clause.subject = first
            elif clause.antecedent is not None:
                clause.subject = clause.antecedent
            elif previous is not None and previous.sent == clause.sent:
                clause.subject = previous.subject
            previous = clause

    def _splits_at(self, index: int, clause: _Clause | None) -> tuple[bool, str | None]:
        norm = self.toks[index].norm
        if norm == "som":
            before = index - 1
            child = self.same_sentence(before, index) and self.toks[before].norm in self.lex.alder["barnord"]
            return (self.relation_at(before) is not None or child), "som"
        if norm == "och" and clause is not None:
            # "mamma och pappa bråkar", "jag och min son": a coordinated subject, not a new clause
            if all(self._subjectish(i) for i in range(clause.first, index)):
                return False, None
            # "hos mamma och pappa": two relation words joined, then the clause goes on or ends
            nxt = index + 1
            while (
                nxt < len(self.toks) and self.same_sentence(nxt, index) and self.toks[nxt].norm in self.lex.possessives
            ):
                nxt += 1
            if self.relation_at(index - 1) is not None and self.same_sentence(nxt, index):
                if self.relation_at(nxt) or self._pronoun(nxt, "objekt_jag"):
                    return False, None
        return True, norm

    def _after_preposition(self, index: int, clause: _Clause) -> bool:
        """A mention after a preposition is no subject: "röker braj med kompisarna"."""
        before = index - 1
        while before > clause.first and self.toks[before].norm in self.lex.possessives:
            before -= 1
        return before >= clause.first and before != index and self.toks[before].norm in self.lex.prepositions

    def _subjectish(self, index: int) -> bool:
        norm = self.toks[index].norm
        return (
            self.relation_at(index) is not None
            or self._pronoun(index, "jag")
            or self._pronoun(index, "vi")
            or self._pronoun(index, "tredje")
            or norm in self.lex.possessives
            or norm in self.lex.articles
            or norm == "och"
        )

    def subject_before(self, first: int, clause: _Clause, inversion: bool, own: bool = False) -> _Subj:
        """The subject of a phrase starting at token `first`.

        `own`: the phrase is the user's unless its own clause names someone or continues with och
        ("mamma super, orkar inte" is the user who cannot cope).
        """
        mentions: list[_Subj] = []
        index = clause.first
        while index < first:
            mention = self._subject_mention(index)
            if mention is not None:
                mentions.append(mention)
                index = max(mention.last, index + 1)
            else:
                index += 1
        if mentions:
            return self._group(mentions)
        if inversion:
            after = self.matches_end(first)
            for index in (after, after + 1):
                if index < clause.last and (index == after or self.toks[after].norm in self.lex.adverbs):
                    mention = self._subject_mention(index)
                    if mention is not None and mention.kind in ("rel", "tredje", "jag"):
                        return mention
        if own and clause.opener is None:
            return _INGEN
        return clause.subject or _INGEN

    def matches_end(self, first: int) -> int:
        match = self.covered.get(first)
        return match.last if match is not None else first + 1

    def _group(self, mentions: list[_Subj]) -> _Subj:
        """The nearest mention, joined with mentions before it by "och" ("jag och min son")."""
        group = [mentions[-1]]
        for mention in reversed(mentions[:-1]):
            between = [self.toks[i].norm for i in range(mention.last, group[-1].first)]
            if "och" in between and all(w == "och" or w in self.lex.possessives for w in between):
                group.append(mention)
            else:
                break
        if len(group) == 1:
            return group[0]
        others = [m for m in reversed(group) if m.kind != "jag"]
        if any(m.kind == "jag" for m in group):
            other = next((m.relation for m in others if m.kind == "rel"), None)
            return _Subj("vi", first=group[-1].first, last=group[0].last, context=other)
        return next((m for m in reversed(group) if m.kind == "rel"), group[-1])

    def _object_mention(self, index: int, subj: _Subj) -> _Subj | None:
        relation = self.relation_at(index)
        if relation is not None:
            return self._rel(relation)
        if self._pronoun(index, "objekt_jag"):
            return _Subj("jag", first=index, last=index + 1)
        if self._pronoun(index, "objekt_tredje"):
            return self._resolve(index, exclude=subj.ref)
        return None

    def _more_objects(self, found: _Subj, subj: _Subj) -> list[_Subj]:
        """ "slår mamma och mig": objects joined by och."""
        objects = [found]
        index = found.last
        while self._norm(index, found.first) == "och":
            index += 1
            while self._norm(index, found.first) in self.lex.possessives:
                index += 1
            if index >= len(self.toks) or not self.same_sentence(index, found.first):
                break
            following = self._object_mention(index, subj)
            if following is None:
                break
            objects.append(following)
            index = max(following.last, index + 1)
        return objects

    def object_after(self, match: _Match, clause: _Clause, subj: _Subj) -> list[_Subj]:
        """The objects of a phrase that takes one: "slår mig", "bråkar med min son"."""
        via = match.entry.objekt_via
        preposition: str | None = None
        index, steps = match.last, 0
        while index < clause.last and steps < OBJECT_REACH:
            norm = self.toks[index].norm
            found = self._object_mention(index, subj)
            if found is not None:
                return self._more_objects(found, subj) if (preposition or "") in via else []
            if index in self.covered:
                return []
            if norm in self.lex.possessives or norm in self.lex.articles:
                pass
            elif norm in self.lex.prepositions and preposition is None:
                preposition = norm
            elif norm not in self.lex.adverbs:
                return []
            index, steps = index + 1, steps + 1
        return []

    # -- situations and other facts -------------------------------------------------------------

    def child_words(self) -> bool:
        """The message has a child word or a har_barn phrase ("min son", "jag har 3 barn")."""
        return any(
            (m.entry.relation == "barn")
            or any(fact == "har_barn" for values in m.entry.roles.values() for fact, _ in values)
            for m in self.matches
        )

    def child_context(self) -> bool:
        """The message speaks of the user's child (a child word or phrase, a child's age)."""
        return self.child_words() or any(f.entity == "barnets_alder" for f in self.found)

    def _role_values(self, entry: _Entry, keys: list[str]) -> tuple[tuple[str, Any], ...] | None:
        for key in keys:
            if key in entry.roles:
                return entry.roles[key]
        return None

    def _subject_keys(self, subj: _Subj) -> list[str]:
        if subj.kind == "jag":
            return ["jag"]
        if subj.kind == "vi":
            return ["vi", "jag"]
        if subj.kind == "rel":
            return [str(subj.relation), "narstaende"]
        if subj.kind == "tredje":
            return ["tredje", "narstaende"]
        other = self.expecting == "narstaende_situation" or self.for_other
        return ["ingen", "narstaende" if other else "jag"]

    def values_for(self, match: _Match) -> tuple[tuple[str, Any], ...]:
        """The facts a phrase gives, by its subject and object; records who they were linked to."""
        entry = match.entry
        if "alla" in entry.roles:
            return entry.roles["alla"]
        clause = self.clauses[self.clause_of[match.first]]
        subj = self._owner(match) or self.subject_before(
            match.first, clause, inversion=not entry.has_objects, own=entry.own_subject
        )
        self._linked.append((match, subj.ref))
        own = self._role_values(entry, self._subject_keys(subj)) or ()
        if not entry.has_objects:
            return own
        objects = self.object_after(match, clause, subj)
        self._linked.extend((match, obj.ref) for obj in objects)
        if not objects and subj.kind == "vi":
            context = subj.context or ("barn" if self.child_context() else None)
            objects = [_Subj("rel", context)] if context else []
        theirs: tuple[tuple[str, Any], ...] | None = None
        for obj in objects:
            if obj.kind == "jag":
                keys = ["objekt_jag"]
            elif obj.kind == "rel":
                keys = [f"objekt_{obj.relation}", "objekt_narstaende"]
            else:
                keys = ["objekt_narstaende"]
            values = self._role_values(entry, keys)
            if values is not None:
                theirs = (theirs or ()) + tuple(item for item in values if item not in (theirs or ()))
        if theirs is None:
            return own
        if subj.kind == "jag" and own:
            # the user acting on someone keeps their own values and is not anhörig to the other
            return own + tuple(item for item in theirs if item[0] != "narstaende_situation")
        return theirs

    def _owner(self, match: _Match) -> _Subj | None:
        """Whose the phrase is by the word right before it: "min ångest", "mina skulder" (the user),
        "vår ekonomi" (vi), "hennes depression" (the person she is); "hjälpa mig med skulder" (the
        user). Not when a relation word follows ("min sjuka mamma": the phrase describes her)."""
        before = match.first - 1
        if before < 0 or not self.same_sentence(before, match.first) or self.toks[match.first].soft:
            return None
        if match.last < len(self.toks) and self.same_sentence(match.last, match.first):
            if self.relation_at(match.last) is not None:
                return None
        word = self.toks[before].norm
        if before in self.covered:
            return None
        owners = self.lex.owners
        if word in owners.get("jag", ()):
            return _Subj("jag", first=before, last=before + 1)
        if word in owners.get("vi", ()):
            return _Subj("vi", first=before, last=before + 1)
        if word in owners.get("tredje", ()):
            return self._resolve(before, exclude=None)
        if word in self.lex.after_object_me and before > 0 and self.same_sentence(before - 1, before):
            if self._pronoun(before - 1, "objekt_jag"):
                return _Subj("jag", first=before - 1, last=before)
        return None

    def negated(self, match: _Match) -> bool:
        if match.negated:
            return True
        clause = self.clauses[self.clause_of[match.first]]
        opener = clause.first + (1 if clause.opener else 0)
        if opener < match.first and opener not in self.covered and self.toks[opener].norm in self.lex.subject_negations:
            return True  # "ingen i min familj dricker"
        if self._subject_negated(match, clause):
            return True  # "det är inte jag som har skulder"
        if clause.opener == "att" and clause.first >= 2 and self.same_sentence(clause.first - 2, clause.first):
            believe = self.lex.readings.get("tror_inte", frozenset())
            if self.toks[clause.first - 1].norm in self.lex.negations and self.toks[clause.first - 2].norm in believe:
                return True  # "jag tror inte att jag är beroende"
        window = range(max(clause.first, match.first - NEGATION_WINDOW), match.first)
        for index in window:
            if index not in self.covered and self.toks[index].norm in self.lex.negations:
                following = self.toks[index + 1].norm
                if following not in self.lex.negation_breakers:  # "vet inte hur man swishar"
                    return True
        after = match.last
        return (
            after < clause.last
            and after not in self.covered
            and self.toks[after].norm in self.lex.negations
            and not self.toks[after].soft
        )

    def _subject_negated(self, match: _Match, clause: _Clause) -> bool:
        """The subject itself is denied: "inte jag som har skulder", "inte mamma som dricker"."""
        last: _Subj | None = None
        index = clause.first
        while index < match.first:
            mention = self._subject_mention(index)
            if mention is not None:
                last = mention
                index = max(mention.last, index + 1)
            else:
                index += 1
        if last is None or last.first <= clause.first:
            return False
        before = last.first - 1
        while before > clause.first and self.toks[before].norm in self.lex.possessives:
            before -= 1
        return before not in self.covered and self.toks[before].norm in self.lex.negations

    def _words(self, first: int, last: int) -> list[str]:
        return [self.toks[i].norm for i in range(first, last) if i not in self.covered]

    def over(self, match: _Match) -> bool:
        """The situation is past and over ("jag drack förut", "jag var hemlös för fem år sen men
        nu har jag en lägenhet"): lexikon.yml `avslutat`."""
        read = self.lex.readings
        number = self.clause_of[match.first]
        clause = self.clauses[number]
        words = set(self._words(clause.first, clause.last))
        if words & read.get("avslutat.forr", frozenset()):
            return True
        if not words & read.get("avslutat.preteritum", frozenset()):
            return False
        now = read.get("avslutat.nu", frozenset())
        for later in self.clauses[number + 1 :]:
            if later.opener in ("när", "sedan"):
                continue  # "jag var deprimerad när jag var yngre men nu ..."
            return later.opener == "men" and bool(set(self._words(later.first, later.last)) & now)
        return False

    def hypothetical(self, match: _Match) -> bool:
        """ "om jag skulle bli hemlös", "ifall jag blir vräkt": not a situation (lexikon `hypotetiskt`)."""
        read = self.lex.readings
        conditions = read.get("hypotetiskt.villkor", frozenset())
        would = read.get("hypotetiskt.skulle", frozenset())
        only = read.get("hypotetiskt.bara_villkor", frozenset())
        index = match.first - 1
        start = self.clauses[self.clause_of[match.first]].first  # "om min son skulle ..., han knarkar"
        while index >= start:
            norm = self.toks[index].norm
            if norm in only:
                return True
            if norm in conditions:
                following = [self.toks[i].norm for i in range(index + 1, min(index + 4, match.first))]
                if any(word in would for word in following):
                    return True
            index -= 1
        return False

    def about_topic(self, match: _Match) -> bool:
        """Writing or reading about a topic: "ett skolarbete om missbruk" (lexikon.yml `amnesord`)."""
        topics = self.lex.readings.get("amnesord", frozenset())
        first = match.first - 1
        number = self.clause_of[match.first]
        start = self.clauses[number].first
        if number > 0 and self.clauses[number].opener in ("hur", "vad", "varför", "vilka", "vilken", "vilket"):
            start = self.clauses[number - 1].first  # "ett skolarbete om hur missbruk påverkar familjen"
        while first >= start:
            if self.toks[first].norm in topics and first + 1 < match.first:
                following = {self.toks[i].norm for i in range(first + 1, min(first + 3, match.first))}
                if "om" in following:
                    return True
            first -= 1
        return False

    def _find_for_other(self) -> bool:
        read = self.lex.readings
        verbs, preps = read.get("fragar_at.verb", frozenset()), read.get("fragar_at.prep", frozenset())
        for index, tok in enumerate(self.toks[:-1]):
            if tok.norm in verbs and self.toks[index + 1].norm in preps:
                for nxt in range(index + 2, min(index + 5, len(self.toks))):
                    if not self.same_sentence(index, nxt):
                        break
                    relation = self.relation_at(nxt)
                    if relation is not None and relation.entry.relation:
                        return True
        return False

    def read_facts(self) -> None:
        vocab = vocabulary()
        by_clause: dict[int, set[str]] = {}
        by_match: dict[int, set[str]] = {}
        guardians: dict[int, list[int]] = {}  # clause -> where a foraldraroll phrase starts
        for match in self.matches:
            if match.entry.relation:
                continue
            negated = not match.entry.ignore_negation and self.negated(match)
            start, end = self.span(match.first, match.last)
            dropped = self.over(match) or self.about_topic(match) or self.hypothetical(match)
            facts: set[str] = set()
            if match.entry.guardian:
                guardians.setdefault(self.clause_of[match.first], []).append(match.first)
            for fact, value in self.values_for(match):
                if dropped and vocab[fact].type != "bool":
                    continue
                if negated:
                    if vocab[fact].type != "bool":
                        continue
                    value = not value
                self.emit(fact, value, start, end)
                facts.add(fact)
            by_clause.setdefault(self.clause_of[match.first], set()).update(facts)
            by_match[match.first] = facts
        linked: dict[int, set[str]] = {}
        for match, ref in self._linked:
            if ref is not None:
                linked.setdefault(ref, set()).update(by_match.get(match.first, set()))
        for match in self.matches:
            relation = match.entry.relation
            if not relation:
                continue
            clause = self.clause_of[match.first]
            facts = by_clause.get(clause, set()) | linked.get(match.first, set())
            if any(first > match.first for first in guardians.get(clause, ())):
                facts = facts | {GUARDIAN}  # "kommer mina föräldrar få veta": they are the ones who may know
            if relation in PARENT_RELATIONS and facts and facts <= PARENT_STATUS_FACTS | {GUARDIAN}:
                continue  # "mina föräldrar har skilt sig": about the parents, not someone to worry about
            start, end = self.span(match.first, match.last)
            self.emit("relation", relation, start, end)
            if relation == "barn":
                self.emit("har_barn", True, start, end)

    # -- ages -------------------------------------------------------------------------------

    def _number_at(self, index: int) -> tuple[int, int] | None:
        """(value, index after) for a number starting at token index."""
        tok = self.toks[index]
        if tok.digit:
            return (int(tok.low), index + 1) if len(tok.low) <= 3 else None
        value = self.lex.number(tok.norm)
        if value is None:
            return None
        following = index + 1
        if following < len(self.toks) and self.same_sentence(index, following) and not self.toks[following].soft:
            gap = self.text[tok.end : self.toks[following].start]
            nxt = None if self.toks[following].digit else self.lex.number(self.toks[following].norm)
            if nxt is not None and gap in (" ", "-"):
                if value in (20, 30, 40, 50, 60, 70, 80, 90) and 1 <= nxt <= 9:
                    return value + nxt, following + 1
                if value == 100 and 1 <= nxt <= 99:
                    return value + nxt, following + 1
        return value, index + 1

    def _digit_group(self, index: int, after: int) -> bool:
        """A digit token next to another digit token: a phone number, a time, 50 000 ..."""
        toks = self.toks
        if index > 0 and toks[index - 1].digit:
            if _DIGIT_GROUP_GAP.match(self.text[toks[index - 1].end : toks[index].start]):
                return True
        if after < len(toks) and toks[after].digit and toks[after - 1].digit:
            if _DIGIT_GROUP_GAP.match(self.text[toks[after - 1].end : toks[after].start]):
                return True
        return False

    def read_ages(self) -> None:
        alder = self.lex.alder
        toks = self.toks
        index = 0
        last: tuple[str, int] | None = None  # the fact and end of the last age read
        while index < len(toks):
            number = None if index in self.covered else self._number_at(index)
            if number is None:
                index += 1
                continue
            value, after = number
            first = index
            index = after
            if toks[first].digit and self._digit_group(first, after):
                continue
            if not toks[first].digit and toks[first].norm in alder["bara_fore_enhet"]:
                if not (after < len(toks) and toks[after].norm in alder["enheter"]):
                    continue
            fact, adjust = self._age_owner(first, after, value)
            if fact is None and last is not None and self._continues_list(last[1], first, after):
                fact, adjust = last[0], 0
            if fact is None:
                continue
            last = (fact, after)
            start, end = self.span(first, after)
            if fact == OLD_RELATIVE:
                self.emit("narstaende_situation", "aldre", start, end)  # "mormor är 85"
                continue
            if toks[first].digit and start > 0 and self.text[start - 1] == "-":
                if start == 1 or self.text[start - 2].isspace():
                    start, value = start - 1, -value
            self.emit(fact, value + adjust, start, end)
            if fact == "barnets_alder" and not self.child_words():
                self.emit("har_barn", True, start, end)  # unless a child word or phrase already says so

    def _continues_list(self, previous_end: int, first: int, after: int) -> bool:
        """ "mina barn är 4 och 7": a number right after an age, joined by och/eller/comma."""
        toks = self.toks
        if not self.same_sentence(previous_end, first) or not toks[first].digit:
            return False
        joiner = [toks[i].norm for i in range(previous_end, first)]
        if joiner not in ([], ["och"], ["eller"]) or (not joiner and not toks[first].soft):
            return False
        following = self._norm(after, first)
        return following is None or toks[after].soft or following in self.lex.alder["enheter"] or following == "och"

    def _norm(self, index: int, anchor: int) -> str | None:
        if 0 <= index < len(self.toks) and self.same_sentence(index, anchor):
            return self.toks[index].norm
        return None

    def _age_owner(self, first: int, after: int, value: int) -> tuple[str | None, int]:
        """Which fact a number is (age, barnets_alder or none) and how to adjust it."""
        alder, toks = self.lex.alder, self.toks
        n1, n2 = self._norm(after, first), self._norm(after + 1, first)
        if n1 is not None and toks[after].soft:
            n1 = n2 = None
        if n2 is not None and toks[after + 1].soft:
            n2 = None
        if n1 in alder["inte_enheter"]:
            return None, 0
        unit = n1 in alder["enheter"]
        if n1 in alder["arsord"] and n2 in alder["efter_varaktighet"]:
            return None, 0
        # modifiers before the number: "typ 14", "nästan 15", "under 18"
        adjust, mods, eff = 0, [], first - 1
        while eff >= 0 and self.same_sentence(eff, first) and toks[eff].norm in alder["modifierare"]:
            adjust += alder["modifierare"][toks[eff].norm]
            mods.append(toks[eff].norm)
            eff -= 1
        p1 = self._norm(eff, first)
        p2 = self._norm(eff - 1, first)
        p1_soft = p1 is not None and toks[eff + 1].soft
        if mods and set(mods) & {"under", "över"} and p1 not in alder["kopula"]:
            if eff < 0 or self._subject_mention(eff) is None:
                return None, 0  # "under 3 år", "i över 10 år": a duration
        if p1 in self.lex.negations and not toks[first].soft:
            return None, 0  # "fjorton inte fyrtio", "jag är inte 14"
        if p1 in alder["kopula"] and p2 in alder["inte_subjekt"]:
            return None, 0  # "vad är 5 plus 5", "skulden är 300"
        correction = (
            p1 in alder["rattelse"]
            and self._norm(eff - 2, first) in self.lex.negations
            and (toks[eff - 1].digit or self.lex.number(toks[eff - 1].norm) is not None)
        )  # "hon är inte 8 utan 9"
        if p1 is not None and not p1_soft:
            if p1 in alder["fyller"] or (p2 is not None and f"{p2} {p1}" in alder["fyller"]):
                adjust -= 1
            if p1 != "på" and p1 in alder["inte_fore"]:
                return None, 0
            if fold(p1).endswith(alder["adress"]):
                return None, 0
            if unit and p1 in alder["varaktighet"] and p1 != "på":
                return None, 0
        clause = self.clauses[self.clause_of[first]]
        aring = n1 in alder["aringar"]
        if p1 == "på" and not p1_soft:
            return self._age_after_pa(eff, first, value), adjust
        if aring:
            raw_before = self._norm(first - 1, first)
            if raw_before in self.lex.possessives or (
                raw_before in self.lex.articles and self._norm(first - 2, first) in alder["fore_aring"]
            ):
                return "barnets_alder", adjust
            if n2 in alder["barnord"]:
                return "barnets_alder", adjust
        cue = unit or correction or (p1 is not None and not p1_soft and p1 in alder["kopula"])
        window = range(max(0, eff - 2), eff + 1)
        cue = cue or any(self._norm(i, first) in alder["alder_ord"] for i in window)  # "ändra åldern till 14"
        direct = self._direct_owner(eff, first)
        if direct is not None:
            cue = True
        if not cue:
            if self.expecting in AGE_FACTS:
                subj = self.subject_before(first, clause, inversion=False)
                return self._fact_for(subj, value, default=self.expecting), adjust
            alone = after == len(toks) or (after + 1 == len(toks) and n1 in alder["enheter"])
            if eff < 0 and (toks[first].digit or alone):
                return "age", adjust  # "14 och bor i farsta", "typ 17", "fjorton"
            before: set[str] = set()  # the words before the number in its sentence
            index = first - 1
            while index >= 0 and toks[index].sent == toks[first].sent:
                before.add(toks[index].norm)
                index -= 1
            if p1 not in self.lex.negations and before & alder["rattelse_ord"]:
                return "age", adjust  # "oops menade 12", "nej, tretton"
            if self._trailing_age(first, after, clause):
                return "age", adjust  # "jag är tjej och 14"
            return None, 0
        subj = direct or self.subject_before(first, clause, inversion=False)
        if subj.kind in ("ingen", "vi") and any(toks[i].norm in alder["barnord"] for i in range(clause.first, first)):
            subj = _Subj("rel", "barn")  # "vi har tre barn, den äldsta är 15"
        if aring and subj.kind == "jag" and not any(toks[i].norm == "är" for i in range(max(subj.first, 0), first)):
            return "barnets_alder", adjust  # "jag har en 3-åring"
        default = "barnets_alder" if self.expecting == "barnets_alder" else "age"
        return self._fact_for(subj, value, default=default), adjust

    def _trailing_age(self, first: int, after: int, clause: _Clause) -> bool:
        """A clause that is only a number, after "jag är ...": "jag är kille och 17"."""
        index = self.clause_of[first]
        if index == 0:
            return False
        previous = self.clauses[index - 1]
        if previous.sent != clause.sent or previous.subject is None or previous.subject.kind != "jag":
            return False
        if not any(self.toks[i].norm == "är" for i in range(previous.first, previous.last)):
            return False
        rest = [i for i in range(clause.first, clause.last) if not first <= i < after]
        if clause.opener:
            rest = rest[1:]
        return all(self.toks[i].norm in self.lex.alder["modifierare"] for i in rest)

    def _direct_owner(self, eff: int, first: int) -> _Subj | None:
        """A person word right before the number: "jag 14", "min son (7)", "sonen 7 år"."""
        if eff < 0 or not self.same_sentence(eff, first):
            return None
        match = self.relation_at(eff)
        if match is not None:
            return self._rel(match)
        if self._pronoun(eff, "jag"):
            return _Subj("jag", first=eff, last=eff + 1)
        if self.toks[eff].norm in self.lex.alder["barnord"]:
            return _Subj("rel", "barn", eff, eff + 1, ref=eff)
        return None

    def _fact_for(self, subj: _Subj, value: int, default: str) -> str | None:
        if subj.kind == "jag":
            return "age"
        old = value >= self.lex.alder["aldre_fran"]
        if subj.kind == "rel":
            if subj.relation == "barn":
                return "barnets_alder"
            return OLD_RELATIVE if old else None
        if subj.kind == "tredje":
            parent = (
                self.expecting in ("barnets_alder", "har_barn")
                or any(self._pronoun(i, "vi") for i in range(len(self.toks)))
                or self.child_context()
            )
            if 0 <= value <= CHILD_AGE_ALONE or (parent and value <= CHILD_AGE_MAX):
                return "barnets_alder"
            return OLD_RELATIVE if old else None
        if subj.kind == "vi":
            return None
        return default

    def _age_after_pa(self, pa: int, first: int, value: int) -> str | None:
        """ "en son på 5 år", "barn på 5", "jag är en tjej på 15"."""
        alder = self.lex.alder
        noun = pa - 1
        if not self.same_sentence(noun, first):
            return None
        relation = self.relation_at(noun)
        norm = self.toks[noun].norm
        clause = self.clauses[self.clause_of[noun]]
        subj = self.subject_before(noun, clause, inversion=False)
        if relation is not None and relation.entry.relation == "barn":
            return "barnets_alder"
        is_word = any(self.toks[i].norm == "är" for i in range(clause.first, noun))
        me = subj.kind == "jag" or any(self.toks[i].norm == "jag" for i in range(clause.first, noun))
        if me and is_word and (norm in alder["personord"] or norm in alder["barnord"]):
            return "age"
        if norm in alder["barnord"]:
            return "barnets_alder"
        return None

    # -- answers to the question just asked ------------------------------------------------------

    def read_answer(self) -> None:
        expecting = self.expecting
        fact = vocabulary().get(expecting or "")
        if fact is None or fact.type != "bool" or not self.toks:
            return
        if any(f.entity == expecting for f in self.found):
            return
        tok = self.toks[0]
        word = _RUN.sub(r"\1\1", tok.low)
        if tok.norm == "jag":
            return
        if tok.low in self.lex.yes or word in self.lex.yes or tok.norm in self.lex.yes:
            self.emit(fact.name, True, tok.start, tok.end)
        elif tok.low in self.lex.no or word in self.lex.no or tok.norm in self.lex.no:
            self.emit(fact.name, False, tok.start, tok.end)

    def run(self) -> list[Fynd]:
        self.match_lexicon()
        self.build_clauses()
        self.for_other = self._find_for_other()
        self.read_ages()
        self.read_facts()
        self.read_answer()
        unique = {(f.entity, repr(f.value), f.start, f.end): f for f in self.found}
        # stable: facts on one span stay in the order they were found (see "Order" above)
        return sorted(unique.values(), key=lambda f: (f.start, f.end))


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def read(text: str, expecting: str | None = None) -> list[Fynd]:
    """Like extract, but lets errors through (for tests)."""
    if not isinstance(text, str) or not text.strip():
        return []
    return _Reader(text[:MAX_CHARS], expecting if isinstance(expecting, str) else None).run()


def extract(text: str, expecting: str | None = None) -> list[Fynd]:
    """Every fact in one message (see the module docstring); never raises.

    `expecting` is the fact the bot just asked about: a bare "14" then answers "age" (or
    "barnets_alder"), "ja"/"nej" a yes/no fact, and a situation with no subject belongs to the
    närstående when it is "narstaende_situation".
    """
    lexikon()  # a broken lexicon is a programming error: let it show
    try:
        return read(text, expecting)
    except Exception:  # noqa: BLE001 - a message must never crash the bot
        return []
