"""rasa_ext.speedups.runner on the trained model: the model's graph, run without dask, parses and
predicts as with dask (marker `model`; docs/rasa-upgrade.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rasa.core.processor
from rasa.shared.core.events import UserUttered

# STODGUIDEN_MODEL may name another trained model with the speed-ups (config.yml).
MODEL = Path(os.environ.get("STODGUIDEN_MODEL") or Path(__file__).resolve().parents[2] / "models" / "stodguiden.tar.gz")
CONVERSATION = ["hej", "vilket stöd kan jag få?", "ja e 15", "bor i farsta", "mina föräldrar har skilt sig",
                "/inform{\"age\": 14}", "varför?", "jag vill dö", "börja om", "🙂", "<b>x</b>", ""]  # fmt: skip


@pytest.mark.model
def test_the_ordered_runner_parses_and_predicts_as_dask_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_ext.speedups.runner import OrderedGraphRunner

    with_dask = Agent.load(str(MODEL))
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", OrderedGraphRunner)
    ordered = Agent.load(str(MODEL))
    assert type(ordered.processor.graph_runner) is OrderedGraphRunner  # the server's loader picks it up
    assert type(with_dask.processor.graph_runner) is not OrderedGraphRunner

    events: list = [ActionExecuted("action_listen")]
    for text in CONVERSATION:
        parsed = asyncio.run(ordered.parse_message(text))
        assert parsed == asyncio.run(with_dask.parse_message(text)), text
        events += [UserUttered(text, parsed["intent"], parsed["entities"], parsed), ActionExecuted("action_listen")]
        tracker = DialogueStateTracker.from_events("test", events[:-1], slots=ordered.domain.slots)
        ours = ordered.processor._predict_next_with_tracker(tracker)
        theirs = with_dask.processor._predict_next_with_tracker(tracker)
        assert (ours.policy_name, ours.probabilities) == (theirs.policy_name, theirs.probabilities), text
    assert ordered.processor.graph_runner._plan.cache_info().currsize == 2  # parse and predict, planned once each
