"""Whether a matched phrase says the user's situation now: negated ("mamma dricker inte",
"ingen i min familj dricker", "det är inte jag som super"), past and over ("jag drack förut"),
hypothetical ("om jag skulle bli vräkt"), a topic ("ett skolarbete om missbruk"), or asked
for someone else ("frågar åt min kompis"). The words are lexikon.yml's; docs/understanding.md,
"Negation" and "Not the user's situation now".
"""

from __future__ import annotations

from bot.understanding.message import Clause, Match, Message, Subj
from bot.understanding.roles import subject_mention

NEGATION_WINDOW = 3  # a negation among the 3 words before a phrase negates it


def negated(msg: Message, match: Match) -> bool:
    """The phrase is denied (a window, not a parse)."""
    if _why_question(msg, match.first):
        return False  # "varför kan jag inte få prata med nån själv?" still wants to talk
    if match.negated:
        return True
    lex, toks = msg.lex, msg.toks
    clause = msg.clause_at(match.first)
    opener = clause.first + (1 if clause.opener else 0)
    if opener < match.first and opener not in msg.covered and toks[opener].norm in lex.subject_negations:
        return True  # "ingen i min familj dricker"
    if _subject_negated(msg, match, clause):
        return True  # "det är inte jag som har skulder"
    if _believed_not(msg, clause):
        return True  # "jag tror inte att jag är beroende"
    for index in range(max(clause.first, match.first - NEGATION_WINDOW), match.first):
        if index not in msg.covered and toks[index].norm in lex.negations:
            if toks[index + 1].norm not in lex.negation_breakers:  # "vet inte hur man swishar"
                return True
    after = match.last
    return (
        after < clause.last and after not in msg.covered and toks[after].norm in lex.negations and not toks[after].soft
    )


def _why_question(msg: Message, index: int) -> bool:
    """The sentence asks why (lexikon.yml `varfor_fragor`): its "inte" belongs to the question."""
    first_word = msg.sentence_words(msg.toks[index].sent)[0]
    return first_word in msg.lex.readings.get("varfor_fragor", frozenset())


def _believed_not(msg: Message, clause: Clause) -> bool:
    """ "tror inte att ...": the att-clause is negated (lexikon.yml `tror_inte`)."""
    if clause.opener not in msg.lex.att or clause.first < 2 or not msg.same_sentence(clause.first - 2, clause.first):
        return False
    believe = msg.lex.readings.get("tror_inte", frozenset())
    return msg.toks[clause.first - 1].norm in msg.lex.negations and msg.toks[clause.first - 2].norm in believe


def _subject_negated(msg: Message, match: Match, clause: Clause) -> bool:
    """The subject itself is denied: "inte jag som har skulder", "inte mamma som dricker"."""
    last: Subj | None = None
    index = clause.first
    while index < match.first:
        mention = subject_mention(msg, index)
        if mention is not None:
            last = mention
            index = max(mention.last, index + 1)
        else:
            index += 1
    if last is None or last.first <= clause.first:
        return False
    before = last.first - 1
    while before > clause.first and msg.toks[before].norm in msg.lex.possessives:
        before -= 1
    return before not in msg.covered and msg.toks[before].norm in msg.lex.negations


def over(msg: Message, match: Match) -> bool:
    """The situation is past and over ("jag drack förut", "jag var hemlös för fem år sen men
    nu har jag en lägenhet"): lexikon.yml `avslutat`."""
    read = msg.lex.readings
    number = msg.clause_of[match.first]
    clause = msg.clauses[number]
    words = set(msg.free_words(clause.first, clause.last))
    if words & read.get("avslutat.forr", frozenset()):
        return True
    if not words & read.get("avslutat.preteritum", frozenset()):
        return False
    now = read.get("avslutat.nu", frozenset())
    for later in msg.clauses[number + 1 :]:
        if later.opener in read.get("avslutat.tidsbisats", frozenset()):
            continue  # "jag var deprimerad när jag var yngre men nu ..."
        return later.opener in read.get("avslutat.kontrast", frozenset()) and bool(
            set(msg.free_words(later.first, later.last)) & now
        )
    return False


def hypothetical(msg: Message, match: Match) -> bool:
    """ "om jag skulle bli hemlös", "ifall jag blir vräkt": not a situation (lexikon `hypotetiskt`)."""
    read = msg.lex.readings
    conditions = read.get("hypotetiskt.villkor", frozenset())
    would = read.get("hypotetiskt.skulle", frozenset())
    only = read.get("hypotetiskt.bara_villkor", frozenset())
    index = match.first - 1
    start = msg.clause_at(match.first).first  # "om min son skulle ..., han knarkar"
    while index >= start:
        norm = msg.toks[index].norm
        if norm in only:
            return True
        if norm in conditions:
            following = [msg.toks[i].norm for i in range(index + 1, min(index + 4, match.first))]
            if any(word in would for word in following):
                return True
        index -= 1
    return False


def about_topic(msg: Message, match: Match) -> bool:
    """Writing or reading about a topic: "ett skolarbete om missbruk" (lexikon.yml `amnesord`)."""
    read = msg.lex.readings
    topics = read.get("amnesord", frozenset())
    about = read.get("amnesord_foljs_av", frozenset())
    first = match.first - 1
    number = msg.clause_of[match.first]
    start = msg.clauses[number].first
    if number > 0 and msg.clauses[number].opener in msg.lex.question_words:
        start = msg.clauses[number - 1].first  # "ett skolarbete om hur missbruk påverkar familjen"
    while first >= start:
        if msg.toks[first].norm in topics and first + 1 < match.first:
            following = {msg.toks[i].norm for i in range(first + 1, min(first + 3, match.first))}
            if following & about:
                return True
        first -= 1
    return False


def asks_for_other(msg: Message) -> bool:
    """ "frågar åt min kompis": the message asks for someone else (lexikon.yml `fragar_at`)."""
    read = msg.lex.readings
    verbs, preps = read.get("fragar_at.verb", frozenset()), read.get("fragar_at.prep", frozenset())
    for index, tok in enumerate(msg.toks[:-1]):
        if tok.norm in verbs and msg.toks[index + 1].norm in preps:
            for nxt in range(index + 2, min(index + 5, len(msg.toks))):
                if not msg.same_sentence(index, nxt):
                    break
                relation = msg.relation_at(nxt)
                if relation is not None and relation.entry.relation:
                    return True
    return False
