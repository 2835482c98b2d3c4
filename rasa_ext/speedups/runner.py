"""A graph runner for the Rasa server that runs the model's graph in a fixed order, without dask.

Rasa runs two graphs per message (parse, then predict) with `DaskGraphRunner`, which for every
run rebuilds the minimal schema and a dask graph, orders it and executes it through dask's
synchronous scheduler: a measurable share of the server's CPU (bench/choices.md). The graph
never changes while the server runs, so here the
order is worked out once per set of targets and each run just calls the nodes in it.

The result is the same: the same `GraphNode` objects (so the same components, hooks and
errors) get the same inputs in an order that respects every dependency, as dask's does; a
need that names no node is passed as its name, as dask passes it; a RuntimeError becomes
Rasa's GraphRunError. Training keeps Rasa's own runner. Put in place by rasa_ext.speedups.server.
"""

from __future__ import annotations

import functools
from graphlib import TopologicalSorter
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

Step = tuple[str, GraphNode, tuple[str, ...]]
Plan = tuple[tuple[Step, ...], frozenset[str]]


class OrderedGraphRunner(DaskGraphRunner):
    """Rasa's DaskGraphRunner with `run` replaced by a precomputed, dependency-ordered loop."""

    @functools.lru_cache(maxsize=8)  # noqa: B019 - one runner per loaded model, few target sets
    def _plan(self, targets: tuple[str, ...]) -> Plan:
        """The nodes the targets need, each after everything it needs, and their names."""
        schema = self._graph_schema.minimal_graph_schema(list(targets))
        needs = {name: tuple(node.needs.values()) for name, node in schema.nodes.items()}
        order = TopologicalSorter({name: [n for n in parents if n in needs] for name, parents in needs.items()})
        steps = tuple((name, self._instantiated_nodes[name], needs[name]) for name in order.static_order())
        return steps, frozenset(needs)

    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        """Runs the graph (see Rasa's GraphRunner.run)."""
        run_targets = targets if targets else self._graph_schema.target_names
        steps, node_names = self._plan(tuple(run_targets))
        given = inputs or {}
        values: dict[str, Any] = {}
        for name, value in given.items():
            if isinstance(value, str) and (value in node_names or value in values):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                    f"passed to the `run` method are the same as node names in the graph schema."
                )
            values[name] = (name, value)
        try:
            for name, node, needs in steps:
                if name not in given:  # an input named like a node replaces it, as in dask
                    values[name] = node(*(values.get(need, need) for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(values[target] for target in run_targets)  # each node gives (its name, its output)
