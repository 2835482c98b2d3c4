"""Stödguiden's speed-ups: the modules that replace or patch Rasa internals, kept together.

Each one gives Rasa's own result faster (measured in bench/choices.md; guarded by tests named in
docs/rasa-upgrade.md), and each can be turned off without changing what the bot says:

- `intent.NgramIntentClassifier` (model, config.yml): replaces CountVectorsFeaturizer ×2 +
  LogisticRegressionClassifier; config.stock.yml has Rasa's own three instead.
- `policy.IntentActionPolicy` (model, config.yml): replaces RulePolicy's predictions for rules
  of one intent and one action; config.stock.yml has RulePolicy with the same settings.
- `server` (process): `python -m rasa_ext.speedups.server run …` is Rasa's CLI with two patched
  methods (`RemoteAction._validate_action_result`, `Event.resolve_by_type`) and the graph runner
  of `runner` in place of DaskGraphRunner. With STODGUIDEN_SPEEDUPS=0 in the environment it is
  Rasa's CLI unchanged (as plain `rasa run`).

`make test-stock` runs the end-to-end stories and the server tests with everything off.
This module imports nothing from Rasa, so reading the switch costs nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SWITCH = "STODGUIDEN_SPEEDUPS"
_OFF = frozenset({"0", "false", "no", "off"})


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """False when STODGUIDEN_SPEEDUPS is 0/false/no/off (any case); True when unset or anything else."""
    value = (os.environ if environ is None else environ).get(SWITCH, "")
    return value.strip().lower() not in _OFF
