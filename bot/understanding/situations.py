"""Stage 5, situations: the facts each matched phrase gives, chosen by its subject and objects
("pappa super" -> narstaende skadligt_bruk, "jag super" -> egen; "pappa slår mig" -> egen
utsatt_for_vald and narstaende utovar_vald), dropped or flipped when negated, past,
hypothetical or a topic; then the relation words, except a parent word in a clause that only
speaks of the parents as parents ("mina föräldrar har skilt sig"). docs/understanding.md.
"""

from __future__ import annotations

from typing import Any

from bot.facts import vocabulary
from bot.understanding.lexicon import Entry
from bot.understanding.message import CHILD, Match, Message, Subj
from bot.understanding.readings import about_topic, hypothetical, negated, over
from bot.understanding.roles import objects_after, owner, resolve, subject_before

# Facts about the user's parents: a parent word in a clause that only says these is not "the
# person the user worries about" ("mina föräldrar har skilt sig" gives no relation).
PARENT_STATUS_FACTS = frozenset({"foraldrar_separerade", "foraldrar_i_konflikt", "vardnadshavare_samtycke"})
# A lexicon phrase marked `foraldraroll` ("få veta", "få reda på") after a parent word in its clause
# says something about the parents as guardians without giving a fact: it counts as a
# parent-status fact for that rule.
GUARDIAN = "@foraldraroll"
PARENT_RELATIONS = frozenset({"foralder", "styvforalder"})

Values = tuple[tuple[str, Any], ...]


def _role_values(entry: Entry, keys: list[str]) -> Values | None:
    """The values of the first of `keys` the entry has a role for."""
    for key in keys:
        if key in entry.roles:
            return entry.roles[key]
    return None


def _subject_keys(msg: Message, subj: Subj) -> list[str]:
    """The lexicon roles that apply to a subject, most specific first (lexikon.yml, "Roles")."""
    if subj.kind == "jag":
        return ["jag"]
    if subj.kind == "vi":
        return ["vi", "jag"]
    if subj.kind == "rel":
        return [str(subj.relation), "narstaende"]
    if subj.kind == "tredje":
        return ["tredje", "narstaende"]
    other = msg.expecting == "narstaende_situation" or msg.for_other
    return ["ingen", "narstaende" if other else "jag"]


def _object_keys(obj: Subj, subj: Subj) -> list[str]:
    """The lexicon roles that apply to an object, most specific first: the user acted on by
    someone who is no relation of theirs ("en kille på 16 slog ner mig") is `objekt_jag_okand`."""
    if obj.kind == "jag":
        return ["objekt_jag_okand", "objekt_jag"] if subj.kind == "ingen" else ["objekt_jag"]
    if obj.kind == "rel":
        return [f"objekt_{obj.relation}", "objekt_narstaende"]
    return ["objekt_narstaende"]


def values_for(msg: Message, match: Match) -> Values:
    """The facts a phrase gives, by its subject and object; records who they were linked to."""
    entry = match.entry
    if "alla" in entry.roles:
        return entry.roles["alla"]
    clause = msg.clause_at(match.first)
    subj = _inverted(msg, match) or owner(msg, match) or subject_before(
        msg, match.first, clause, inversion=not entry.has_objects, own=entry.own_subject
    )
    msg.linked.append((match, subj.ref))
    own = _role_values(entry, _subject_keys(msg, subj)) or ()
    if not entry.has_objects:
        return own
    objects = objects_after(msg, match, clause, subj)
    msg.linked.extend((match, obj.ref) for obj in objects)
    if subj.kind == "jag" and not objects and "jag_mot_okand" in entry.roles and _stranger_after(msg, match):
        return entry.roles["jag_mot_okand"]  # "jag slog en kille på en fest": a crime, no close relation
    if not objects and subj.kind == "vi":
        context = subj.context or msg.together_with or (CHILD if msg.child_context() else None)
        objects = [Subj("rel", context)] if context else []
    theirs: Values | None = None
    for obj in objects:
        values = _role_values(entry, _object_keys(obj, subj))
        if values is not None:
            theirs = (theirs or ()) + tuple(item for item in values if item not in (theirs or ()))
    if theirs is None:
        return own
    if subj.kind == "jag" and own:
        # the user acting on someone keeps their own values and is not anhörig to the other
        return own + tuple(item for item in theirs if item[0] != "narstaende_situation")
    return theirs


def _stranger_after(msg: Message, match: Match) -> bool:
    """The phrase's object is someone unnamed: an article and a word for a person ("en kille",
    "en tjej"), after the words that may introduce the object ("slog till en kille")."""
    index = msg.match_end(match.first)
    toks = msg.toks
    while index < len(toks) and msg.same_sentence(index, match.first) and toks[index].norm in match.entry.objekt_via:
        index += 1
    return (
        index + 1 < len(toks)
        and msg.same_sentence(index + 1, match.first)
        and toks[index].norm in msg.lex.articles
        and toks[index + 1].norm in msg.lex.alder["personord"]
    )


def _inverted(msg: Message, match: Match) -> Subj | None:
    """The subject inside the phrase, after its verb ("hör jag sämre"), if any."""
    index = match.inverted
    if index is None:
        return None
    if msg.lex.pronoun_is(msg.toks[index].norm, "jag"):
        return Subj("jag", first=index, last=index + 1)
    if msg.lex.pronoun_is(msg.toks[index].norm, "vi"):
        return Subj("vi", first=index, last=index + 1)
    return resolve(msg, index, exclude=None)


class _Given:
    """What the phrases gave, for the relation words: facts by clause and by phrase, and where
    in each clause a phrase about the parents as guardians starts."""

    def __init__(self) -> None:
        self.by_clause: dict[int, set[str]] = {}
        self.by_match: dict[int, set[str]] = {}
        self.guardians: dict[int, list[int]] = {}


def read_facts(msg: Message) -> None:
    """Emit the facts of every phrase, then the relation words."""
    read_relations(msg, read_situations(msg))


def read_situations(msg: Message) -> _Given:
    """Emit the facts every non-relation phrase gives."""
    vocab = vocabulary()
    given = _Given()
    for match in msg.matches:
        if match.entry.relation:
            continue
        denied = not match.entry.ignore_negation and negated(msg, match)
        start, end = msg.span(match.first, match.last)
        dropped = over(msg, match) or about_topic(msg, match) or hypothetical(msg, match)
        facts: set[str] = set()
        clause = msg.clause_of[match.first]
        if match.entry.guardian:
            given.guardians.setdefault(clause, []).append(match.first)
        for fact, value in values_for(msg, match):
            if dropped and vocab[fact].type != "bool":
                continue
            if denied:
                if vocab[fact].type != "bool":
                    continue
                value = not value
            msg.emit(fact, value, start, end)
            facts.add(fact)
        given.by_clause.setdefault(clause, set()).update(facts)
        given.by_match[match.first] = facts
    return given


def read_relations(msg: Message, given: _Given) -> None:
    """Emit every relation word (and har_barn for a child word), except a parent word in a
    clause that only says something about the parents as parents."""
    linked: dict[int, set[str]] = {}
    for match, ref in msg.linked:
        if ref is not None:
            linked.setdefault(ref, set()).update(given.by_match.get(match.first, set()))
    # "Min sambo har schizofreni ... vår dotter blev rädd": the närstående is the one whose
    # situation was told; the other relation words are other people in the story (a child
    # still makes the user a parent).
    with_situation = {first for first, facts in linked.items() if "narstaende_situation" in facts}
    for match in msg.matches:
        relation = match.entry.relation
        if not relation:
            continue
        clause = msg.clause_of[match.first]
        facts = given.by_clause.get(clause, set()) | linked.get(match.first, set())
        if with_situation and match.first not in with_situation and "narstaende_situation" not in facts:
            if relation == CHILD:
                start, end = msg.span(match.first, match.last)
                msg.emit("har_barn", True, start, end)
            continue
        if any(first > match.first for first in given.guardians.get(clause, ())):
            facts = facts | {GUARDIAN}  # "kommer mina föräldrar få veta": they are the ones who may know
        if relation in PARENT_RELATIONS and facts and facts <= PARENT_STATUS_FACTS | {GUARDIAN}:
            continue  # "mina föräldrar har skilt sig": about the parents, not someone to worry about
        start, end = msg.span(match.first, match.last)
        msg.emit("relation", relation, start, end)
        if relation == CHILD:
            msg.emit("har_barn", True, start, end)
