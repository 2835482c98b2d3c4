"""The safety mechanism (bot/kris.py, bot/data/kris.yml): every crisis caught, few false alarms."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import kris

DATA = Path(__file__).resolve().parents[1] / "data"  # tests/data
MAX_FALSE_ALARM_RATE = 0.02


def _positives() -> list[tuple[str, str]]:
    """(category, message) pairs: "# kategori: X" groups, or "kategori<TAB>message" lines."""
    pairs = []
    current = None
    for line in (DATA / "kris_positiva.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("# kategori:"):
            current = stripped.split(":", 1)[1].strip()
        elif not stripped or stripped.startswith("#"):
            continue
        elif "\t" in line:
            kategori, message = line.split("\t", 1)
            pairs.append((kategori.strip(), message))
        else:
            assert current, f"positive without a category: {line!r}"
            pairs.append((current, line))
    return pairs


def _negatives() -> list[str]:
    lines = (DATA / "kris_negativa.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.strip().startswith("#")]


POSITIVES = _positives()
NEGATIVES = _negatives()


def test_enough_examples() -> None:
    assert len(POSITIVES) >= 80
    assert len(NEGATIVES) >= 80
    assert {kategori for kategori, _ in POSITIVES} == set(kris.kategorier())


@pytest.mark.parametrize(("kategori", "message"), POSITIVES, ids=[m for _, m in POSITIVES])
def test_every_positive_is_caught_with_the_right_category(kategori: str, message: str) -> None:
    hit = kris.detect(message)
    assert hit is not None, f"missed: {message!r} -> {kris.normalize(message)!r}"
    assert hit.kategori == kategori, f"{message!r}: {hit}"


def test_catch_rate_is_100_percent() -> None:
    caught = [m for k, m in POSITIVES if (hit := kris.detect(m)) and hit.kategori == k]
    print(f"\ncatch rate: {len(caught)}/{len(POSITIVES)} = {len(caught) / len(POSITIVES):.1%}")
    assert len(caught) == len(POSITIVES)


def test_false_alarms_at_most_2_percent() -> None:
    fired = [(message, kris.detect(message)) for message in NEGATIVES]
    fired = [(message, hit) for message, hit in fired if hit is not None]
    rate = len(fired) / len(NEGATIVES)
    print(f"\nfalse alarms: {len(fired)}/{len(NEGATIVES)} = {rate:.1%}")
    for message, hit in fired:
        print(f"  FIRED {hit.kategori}/{hit.monster}: {message!r}")
    assert rate <= MAX_FALSE_ALARM_RATE, fired


@pytest.mark.parametrize(
    ("message", "kategori"),
    [
        ("självmordslinjen, vad är numret?", "suicid"),  # documented call: asking may mean at risk
        ("jag dör av skratt men egentligen vill jag dö", "suicid"),  # an idiom does not veto the rest
        ("Vill Dö!!!", "suicid"),
        ("vill döööö 😭", "suicid"),
        ("<p>pappa <b>slår</b> mig</p>", "vald"),
        ("sjalvmord", "suicid"),
        ("pappa sla mig", "vald"),
    ],
)
def test_documented_calls(message: str, kategori: str) -> None:
    hit = kris.detect(message)
    assert hit is not None and hit.kategori == kategori


# --- lines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kategori", "age", "expected"),
    [
        ("suicid", 17, ["sos_112", "bris", "sjalvmordslinjen"]),
        ("suicid", 18, ["sos_112", "sjalvmordslinjen"]),
        ("suicid", None, ["sos_112", "bris", "sjalvmordslinjen"]),
        ("vald", 17, ["sos_112", "bris"]),
        ("vald", 18, ["sos_112", "kvinnofridslinjen"]),
        ("vald", None, ["sos_112", "bris", "kvinnofridslinjen"]),
        ("sexuella_overgrepp", 12, ["sos_112", "bris"]),
        ("sexuella_overgrepp", 45, ["sos_112", "kvinnofridslinjen"]),
        ("sexuella_overgrepp", None, ["sos_112", "bris", "kvinnofridslinjen"]),
        ("akut_fara", 17, ["sos_112", "bris"]),
        ("akut_fara", 18, ["sos_112"]),
        ("akut_fara", None, ["sos_112", "bris"]),
        ("okänd kategori", 30, ["sos_112"]),
        ("okänd kategori", None, ["sos_112", "bris"]),
    ],
)
def test_linjer_for(kategori: str, age: int | None, expected: list[str]) -> None:
    assert kris.linjer_for(kategori, age) == expected


@pytest.mark.parametrize("odd_age", [-1, 200, True, "abc", 3.5, object()])
def test_odd_ages_count_as_unknown(odd_age: object) -> None:
    assert kris.linjer_for("vald", odd_age) == ["sos_112", "bris", "kvinnofridslinjen"]  # type: ignore[arg-type]


def test_every_category_starts_with_112() -> None:
    for kategori in kris.kategorier():
        for age in (None, 0, 17, 18, 99):
            assert kris.linjer_for(kategori, age)[0] == "sos_112"


def test_line_ids_exist_in_telefon_yml() -> None:
    path = Path(kris.__file__).parent / "data" / "telefon.yml"
    if not path.exists():
        pytest.skip("bot/data/telefon.yml is written by another part of the project")
    # Read as text, not YAML: whether telefon.yml parses is tested with the file that owns it.
    ids = set(re.findall(r"^\s*-?\s*id:\s*(\w+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    for kategori in [*kris.kategorier(), "reserv"]:
        for line_id in kris.linjer_for(kategori, None):
            assert line_id in ids, f"{line_id} not in telefon.yml"


# --- normalisation and robustness ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("JAAAG VILL DÖÖÖ 😭😭", "jag vil dö"),
        ("ja e rädd", "jag är räd"),
        ("mej o dej", "mig och dig"),
        ("Pappa slår mig!!!", "papa slår mig"),
        ("<b>hej</b>&amp;då", "hej då"),
        ("idé café", "ide cafe"),
        ("Æble ø", "äble ö"),
        ("ring 112", "ring 112"),
        ("tab\x00let\x1bter", "tab let ter"),
    ],
)
def test_normalize(raw: str, normal: str) -> None:
    assert kris.normalize(raw) == normal


@pytest.mark.parametrize(
    "odd",
    [
        "",
        "   \n\t ",
        None,
        b"vill d\xc3\xb6",
        12345,
        "😭" * 500,
        "<script>alert('x')</script>",
        "\x00\x01\x02\x7f\u200b\ufeff",
        "\ud800",
        "a" * 100_000,
        "vill " * 20_000,
        "<" * 50_000,
        "&#" * 50_000,
    ],
)
def test_detect_never_raises(odd: object) -> None:
    started = time.perf_counter()
    kris.detect(odd)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0


def test_huge_input_reads_only_the_start() -> None:
    assert kris.detect("vill dö " + "bla " * 30_000) is not None
    assert kris.detect("bla " * 30_000 + "vill dö") is None  # past MAX_CHARS: documented limit
    assert kris.detect(b"vill d\xc3\xb6") == kris.detect("vill dö")


def test_emoji_and_empty_are_not_crises() -> None:
    for text in ("", "   ", "😭😭😭", "🙂", "<br/>", "...!!!"):
        assert kris.detect(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_detect_never_raises_on_random_text(text: str) -> None:
    result = kris.detect(text)
    assert result is None or result.kategori in kris.kategorier()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_normalize_is_idempotent(text: str) -> None:
    once = kris.normalize(text)
    assert kris.normalize(once) == once


def test_all_tried_on_a_long_mixed_message_is_fast() -> None:
    message = ("jag vill inte gå till skolan men mamma säger att jag måste, " * 100)[: kris.MAX_CHARS]
    started = time.perf_counter()
    for _ in range(20):
        kris.detect(message)
    assert (time.perf_counter() - started) / 20 < 0.05


def test_joined_patterns_only_save_work() -> None:
    # detect skips a category's patterns (or a list of exclusions) at once when their joined
    # pattern finds nothing: the answer is the one of trying them one by one
    messages = [m for _, m in POSITIVES] + NEGATIVES + ["jag dör av skratt men egentligen vill jag dö", "", "😭"]
    quick = [kris.detect(message) for message in messages]
    regler = kris._regler()
    one_by_one = dataclasses.replace(
        regler,
        alla_undantag=None,
        kategorier=tuple(
            dataclasses.replace(kategori, alla_monster=None, alla_undantag=None) for kategori in regler.kategorier
        ),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kris, "_regler", lambda: one_by_one)
        assert [kris.detect(message) for message in messages] == quick


def test_patterns_with_backreferences_are_not_joined() -> None:
    assert kris._any_of((re.compile(r"(a)\1"), re.compile("b"))) is None
    assert kris._any_of(()) is None
    joined = kris._any_of((re.compile("ab"), re.compile("cd")))
    assert joined is not None and joined.search("xcd") and not joined.search("ac")
