"""The NLU data itself: training files (data/nlu/) and the held-out test set (tests/nlu/).

- no sentence of the test set is in the training data (compared case-, accent- and
  punctuation-insensitively), so `rasa test nlu` measures generalisation;
- every intent of domain.yml has training examples and at least 10 test messages;
- every annotated entity has a value that bot/data/fakta.yml allows, a known place name or an
  insats name from the catalogue (or the city's seed documents);
- one span text always has one value (Rasa turns annotations into synonyms and would overwrite a
  conflicting one), and no example is labelled with two intents.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot import places
from bot.catalogue import load
from bot.facts import vocabulary
from bot.text import fold

ROOT = Path(__file__).resolve().parents[2]  # the repository
TRAIN_DIR = ROOT / "data" / "nlu"
TEST_FILE = ROOT / "tests" / "nlu" / "test_nlu.yml"
SEEDS = ROOT.parent / "shared" / "seeds"
ANNOTATION = re.compile(r"\[([^\]]+)\]\{([^}]*)\}")

MIN_TEST_PER_INTENT = 10
MIN_TEST_MESSAGES = 320
MIN_TRAIN_PER_INTENT = 25
BROAD_INTENTS = {"describe_situation": 60, "inform": 60}

NUMBER_WORDS = {
    "noll": 0,
    "ett": 1,
    "en": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "nitton": 19,
    "tjugo": 20,
}

# Places are checked against bot.places (bot/data/kommuner.yml, stadsdelsforvaltningar.yml):
# one source of truth, no list of its own here.


def _known_kommun(value: str) -> bool:
    match = places.find_kommun(value)
    return match.status == "found" and match.value == value


def _known_stadsdel(value: str) -> bool:
    match = places.find_stadsdel(value)
    # Svedmyra is split between two förvaltningar: a real stadsdel, reported as ambiguous.
    known = match.status in ("found", "ambiguous") and match.value == value
    return known or places.forvaltning(value) is not None



def _examples(path: Path) -> list[tuple[str, str]]:
    """(intent, raw example with annotations) for every example in a Rasa 3 NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert str(data.get("version")) == "3.1", f'{path.name}: version ska vara "3.1"'
    found = []
    for block in data.get("nlu") or []:
        assert "intent" in block and isinstance(block.get("examples"), str), f"{path.name}: {block}"
        for line in block["examples"].splitlines():
            line = line.strip()
            # Rasa warns about and skips any line that is not "- example", blank ones too.
            assert line.startswith("- "), f"{path.name}, {block['intent']}: '{line}' is not a list item"
            found.append((block["intent"], line[2:].strip()))
    return found


def _plain(example: str) -> str:
    return ANNOTATION.sub(lambda match: match.group(1), example)


def _entities(example: str) -> list[tuple[str, str, object]]:
    """(span text, entity, value) for every annotation; the value defaults to the span."""
    found = []
    for match in ANNOTATION.finditer(example):
        attributes = json.loads("{" + match.group(2) + "}")
        found.append((match.group(1), attributes["entity"], attributes.get("value", match.group(1))))
    return found


TRAIN = [item for path in sorted(TRAIN_DIR.glob("*.yml")) for item in _examples(path)]
TEST = _examples(TEST_FILE)


def _domain_intents() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])


def _counts(examples: list[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for intent, _ in examples:
        counts[intent] += 1
    return counts


def _sentence_key(example: str) -> str:
    """Case, accents, punctuation and emoji do not make a new sentence (emoji-only messages
    are compared as written)."""
    plain = _plain(example)
    return fold(plain) or " ".join(plain.split())


def test_no_test_sentence_is_in_the_training_data() -> None:
    trained = {_sentence_key(example) for _, example in TRAIN}
    overlap = sorted({_plain(example) for _, example in TEST if _sentence_key(example) in trained})
    assert not overlap, f"in both the training and the test data: {overlap}"


def test_every_intent_is_trained_and_tested() -> None:
    intents = _domain_intents()
    train, test = _counts(TRAIN), _counts(TEST)
    assert set(train) == intents, f"training intents differ from domain.yml: {set(train) ^ intents}"
    assert set(test) == intents, f"test intents differ from domain.yml: {set(test) ^ intents}"
    few_test = {intent: n for intent, n in test.items() if n < MIN_TEST_PER_INTENT}
    assert not few_test, f"fewer than {MIN_TEST_PER_INTENT} test messages: {few_test}"
    assert len(TEST) >= MIN_TEST_MESSAGES
    few_train = {intent: n for intent, n in train.items() if n < BROAD_INTENTS.get(intent, MIN_TRAIN_PER_INTENT)}
    assert not few_train, f"too few training examples: {few_train}"


@pytest.mark.parametrize("name, examples", [("training", TRAIN), ("test", TEST)])
def test_no_example_has_two_intents_or_appears_twice(name: str, examples: list[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for intent, example in examples:
        key = " ".join(_plain(example).split())
        if key in seen:
            clashes.append((_plain(example), seen[key], intent))
        seen[key] = intent
    assert not clashes, f"{name} data has repeated examples: {clashes}"


def _insats_names() -> set[str]:
    names = {fold(n) for insats in load().insatser for n in (insats.namn, insats.id, *insats.alias)}
    return names


def _known_insats(value: str) -> bool:
    wanted = fold(value)
    if load().find(value) or wanted in _insats_names():
        return True
    if SEEDS.is_dir():  # the city's documents name every insats (abbreviations in parentheses)
        return any(wanted in fold(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt"))
    return False


def _problem(span: str, entity: str, value: object) -> str | None:
    """Why this annotation is wrong, or None."""
    vocab = vocabulary()
    if entity in ("age", "barnets_alder"):
        fact = vocab[entity]
        number = NUMBER_WORDS.get(span.casefold()) if not span.isdigit() else int(span)
        if number is None:
            return "the span of an age is just the number or number word"
        if str(value) != str(number) or not fact.min <= number <= fact.max:
            return f"value {value!r} does not match the span or is outside {fact.min}-{fact.max}"
        return None
    if entity in ("relation", "narstaende_situation", "egen_situation"):
        return None if value in vocab[entity].values else f"'{value}' is no value of {entity} in fakta.yml"
    if entity == "kommun":
        return None if _known_kommun(str(value)) else f"unknown kommun '{value}'"
    if entity == "stadsdel":
        return None if _known_stadsdel(str(value)) else f"unknown stadsdel '{value}'"
    if entity == "insats":
        return None if isinstance(value, str) and _known_insats(value) else f"unknown insats '{value}'"
    return f"entity '{entity}' is not annotated in the NLU data"


@pytest.mark.parametrize("name, examples", [("training", TRAIN), ("test", TEST)])
def test_entity_values_are_valid(name: str, examples: list[tuple[str, str]]) -> None:
    problems = []
    for _, example in examples:
        for span, entity, value in _entities(example):
            problem = _problem(span, entity, value)
            if problem:
                problems.append(f"{_plain(example)!r}: [{span}] {entity}: {problem}")
    assert not problems, f"{name} data:\n" + "\n".join(problems)


@pytest.mark.parametrize("name, examples", [("training", TRAIN), ("test", TEST)])
def test_one_span_text_has_one_value(name: str, examples: list[tuple[str, str]]) -> None:
    values: dict[str, set[str]] = defaultdict(set)
    for _, example in examples:
        for span, _, value in _entities(example):
            if span != str(value):
                values[span.casefold()].add(str(value))
    conflicts = {span: sorted(found) for span, found in values.items() if len(found) > 1}
    assert not conflicts, f"{name} data maps one span text to several values: {conflicts}"
