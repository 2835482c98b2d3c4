"""Roles, who a phrase is about: the subject mentions in a clause (jag, vi, a relation word,
han/hon resolved to the last relation word), a phrase's subject and objects, and whose a
phrase is by the word before it ("min ångest"). docs/understanding.md, "Whose situation".
"""

from __future__ import annotations

from bot.understanding.matching import try_entry
from bot.understanding.message import CHILD, NOBODY, Clause, Match, Message, Subj

OBJECT_REACH = 5  # an object stands within 5 words after its phrase ("slår ofta min mamma")


def rel(match: Match) -> Subj:
    """The person a relation word names."""
    return Subj("rel", match.entry.relation, match.first, match.last, ref=match.first)


def child_word_subject(index: int) -> Subj:
    """A child noun that is no relation word ("pojken", "äldsta") as the user's child."""
    return Subj("rel", CHILD, index, index + 1, ref=index)


def subject_mention(msg: Message, index: int) -> Subj | None:
    """The subject mention starting at token index, if any."""
    relation = msg.relation_at(index)
    if relation is not None and relation.first == index:
        return rel(relation)
    if msg.pronoun(index, "jag"):
        return Subj("jag", first=index, last=index + 1)
    if msg.pronoun(index, "vi"):
        return Subj("vi", first=index, last=index + 1)
    if msg.pronoun(index, "tredje"):
        following = index + 1
        if (
            following < len(msg.toks)
            and msg.same_sentence(index, following)
            and msg.toks[following].norm in msg.lex.object_before
        ):
            return None  # "nån att prata med om ångesten": someone to talk to, not a subject
        return resolve(msg, index, exclude=None)
    if others_relative(msg, index):
        return Subj("rel", "annan", index, index + 1)  # "hennes son knarkar": not the user's
    return None


def others_relative(msg: Message, index: int) -> bool:
    """A relation word after hans/hennes/sin/vars: someone else's relative, who can be a subject."""
    if index in msg.covered or index == 0 or not msg.same_sentence(index - 1, index):
        return False
    if msg.toks[index - 1].norm not in msg.lex.others_possessives:
        return False
    return any(
        entry.relation and try_entry(msg, entry, index)
        for candidate in msg.lex.candidates(msg.toks[index].norm)
        for entry in msg.lex.by_first.get(candidate, ())
    )


def resolve(msg: Message, index: int, exclude: int | None) -> Subj:
    """han/hon/de/henne...: the last relation word mentioned before them."""
    for match in reversed(msg.matches):
        if match.entry.relation and match.first < index and match.first != exclude:
            return Subj("rel", match.entry.relation, index, index + 1, ref=match.first)
    return Subj("tredje", first=index, last=index + 1)


def after_preposition(msg: Message, index: int, clause: Clause) -> bool:
    """A mention after a preposition is no subject: "röker braj med kompisarna"."""
    before = index - 1
    while before > clause.first and msg.toks[before].norm in msg.lex.possessives:
        before -= 1
    return before >= clause.first and before != index and msg.toks[before].norm in msg.lex.prepositions


def subject_before(msg: Message, first: int, clause: Clause, inversion: bool, own: bool = False) -> Subj:
    """The subject of a phrase starting at token `first`.

    `inversion`: a subject right after the phrase counts ("super pappa?"). `own`: the phrase is
    the user's unless its own clause names someone or continues with och ("mamma super, orkar
    inte" is the user who cannot cope).
    """
    mentions: list[Subj] = []
    index = clause.first
    while index < first:
        mention = subject_mention(msg, index)
        if mention is not None:
            mentions.append(mention)
            index = max(mention.last, index + 1)
        else:
            index += 1
    if mentions:
        return group(msg, mentions)
    # "såg när dom sköt": a phrase that ends in a word starting a clause ("när", "hur", a
    # `konjunktioner` word) is followed by that clause's subject, not its own
    end = msg.match_end(first)
    inner = end > first and msg.toks[end - 1].norm in msg.lex.conjunctions
    if inversion and not inner:
        after = msg.match_end(first)
        for index in (after, after + 1):
            if index < clause.last and (index == after or msg.toks[after].norm in msg.lex.adverbs):
                mention = subject_mention(msg, index)
                if mention is not None and mention.kind in ("rel", "tredje", "jag"):
                    return mention
    if own and clause.opener is None:
        return NOBODY
    subject = clause.subject
    if inner and subject is not None and subject.first is not None and subject.first >= msg.match_end(first):
        return NOBODY  # the subject is the inner clause's
    return subject or NOBODY


def group(msg: Message, mentions: list[Subj]) -> Subj:
    """The nearest mention, joined with mentions before it by "och" ("jag och min son")."""
    lex = msg.lex
    joined = [mentions[-1]]
    for mention in reversed(mentions[:-1]):
        between = [msg.toks[i].norm for i in range(mention.last, joined[-1].first)]
        if any(w in lex.coordinating for w in between) and all(
            w in lex.coordinating or w in lex.possessives or w in lex.articles for w in between
        ):  # "jag och min son", "jag o en polare"
            joined.append(mention)
        else:
            break
    if len(joined) == 1:
        return joined[0]
    others = [m for m in reversed(joined) if m.kind != "jag"]
    if any(m.kind == "jag" for m in joined):
        other = next((m.relation for m in others if m.kind == "rel"), None)
        return Subj("vi", first=joined[-1].first, last=joined[0].last, context=other)
    return next((m for m in reversed(joined) if m.kind == "rel"), joined[-1])


def object_mention(msg: Message, index: int, subj: Subj) -> Subj | None:
    """The object mention at token index: a relation word, mig/oss, or honom/henne resolved."""
    relation = msg.relation_at(index)
    if relation is not None:
        return rel(relation)
    if msg.pronoun(index, "objekt_jag"):
        return Subj("jag", first=index, last=index + 1)
    if msg.pronoun(index, "objekt_tredje"):
        return resolve(msg, index, exclude=subj.ref)
    return None


def more_objects(msg: Message, found: Subj, subj: Subj) -> list[Subj]:
    """ "slår mamma och mig": objects joined by och."""
    lex = msg.lex
    objects = [found]
    index = found.last
    while msg.norm_at(index, found.first) in lex.coordinating:
        index += 1
        while msg.norm_at(index, found.first) in lex.possessives:
            index += 1
        if index >= len(msg.toks) or not msg.same_sentence(index, found.first):
            break
        following = object_mention(msg, index, subj)
        if following is None:
            break
        objects.append(following)
        index = max(following.last, index + 1)
    return objects


def objects_after(msg: Message, match: Match, clause: Clause, subj: Subj) -> list[Subj]:
    """The objects of a phrase that takes one: "slår mig", "bråkar med min son"."""
    via, lex = match.entry.objekt_via, msg.lex
    preposition: str | None = None
    index, steps = match.last, 0
    while index < clause.last and steps < OBJECT_REACH:
        norm = msg.toks[index].norm
        found = object_mention(msg, index, subj)
        if found is not None:
            return more_objects(msg, found, subj) if (preposition or "") in via else []
        if index in msg.covered:
            return []
        if norm in lex.possessives or norm in lex.articles:
            pass
        elif norm in lex.prepositions and preposition is None:
            preposition = norm
        elif norm not in lex.adverbs:
            return []
        index, steps = index + 1, steps + 1
    return []


def owner(msg: Message, match: Match) -> Subj | None:
    """Whose the phrase is by the word right before it: "min ångest", "mina skulder" (the user),
    "vår ekonomi" (vi), "hennes depression" (the person she is); "hjälpa mig med skulder" (the
    user). Not when a relation word follows ("min sjuka mamma": the phrase describes her)."""
    before = match.first - 1
    if before < 0 or not msg.same_sentence(before, match.first) or msg.toks[match.first].soft:
        return None
    if match.last < len(msg.toks) and msg.same_sentence(match.last, match.first):
        if msg.relation_at(match.last) is not None:
            return None
    word = msg.toks[before].norm
    if before in msg.covered:
        return None
    owners = msg.lex.owners
    if word in owners.get("jag", ()):
        return Subj("jag", first=before, last=before + 1)
    if word in owners.get("vi", ()):
        return Subj("vi", first=before, last=before + 1)
    if word in owners.get("tredje", ()):
        return resolve(msg, before, exclude=None)
    if word in msg.lex.after_object_me and before > 0 and msg.same_sentence(before - 1, before):
        if msg.pronoun(before - 1, "objekt_jag"):
            return Subj("jag", first=before - 1, last=before)
    return None
