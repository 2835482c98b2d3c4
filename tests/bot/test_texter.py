"""The texts (bot/data/texter/<lang>.yml): every key in every language with the same placeholders,
every key the code uses present, every text used, and a strict lookup.

Swedish is sv.yml together with Rasa's own replies in domain.yml `responses:` (Rasa reads those
there); their other languages are in the texts files under the same names (`utter_greet.text`,
`utter_greet.knappar.<payload without "/">`).
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
import yaml

from bot import render, telefon, texter
from bot.engine import assess
from bot.facts import vocabulary
from bot.texter import TextError, placeholders, text

ROOT = Path(__file__).resolve().parents[2]  # the repository
CODE_DIRS = ("bot", "actions", "rasa_ext")


def domain_texts() -> dict[str, str]:
    """Rasa's replies in domain.yml, keyed as in the texts files."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}
    for name, variations in domain["responses"].items():
        assert len(variations) == 1 and set(variations[0]) <= {"text", "buttons"}, name
        flat[f"{name}.text"] = variations[0]["text"]
        for button in variations[0].get("buttons") or []:
            flat[f"{name}.knappar.{button['payload'].lstrip('/')}"] = button["title"]
    return flat


def swedish() -> dict[str, str]:
    return {**texter.texts("sv"), **domain_texts()}


OTHER_LANGUAGES = [lang for lang in texter.languages() if lang != "sv"]


def test_the_languages() -> None:
    assert texter.languages() == ["en", "sv"]
    assert not any(key.startswith("utter_") for key in texter.texts("sv")), "Swedish utter_* belong in domain.yml"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_key_is_in_every_language(lang: str) -> None:
    keys, other = set(swedish()), set(texter.texts(lang))
    assert not keys - other, f"{texter.path_of(lang)} lacks {sorted(keys - other)}"
    assert not other - keys, f"{texter.path_of(lang)} has keys Swedish does not: {sorted(other - keys)}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_placeholders_match_between_languages(lang: str) -> None:
    other = texter.texts(lang)
    differ = {
        key: (sorted(placeholders(sv)), sorted(placeholders(other[key])))
        for key, sv in swedish().items()
        if key in other and placeholders(sv) != placeholders(other[key])
    }
    assert not differ, differ


@pytest.mark.parametrize("lang", texter.languages())
def test_every_text_is_clean_and_formats(lang: str) -> None:
    for key, template in texter.texts(lang).items():
        assert template and template == template.strip() and "  " not in template, (lang, key)
        assert all(re.fullmatch(r"[a-z_]+", name) for name in placeholders(template)), (lang, key)
        text(key, lang, **{name: "x" for name in placeholders(template)})


@cache
def code_strings() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Every string literal in the code, and every f-string as a pattern ("fakta.{x}.fraga")."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    constants = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                    if "." not in constants or not re.fullmatch(r"[a-z_0-9.]+", constants):
                        continue  # not a key ("fakta.{name}.fraga" is one)
                    parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"[^.]+" for v in node.values]
                    patterns.append(re.compile("".join(parts)))
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    literals.add(node.value)
    return frozenset(literals), tuple(patterns)


def sections() -> set[str]:
    return {key.split(".")[0] for key in texter.texts("sv")}


def test_every_key_the_code_names_exists() -> None:
    literals, patterns = code_strings()
    named = {
        s
        for s in literals
        if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", s)
        and s.split(".")[0] in sections()
        and not re.search(r"\.(yml|yaml|json|py|md)$", s)  # a file name ("kris.yml")
    }
    missing = named - set(texter.texts("sv"))
    assert not missing, f"the code names texts that bot/data/texter/sv.yml lacks: {sorted(missing)}"
    for pattern in patterns:
        if pattern.pattern.split(r"\.")[0] in sections():
            assert any(pattern.fullmatch(key) for key in texter.texts("sv")), pattern.pattern


def test_every_text_is_used() -> None:
    literals, patterns = code_strings()
    unused = [
        key
        for key in texter.texts("sv")
        if key not in literals and not any(pattern.fullmatch(key) for pattern in patterns)
    ]
    assert not unused, f"texts no code uses: {unused}"


def test_every_fact_is_named_and_every_asked_fact_has_a_question() -> None:
    for lang in texter.languages():
        for name, fact in vocabulary().items():
            assert texter.has(f"fakta.{name}.etikett", lang), (lang, name)
            assert texter.has(f"fakta.{name}.fraga", lang) == (fact.kind == "ask"), (lang, name)
        buttons = {key.rsplit(".", 1)[1] for key in texter.texts(lang) if key.startswith("fakta.relation.knapp.")}
        assert buttons == set(list(vocabulary()["relation"].values)[:6]), lang


def test_values_fill_the_placeholders() -> None:
    assert text("svar.fler_finns", antal=3) == "Det finns 3 till som kan passa."
    assert text("svar.fler_finns", "en", antal=3) == "There are 3 more that may fit."
    assert text("svar.intro") == text("svar.intro", "sv")


@pytest.mark.parametrize(
    ("key", "lang", "values"),
    [
        ("svar.finns_inte", "sv", {}),  # unknown key
        ("svar.intro", "xx", {}),  # unknown language
        ("svar.fler_finns", "sv", {}),  # a placeholder without a value
        ("svar.intro", "sv", {"antal": 1}),  # a value without a placeholder
        ("svar.fler_finns", "sv", {"antal": 1, "namn": "x"}),
    ],
)
def test_a_wrong_lookup_fails_loudly(key: str, lang: str, values: dict[str, object]) -> None:
    with pytest.raises(TextError, match=key):
        text(key, lang, **values)


@pytest.mark.parametrize("lang", texter.languages())
def test_every_reply_can_be_composed_in_every_language(lang: str) -> None:
    from rasa_ext.safety_net import error_message

    situations = [
        {"age": 14, "kommun": "Stockholm", "stadsdel": "Farsta"},
        {"age": 14, "kommun": "Stockholm", "relation": "foralder", "narstaende_situation": ["skadligt_bruk"]},
        {"age": 40, "kommun": "Solna"},
        {"age": 72, "kommun": "Stockholm", "egen_situation": ["digitalt_utanforskap"]},
        {"age": 30, "kommun": "Stockholm", "stadsdel": "Skärholmen", "har_barn": True, "barnets_alder": 9},
        {"age": 19, "kommun": "Stockholm", "egen_situation": ["adoption"], "har_barn": False},
    ]
    replies: list[str] = [error_message(lang), render.problems({"age": "x"}, lang), render.rephrase(lang).text]
    for facts in situations:
        assessment = assess(facts)
        replies += [render.answer(assessment, page, lang).text for page in range(3)]
        replies += [render.no_match(assessment, lang).text]
        replies += [render.why(result, lang) for result in assessment.results]
        replies += [render.explain_insats(result.insats, assessment, lang).text for result in assessment.results[:5]]
    replies += [render.question(name, lang).text for name in vocabulary()]
    for hour in (3, 12):
        replies.append(render.human_contacts(datetime(2026, 12, 1, hour, tzinfo=telefon.STOCKHOLM_TZ), lang).text)
    replies += [render.crisis(None, age, lang) for age in (None, 14, 40)]
    assert all(replies)
