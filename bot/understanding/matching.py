"""Stage 2, matching: the lexicon's phrases found in the tokens, longest first and never
overlapping, each word compared through the lexicon's lookups (without å/ä/ö, squeezed, one
typo: bot.understanding.lexicon, bot.text's typo model). A phrase of two or more words may have one
negation inside it ("bor inte ihop"), and intensifiers when nothing shorter matches ("mår så
jävla dåligt"). A phrase's conditions (kraver, utom, efter, ...) are checked here.
"""

from __future__ import annotations

from bot.understanding.lexicon import CLAUSE_END, NUMBER, Entry
from bot.understanding.loading import RELATION_PLACEHOLDER
from bot.understanding.message import Match, Message, Tok

EFTER_WINDOW = 4  # `efter`: one of these words among the 4 words before the phrase
_END_ONLY = frozenset({CLAUSE_END})  # no next word in the clause: only a "$" (clause end) can come second


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def token_is(msg: Message, pattern: str, tok: Tok, exact: bool) -> bool:
    """Whether a token is the phrase word `pattern` ("#": any number up to three digits)."""
    if pattern == NUMBER:
        return (tok.digit and len(tok.low) <= 3) or msg.lex.number(tok.norm) is not None
    if exact:
        return tok.raw == pattern
    return pattern in msg.lex.candidates(tok.norm)


def clause_ends_before(msg: Message, index: int) -> bool:
    if index >= len(msg.toks):
        return True
    tok = msg.toks[index]
    return tok.sent != msg.toks[index - 1].sent or tok.soft or tok.norm in msg.lex.conjunctions


def try_entry(msg: Message, entry: Entry, first: int, skip: bool = False) -> Match | None:
    """The entry's phrase at token `first`, if it is there (`skip`: intensifiers may stand inside)."""
    index, k, negated, skipped, inverted = first, 0, False, 0, None
    phrase, toks, lex = entry.phrase, msg.toks, msg.lex
    sent = toks[first].sent
    intensifiers = lex.readings.get("forstarkningsord", frozenset()) if skip else frozenset()
    while k < len(phrase):
        pattern = phrase[k]
        if pattern == CLAUSE_END:
            if index == first or not clause_ends_before(msg, index):
                return None
            k += 1
            continue
        if index >= len(toks) or toks[index].sent != sent or (index > first and toks[index].soft):
            return None
        tok = toks[index]
        if token_is(msg, pattern, tok, entry.exact):
            k, index = k + 1, index + 1
            continue
        if k > 0 and not negated and entry.words >= 2 and tok.norm in lex.negations:
            negated, index = True, index + 1
            continue
        if k == 1 and inverted is None and entry.words >= 2 and _subject_pronoun(msg, tok):
            inverted, index = index, index + 1  # "dessutom hör jag sämre": the verb before its subject
            continue
        if k > 0 and skipped < 2 and tok.norm in intensifiers:
            skipped, index = skipped + 1, index + 1  # "mår så jävla dåligt"
            continue
        return None
    if inverted is not None and index == inverted + 1:
        return None  # the pronoun ended the phrase: it is no phrase word
    return Match(entry, first, index, negated, inverted)


def _subject_pronoun(msg: Message, tok: Tok) -> bool:
    """jag, vi, han, hon, hen, de: a subject that may stand right after the verb (V2 order)."""
    return tok.norm in msg.lex.readings.get("omvand_ordfoljd", frozenset())


def conditions_hold(msg: Message, match: Match) -> bool:
    """The entry's conditions (lexikon.yml, "Conditions") and the relation words' own rules."""
    entry, toks, lex = match.entry, msg.toks, msg.lex
    if entry.svar_pa and msg.expecting not in entry.svar_pa:
        return False  # "tjej" alone answers "Är du tjej eller kille?", nothing else
    sentence = msg.sentence_words(toks[match.first].sent)
    if entry.kraver and not any(_contains(sentence, words) for words in entry.kraver):
        return False
    if entry.utom and entry.utom & set(sentence):
        return False
    before = match.first - 1
    right_after = msg.same_sentence(before, match.first) and not toks[match.first].soft
    if entry.inte_efter and right_after and toks[before].norm in entry.inte_efter:
        return False
    if entry.bara_efter is not None and right_after and toks[before].norm not in entry.bara_efter:
        return False  # "som pappa" only first in a clause or after jag/är/och
    after = match.last
    if entry.inte_fore and msg.same_sentence(after, match.first) and not toks[after].soft:
        if toks[after].norm in entry.inte_fore:
            return False
        if RELATION_PLACEHOLDER in entry.inte_fore and relation_starts_at(msg, after):
            return False
    if entry.efter:
        window = [
            toks[i].norm
            for i in range(max(0, match.first - EFTER_WINDOW), match.first)
            if msg.same_sentence(i, match.first)
        ]
        if not entry.efter & set(window):
            return False
    if entry.possessive and not possessive_before(msg, match.first):
        return False
    if entry.relation and msg.same_sentence(before, match.first) and not toks[match.first].soft:
        if toks[before].norm in lex.others_possessives:
            return False  # "sin kille", "hennes son": not the user's relation
        previous = before - 1 if toks[before].norm in lex.possessives else before
        if msg.same_sentence(previous, match.first) and toks[previous].norm in lex.negations:
            earlier = previous - 1
            if toks[previous].soft or not msg.same_sentence(earlier, previous) or msg.relation_at(earlier):
                return False  # "det var min syster, inte min bror"
    return True


def relation_starts_at(msg: Message, index: int) -> bool:
    """A relation word (not one that needs a possessive) starts at token `index`."""
    tok = msg.toks[index]
    return any(
        entry.relation and not entry.possessive and try_entry(msg, entry, index)
        for candidate in msg.lex.candidates(tok.norm)
        for entry in msg.lex.by_first.get(candidate, ())
    )


def possessive_before(msg: Message, index: int) -> bool:
    """ "min far", "har en förälder", "mammas man": a word that needs a possessive has one."""
    if msg.expecting == "relation":
        return True
    before = index - 1
    if not msg.same_sentence(before, index) or msg.toks[index].soft:
        return False
    tok, lex = msg.toks[before], msg.lex
    if tok.norm in lex.possessives:
        return True
    if (
        tok.norm in lex.articles
        and msg.same_sentence(before - 1, index)
        and msg.toks[before - 1].norm in lex.owning_verbs
    ):
        return True
    match = msg.covered.get(before)
    return bool(match and match.entry.relation and tok.low.endswith(lex.genitive_endings))


def best_at(msg: Message, index: int, skip: bool) -> Match | None:
    """The longest phrase starting at token index (`skip`: intensifiers may stand inside)."""
    tok, lex = msg.toks[index], msg.lex
    options = lex.starting_with(tok.norm, tok.raw, tok.digit or lex.number(tok.norm) is not None)
    if not options:
        return None
    second = second_patterns(msg, index, skip)
    best: Match | None = None
    for entry in options:
        if best is not None and entry.words < best.entry.words:
            break
        if second is not None and len(entry.phrase) > 1 and entry.phrase[1] not in second:
            continue  # cannot match: the next word is not its second word
        match = try_entry(msg, entry, index, skip)
        if match is None or not conditions_hold(msg, match):
            continue
        if best is None or (best.negated and not match.negated):
            best = match
    return best


def second_patterns(msg: Message, first: int, skip: bool) -> frozenset[str] | None:
    """The second patterns a phrase starting at token `first` may have and still match (a
    superset, to skip hopeless phrases before `try_entry`); None when anything may (the next word
    is a negation or, with `skip`, an intensifier, which a phrase may have inside it).
    Keep in step with `try_entry`: a phrase this rules out must be one `try_entry` rejects."""
    following = first + 1
    toks, lex = msg.toks, msg.lex
    if following >= len(toks) or toks[following].sent != toks[first].sent or toks[following].soft:
        return _END_ONLY
    tok = toks[following]
    if tok.norm in lex.negations or _subject_pronoun(msg, tok):
        return None
    if skip and tok.norm in lex.readings.get("forstarkningsord", frozenset()):
        return None
    number = tok.digit or lex.number(tok.norm) is not None
    return lex.candidates(tok.norm) | {tok.raw, CLAUSE_END, *((NUMBER,) if number else ())}


def match_lexicon(msg: Message) -> None:
    """Find the phrases, left to right, longest first, never overlapping."""
    intensifiers = msg.lex.readings.get("forstarkningsord", frozenset())
    # a phrase can only stretch over an intensifier that comes after its first word
    last_intensifier = max((i for i, tok in enumerate(msg.toks) if tok.norm in intensifiers), default=-1)
    index = 0
    while index < len(msg.toks):
        best = best_at(msg, index, skip=False)
        if best is None and index < last_intensifier:
            # "mår så jävla dåligt": only when no phrase inside it matches by itself ("känner
            # mig så ensam" stays "ensam")
            wider = best_at(msg, index, skip=True)
            if wider is not None and not any(best_at(msg, inner, skip=False) for inner in range(index + 1, wider.last)):
                best = wider
        if best is None:
            index += 1
            continue
        msg.matches.append(best)
        for covered in range(best.first, best.last):
            msg.covered[covered] = best
        index = best.last
