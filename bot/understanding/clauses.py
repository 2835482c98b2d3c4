"""Stage 3, clauses: the message cut at punctuation and at conjunctions (lexikon.yml
`konjunktioner`; "mamma och pappa", "jag och min son" stay together; "som" only after a
relation or child word), and each clause's subject: its first mention, the relation word
before "som", "mig" before "att", or the previous clause's in the same sentence.
"""

from __future__ import annotations

from bot.understanding.message import Clause, Message, Subj
from bot.understanding.roles import after_preposition, child_word_subject, rel, subject_mention


def build_clauses(msg: Message) -> None:
    """Fill in msg.clauses, msg.clause_of and every clause's subject."""
    lex, toks = msg.lex, msg.toks
    current: Clause | None = None
    for index, tok in enumerate(toks):
        opener: str | None = None
        split = current is None or tok.sent != current.sent or tok.soft
        # a conjunction inside a phrase does not cut it; one that starts a phrase may ("utan att")
        inside = index in msg.covered and msg.covered[index].first != index
        if not split and not inside and tok.norm in lex.conjunctions:
            split, opener = _splits_at(msg, index, current)
        if split:
            current = Clause(index, index + 1, tok.sent, opener, _antecedent(msg, index, opener))
            msg.clauses.append(current)
        else:
            assert current is not None
            current.last = index + 1
        msg.clause_of.append(len(msg.clauses) - 1)
    _find_subjects(msg)


def _antecedent(msg: Message, index: int, opener: str | None) -> Subj | None:
    """Who a clause opened by `opener` at token index is about before it names anyone."""
    if opener is None:
        return None
    if opener in msg.lex.att and index > 0 and msg.pronoun(index - 1, "objekt_jag"):
        return Subj("jag", first=index - 1, last=index)  # "hjälpa mig att sluta dricka"
    if opener in msg.lex.relative:
        relation = msg.relation_at(index - 1)
        return rel(relation) if relation else child_word_subject(index - 1)  # "min bror som knarkar"
    return None


def _find_subjects(msg: Message) -> None:
    """Each clause's subject: its first mention not after a preposition, else its antecedent,
    else the previous clause's in the same sentence."""
    previous: Clause | None = None
    for clause in msg.clauses:
        first = next(
            (
                s
                for i in range(clause.first, clause.last)
                if (s := subject_mention(msg, i)) is not None and not after_preposition(msg, i, clause)
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


def _splits_at(msg: Message, index: int, clause: Clause | None) -> tuple[bool, str | None]:
    """Whether the conjunction at token index starts a clause, and as which opener."""
    lex, toks = msg.lex, msg.toks
    norm = toks[index].norm
    if norm in lex.relative:
        before = index - 1
        child = msg.same_sentence(before, index) and toks[before].norm in lex.alder["barnord"]
        return (msg.relation_at(before) is not None or child), norm
    if norm in lex.coordinating and clause is not None:
        # "mamma och pappa bråkar", "jag och min son": a coordinated subject, not a new clause
        if all(_subjectish(msg, i) for i in range(clause.first, index)):
            return False, None
        # "hos mamma och pappa": two relation words joined, then the clause goes on or ends
        nxt = index + 1
        while nxt < len(toks) and msg.same_sentence(nxt, index) and toks[nxt].norm in lex.possessives:
            nxt += 1
        if msg.relation_at(index - 1) is not None and msg.same_sentence(nxt, index):
            if msg.relation_at(nxt) or msg.pronoun(nxt, "objekt_jag"):
                return False, None
    return True, norm


def _subjectish(msg: Message, index: int) -> bool:
    """A word that can be part of a coordinated subject ("min mamma och en pappa")."""
    norm, lex = msg.toks[index].norm, msg.lex
    return (
        msg.relation_at(index) is not None
        or msg.pronoun(index, "jag")
        or msg.pronoun(index, "vi")
        or msg.pronoun(index, "tredje")
        or norm in lex.possessives
        or norm in lex.articles
        or norm in lex.coordinating
    )
