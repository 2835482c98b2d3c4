"""Fixtures for the speed-up tests: Rasa as it is, and Rasa with the server patches installed."""

from __future__ import annotations

import pytest
import rasa.core.processor
from rasa.core.actions.action import RemoteAction
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event

from rasa_ext.speedups import server


@pytest.fixture
def rasas_own() -> object:
    """Rasa as it is; whatever a test patches is put back afterwards."""
    original, resolve = RemoteAction._validate_action_result, Event.__dict__["resolve_by_type"]
    yield
    RemoteAction._validate_action_result = original  # type: ignore[method-assign]
    Event.resolve_by_type = resolve  # type: ignore[method-assign]
    rasa.core.processor.DaskGraphRunner = DaskGraphRunner  # type: ignore[misc]


@pytest.fixture
def fast_validation(rasas_own: object) -> object:
    server.install()
    yield
