"""Stage 6, answers to the question just asked: when the bot asked a yes/no fact (`expecting`)
and the message starts with a yes or no word (lexikon.yml `svar`), that word answers it.
"""

from __future__ import annotations

from bot.facts import vocabulary
from bot.text import squeeze_letters
from bot.understanding.message import Message


def read_answer(msg: Message) -> None:
    """Emit the yes/no fact asked for from the message's first word ("ja", "nää", "japp")."""
    fact = vocabulary().get(msg.expecting or "")
    if fact is None or fact.type != "bool" or not msg.toks:
        return
    if any(f.entity == msg.expecting for f in msg.found):
        return  # a phrase already answered it ("ja de har skilt sig")
    tok, lex = msg.toks[0], msg.lex
    if lex.pronoun_is(tok.norm, "jag"):
        return  # "ja e 14": "ja" is jag (tokens, lexikon.yml `ja_som_jag`)
    squeezed = squeeze_letters(tok.low, longer_than=2, keep=2)  # "jaaaa" -> "jaa"
    if tok.low in lex.yes or squeezed in lex.yes or tok.norm in lex.yes:
        msg.emit(fact.name, True, tok.start, tok.end)
    elif tok.low in lex.no or squeezed in lex.no or tok.norm in lex.no:
        msg.emit(fact.name, False, tok.start, tok.end)
