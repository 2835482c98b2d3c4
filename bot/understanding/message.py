"""The one message object every stage reads and adds to (docs/understanding.md, "Stages"): its
tokens, the lexicon phrases matched, its clauses and the facts found so far, with the small
questions every stage asks about it ("same sentence?", "a relation word here?").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.understanding.lexicon import Entry, Lexikon

CHILD = "barn"  # the relation value of the user's child


@dataclass(frozen=True)
class Fynd:
    """One fact found in a message, with character offsets into the original text."""

    entity: str
    value: str | int | bool
    start: int
    end: int
    text: str


@dataclass
class Tok:
    """One word or number of the message."""

    start: int
    end: int
    raw: str
    low: str
    norm: str
    digit: bool
    sent: int
    soft: bool  # a comma, colon, parenthesis, ... before this token (a clause break)


@dataclass
class Match:
    """A lexicon phrase found at tokens [first, last)."""

    entry: Entry
    first: int
    last: int
    negated: bool
    inverted: int | None = None  # the subject pronoun inside, after the verb ("hör jag sämre")


@dataclass(frozen=True)
class Subj:
    """A person a phrase can be about: the user (jag), us (vi), a relation word (rel), someone
    else named by a pronoun (tredje), or nobody (ingen)."""

    kind: str  # jag | vi | rel | tredje | ingen
    relation: str | None = None
    first: int = -1  # token span of the mention itself (the pronoun for a resolved han/hon)
    last: int = -1
    ref: int | None = None  # first token of the relation word it is or refers to
    context: str | None = None  # for vi: the relation of the other person ("jag och min son")


NOBODY = Subj("ingen")


@dataclass
class Clause:
    """Tokens [first, last) between clause breaks, with the conjunction that opened it and its
    subject."""

    first: int
    last: int
    sent: int
    opener: str | None
    antecedent: Subj | None
    subject: Subj | None = None


@dataclass
class Message:
    """Everything read from one message so far; each stage fills in its part."""

    text: str
    expecting: str | None
    lex: Lexikon
    toks: list[Tok] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    covered: dict[int, Match] = field(default_factory=dict)  # token index -> the match on it
    clauses: list[Clause] = field(default_factory=list)
    clause_of: list[int] = field(default_factory=list)  # token index -> clause index
    found: list[Fynd] = field(default_factory=list)
    linked: list[tuple[Match, int | None]] = field(default_factory=list)  # phrase -> the relation word it was given to
    for_other: bool = False  # "frågar åt min kompis": subjectless situations are not the user's
    together_with: str | None = None  # the relation "vi" means besides the user, told earlier
    _sentences: dict[int, list[str]] = field(default_factory=dict)

    def emit(self, entity: str, value: Any, start: int, end: int) -> None:
        """Record a fact found on text[start:end]."""
        self.found.append(Fynd(entity, value, start, end, self.text[start:end]))

    def facts(self) -> list[Fynd]:
        """The facts found, each once, in text order; facts on one span stay in the order they
        were found (docs/understanding.md, "Order")."""
        unique = {(f.entity, repr(f.value), f.start, f.end): f for f in self.found}
        return sorted(unique.values(), key=lambda f: (f.start, f.end))

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of tokens [first, last)."""
        return self.toks[first].start, self.toks[last - 1].end

    def same_sentence(self, a: int, b: int) -> bool:
        return 0 <= a < len(self.toks) and 0 <= b < len(self.toks) and self.toks[a].sent == self.toks[b].sent

    def norm_at(self, index: int, anchor: int) -> str | None:
        """The normalised word at `index` if it is in `anchor`'s sentence."""
        if 0 <= index < len(self.toks) and self.same_sentence(index, anchor):
            return self.toks[index].norm
        return None

    def sentence_words(self, sent: int) -> list[str]:
        if sent not in self._sentences:
            self._sentences[sent] = [tok.norm for tok in self.toks if tok.sent == sent]
        return self._sentences[sent]

    def free_words(self, first: int, last: int) -> list[str]:
        """The words of tokens [first, last) outside any matched phrase."""
        return [self.toks[i].norm for i in range(first, last) if i not in self.covered]

    def clause_at(self, index: int) -> Clause:
        return self.clauses[self.clause_of[index]]

    def relation_at(self, index: int) -> Match | None:
        """The relation word matched on token `index`, if any."""
        match = self.covered.get(index)
        return match if match is not None and match.entry.relation else None

    def pronoun(self, index: int, group: str) -> bool:
        """Token `index` is a pronoun of `group` (lexikon.yml `pronomen`) outside any phrase."""
        return index not in self.covered and self.lex.pronoun_is(self.toks[index].norm, group)

    def match_end(self, first: int) -> int:
        """Where the phrase starting at `first` ends (or the next token)."""
        match = self.covered.get(first)
        return match.last if match is not None else first + 1

    def child_words(self) -> bool:
        """The message has a child word or a har_barn phrase ("min son", "jag har 3 barn")."""
        return any(
            (m.entry.relation == CHILD)
            or any(fact == "har_barn" for values in m.entry.roles.values() for fact, _ in values)
            for m in self.matches
        )

    def child_context(self) -> bool:
        """The message speaks of the user's child (a child word or phrase, a child's age)."""
        return self.child_words() or any(f.entity == "barnets_alder" for f in self.found)
