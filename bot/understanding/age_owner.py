"""Whose age a number is, as small named rules over the words around it (lexikon.yml `alder`):
first the rules that say it is no age at all, then who owns it. docs/understanding.md, "Ages".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.text import fold
from bot.understanding.message import CHILD, Clause, Message, Subj
from bot.understanding.roles import child_word_subject, rel, subject_before, subject_mention

AGE_FACTS = ("age", "barnets_alder")
OLD_RELATIVE = "aldre"  # a relative's age at or above alder.aldre_fran: narstaende_situation aldre
CHILD_AGE_ALONE = 12  # "han är 7" with nobody named: a child up to this age
CHILD_AGE_MAX = 26  # "han är 20" when the message is about the user's children


@dataclass
class Around:
    """A number at tokens [first, after) and the words around it in its sentence. `before` is the
    word before the number and its modifiers ("typ", "nästan": `modifiers`), at token `eff`."""

    first: int
    after: int
    value: int
    clause: Clause
    next1: str | None  # the word after the number (None after a comma)
    next2: str | None
    before: str | None
    before2: str | None
    before_soft: bool  # a comma or the like between `before` and the number
    eff: int
    modifiers: list[str]
    adjust: int  # "nästan 15" is 14, "jag fyller 15" is 14

    @property
    def joined_before(self) -> str | None:
        """`before` when nothing separates it from the number."""
        return None if self.before_soft else self.before


def around(msg: Message, first: int, after: int, value: int) -> Around:
    alder, toks = msg.lex.alder, msg.toks
    n1, n2 = msg.norm_at(after, first), msg.norm_at(after + 1, first)
    if n1 is not None and toks[after].soft:
        n1 = n2 = None
    if n2 is not None and toks[after + 1].soft:
        n2 = None
    adjust, modifiers, eff = 0, [], first - 1
    while eff >= 0 and msg.same_sentence(eff, first) and toks[eff].norm in alder["modifierare"]:
        adjust += alder["modifierare"][toks[eff].norm]
        modifiers.append(toks[eff].norm)
        eff -= 1
    p1, p2 = msg.norm_at(eff, first), msg.norm_at(eff - 1, first)
    p1_soft = p1 is not None and toks[eff + 1].soft
    if p1 is not None and not p1_soft:
        if p1 in alder["fyller"] or (p2 is not None and f"{p2} {p1}" in alder["fyller"]):
            adjust -= 1
    return Around(first, after, value, msg.clause_at(first), n1, n2, p1, p2, p1_soft, eff, modifiers, adjust)


def age_owner(msg: Message, first: int, after: int, value: int) -> tuple[str | None, int]:
    """Which fact a number is (age, barnets_alder, OLD_RELATIVE or None) and how to adjust it."""
    at = around(msg, first, after, value)
    if any(rule(msg, at) for rule in NOT_AN_AGE):
        return None, 0
    return _owner(msg, at), at.adjust


# ----------------------------------------------------------------------------- no age at all


def _counted(msg: Message, at: Around) -> bool:
    """ "2 gånger", "500 kr", "10 stödsamtal": a count or an amount."""
    return at.next1 in msg.lex.alder["inte_enheter"]


def _years_ago(msg: Message, at: Around) -> bool:
    """ "2 år sedan", "3 år kvar"."""
    return at.next1 in msg.lex.alder["arsord"] and at.next2 in msg.lex.alder["efter_varaktighet"]


def _for_a_while(msg: Message, at: Around) -> bool:
    """ "under 3 år", "i över 10 år": a duration, unless a subject or a copula comes before."""
    alder = msg.lex.alder
    if not set(at.modifiers) & alder["varaktighet_modifierare"] or at.before in alder["kopula"]:
        return False
    return at.eff < 0 or subject_mention(msg, at.eff) is None


def _denied(msg: Message, at: Around) -> bool:
    """ "jag är inte 14", "fjorton inte fyrtio": a number right after a negation."""
    return at.before in msg.lex.negations and not msg.toks[at.first].soft


def _nobodys(msg: Message, at: Around) -> bool:
    """ "vad är 5 plus 5", "skulden är 300": the copula's subject is no person."""
    return at.before in msg.lex.alder["kopula"] and at.before2 in msg.lex.alder["inte_subjekt"]


def _after_a_non_age_word(msg: Message, at: Around) -> bool:
    """ "kl 15", "nr 14", "kostar 50": a word before that is never followed by an age."""
    alder = msg.lex.alder
    return at.joined_before not in (None, *alder["pa"]) and at.joined_before in alder["inte_fore"]


def _address(msg: Message, at: Around) -> bool:
    """ "Storgatan 14"."""
    return at.joined_before is not None and fold(at.joined_before).endswith(msg.lex.alder["adress"])


def _duration(msg: Message, at: Around) -> bool:
    """ "i 3 år", "för 2 år sedan"."""
    alder = msg.lex.alder
    word = at.joined_before
    return (
        word is not None and at.next1 in alder["enheter"] and word in alder["varaktighet"] and word not in alder["pa"]
    )


def _owned_count(msg: Message, at: Around) -> bool:
    """ "nu har jag tre ärenden", "hade jag 2 jobb": the verb before its subject, a count of things."""
    if at.next1 in msg.lex.alder["enheter"] or at.joined_before is None or not msg.pronoun(at.eff, "jag"):
        return False
    return at.eff - 1 >= at.clause.first and msg.norm_at(at.eff - 1, at.first) in msg.lex.owning_verbs


def _back_then(msg: Message, at: Around) -> bool:
    """ "när jag va 5", "jag var 15 när de skilde sig": an age in the past, not the age now."""
    alder = msg.lex.alder
    if at.joined_before not in alder["dataform_kopula"]:
        return False
    sentence = msg.toks[at.first].sent
    return any(tok.sent == sentence and tok.norm in alder["da_ord"] for tok in msg.toks)


NOT_AN_AGE: tuple[Callable[[Message, Around], bool], ...] = (
    _counted,
    _years_ago,
    _for_a_while,
    _denied,
    _nobodys,
    _after_a_non_age_word,
    _address,
    _duration,
    _owned_count,
    _back_then,
)

# ----------------------------------------------------------------------------- whose age


def _owner(msg: Message, at: Around) -> str | None:
    if _listed_after_a_childs_age(msg, at):
        return "barnets_alder"  # "två barn 4 år och 9 år", "barnen är 7 och 12"
    if at.joined_before in msg.lex.alder["pa"]:
        return _age_after_pa(msg, at)  # "en son på 5 år"
    if _child_aring(msg, at):
        return "barnets_alder"  # "min 3-åring"
    direct = _direct_owner(msg, at.eff, at.first)
    if direct is None and not _has_cue(msg, at):
        return _uncued_owner(msg, at)
    return _cued_owner(msg, at, direct)


def _listed_after_a_childs_age(msg: Message, at: Around) -> bool:
    """ "N (år) och M": a number listed right after a child's age is another child's."""
    toks, alder = msg.toks, msg.lex.alder
    if at.before_soft or at.before != "och" or at.modifiers:
        return False
    index = at.eff - 1
    if index >= 0 and msg.same_sentence(index, at.first) and toks[index].norm in alder["enheter"]:
        index -= 1
    if index < 0 or not msg.same_sentence(index, at.first):
        return False
    value = int(toks[index].norm) if toks[index].digit else msg.lex.number(toks[index].norm)
    if value is None:
        return False
    return age_owner(msg, index, index + 1, value)[0] == "barnets_alder"


def _child_aring(msg: Message, at: Around) -> bool:
    """ "min 3-åring", "har en 3-åring", "en 5-årig pojke": a child's age."""
    alder = msg.lex.alder
    if at.next1 not in alder["aringar"]:
        return False
    word_before = msg.norm_at(at.first - 1, at.first)
    if word_before in msg.lex.possessives:
        return True
    if word_before in msg.lex.articles and msg.norm_at(at.first - 2, at.first) in alder["fore_aring"]:
        return True
    return at.next2 in alder["barnord"]


def _correction(msg: Message, at: Around) -> bool:
    """ "hon är inte 8 utan 9": the number after utan corrects one before it."""
    toks, eff = msg.toks, at.eff
    return (
        at.before in msg.lex.alder["rattelse"]
        and msg.norm_at(eff - 2, at.first) in msg.lex.negations
        and (toks[eff - 1].digit or msg.lex.number(toks[eff - 1].norm) is not None)
    )


def _has_cue(msg: Message, at: Around) -> bool:
    """Something says the number is an age: "14 år", "jag är 14", "åldern 14", a correction."""
    alder = msg.lex.alder
    if at.next1 in alder["enheter"] or _correction(msg, at) or at.joined_before in alder["kopula"]:
        return True
    return any(msg.norm_at(i, at.first) in alder["alder_ord"] for i in range(max(0, at.eff - 2), at.eff + 1))


def _uncued_owner(msg: Message, at: Around) -> str | None:
    """A number with no cue: an answer to the age question, the message's first word, a
    correction ("oops menade 12", "nej, tretton") or "jag är tjej och 14"; else nothing."""
    alder, toks, first = msg.lex.alder, msg.toks, at.first
    if msg.expecting in AGE_FACTS:
        subj = subject_before(msg, first, at.clause, inversion=False)
        return _fact_for(msg, subj, at.value, default=msg.expecting)
    alone = at.after == len(toks) or (at.after + 1 == len(toks) and at.next1 in alder["enheter"])
    if at.eff < 0 and (toks[first].digit or alone):
        return "age"  # "14 och bor i farsta", "typ 17", "fjorton"
    before: set[str] = set()  # the words before the number in its sentence
    index = first - 1
    while index >= 0 and toks[index].sent == toks[first].sent:
        before.add(toks[index].norm)
        index -= 1
    if at.before not in msg.lex.negations and before & alder["rattelse_ord"]:
        return "age"  # "oops menade 12", "nej, tretton"
    if _trailing_age(msg, at):
        return "age"  # "jag är tjej och 14"
    return None


def _cued_owner(msg: Message, at: Around, direct: Subj | None) -> str | None:
    """An age said as an age: the owner is the subject ("jag är 14", "min son är 7")."""
    toks, lex, clause = msg.toks, msg.lex, at.clause
    subj = direct or subject_before(msg, at.first, clause, inversion=False)
    if subj.kind in ("ingen", "vi") and any(
        toks[i].norm in lex.alder["barnord"] for i in range(clause.first, at.first)
    ):
        subj = Subj("rel", CHILD)  # "vi har tre barn, den äldsta är 15"
    if at.next1 in lex.alder["aringar"] and subj.kind == "jag":
        if not any(toks[i].norm in lex.alder["presens_kopula"] for i in range(max(subj.first, 0), at.first)):
            return "barnets_alder"  # "jag har en 3-åring"
    default = "barnets_alder" if msg.expecting == "barnets_alder" else "age"
    return _fact_for(msg, subj, at.value, default=default)


def _trailing_age(msg: Message, at: Around) -> bool:
    """A clause that is only a number, after "jag är ...": "jag är kille och 17"."""
    index = msg.clause_of[at.first]
    if index == 0:
        return False
    previous, clause, lex = msg.clauses[index - 1], at.clause, msg.lex
    if previous.sent != clause.sent or previous.subject is None or previous.subject.kind != "jag":
        return False
    if not any(msg.toks[i].norm in lex.alder["presens_kopula"] for i in range(previous.first, previous.last)):
        return False
    rest = [i for i in range(clause.first, clause.last) if not at.first <= i < at.after]
    if clause.opener:
        rest = rest[1:]
    return all(msg.toks[i].norm in lex.alder["modifierare"] for i in rest)


def _direct_owner(msg: Message, eff: int, first: int) -> Subj | None:
    """A person word right before the number: "jag 14", "min son (7)", "sonen 7 år"."""
    if eff < 0 or not msg.same_sentence(eff, first):
        return None
    match = msg.relation_at(eff)
    if match is not None:
        return rel(match)
    if msg.pronoun(eff, "jag"):
        return Subj("jag", first=eff, last=eff + 1)
    if msg.toks[eff].norm in msg.lex.alder["barnord"]:
        return child_word_subject(eff)
    return None


def _fact_for(msg: Message, subj: Subj, value: int, default: str) -> str | None:
    """The fact a number is when `subj` owns it."""
    if subj.kind == "jag":
        return "age"
    old = value >= msg.lex.alder["aldre_fran"]
    if subj.kind == "rel":
        if subj.relation == CHILD:
            return "barnets_alder"
        return OLD_RELATIVE if old else None
    if subj.kind == "tredje":
        parent = (
            msg.expecting in ("barnets_alder", "har_barn")
            or any(msg.pronoun(i, "vi") for i in range(len(msg.toks)))
            or msg.child_context()
        )
        if 0 <= value <= CHILD_AGE_ALONE or (parent and value <= CHILD_AGE_MAX):
            return "barnets_alder"
        return OLD_RELATIVE if old else None
    if subj.kind == "vi":
        return None
    return default


def _age_after_pa(msg: Message, at: Around) -> str | None:
    """ "en son på 5 år", "barn på 5", "jag är en tjej på 15"."""
    alder, toks, lex = msg.lex.alder, msg.toks, msg.lex
    noun = at.eff - 1
    if not msg.same_sentence(noun, at.first):
        return None
    relation = msg.relation_at(noun)
    norm = toks[noun].norm
    clause = msg.clause_at(noun)
    subj = subject_before(msg, noun, clause, inversion=False)
    if relation is not None and relation.entry.relation == CHILD:
        return "barnets_alder"
    article = noun - 1 if msg.norm_at(noun - 1, noun) in lex.articles else noun
    if msg.norm_at(article - 1, noun) in alder["fore_aring"] and norm in alder["personord"] | alder["barnord"]:
        return "barnets_alder"  # "bonusmamma till en kille på 14": the child's, not the user's
    is_word = any(toks[i].norm in alder["presens_kopula"] for i in range(clause.first, noun))
    me = subj.kind == "jag" or any(lex.pronoun_is(toks[i].norm, "jag") for i in range(clause.first, noun))
    if me and is_word and (norm in alder["personord"] or norm in alder["barnord"]):
        return "age"
    if norm in alder["barnord"]:
        return "barnets_alder"
    return None
