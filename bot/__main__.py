"""Command line for city staff: check a rule without the chat.

python -m bot match --facts '{"age": 14, "kommun": "Stockholm", "stadsdel": "Hökarängen"}'
python -m bot match --json --facts '{"age": 72, "kommun": "Stockholm"}'
python -m bot catalogue
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot import render
from bot.catalogue import CatalogueError, Insats, load
from bot.engine import Status, assess

STATUS_SV = {
    Status.ELIGIBLE: "Kan få",
    Status.POSSIBLY: "Kanske",
    Status.NOT: "Kan inte få",
}


def _condition_text(node: dict[str, Any], depth: int = 0) -> list[str]:
    """A rule tree as indented lines a non-programmer can read."""
    pad = "    " * depth
    if "bekrafta" in node:
        return [f"{pad}- bekräftas av den som frågar: {node['bekrafta']}"]
    for key, word in (("all", "alla av"), ("any", "minst ett av")):
        if key in node:
            lines = [f"{pad}- {word}:"]
            for child in node[key]:
                lines += _condition_text(child, depth + 1)
            return lines
    if "not" in node:
        return [f"{pad}- inte:", *_condition_text(node["not"], depth + 1)]
    parts = []
    for key, word in (
        ("equals", "="),
        ("in", "är en av"),
        ("min", "≥"),
        ("max", "≤"),
        ("includes_any", "innehåller något av"),
    ):
        if key in node:
            value = ", ".join(map(str, node[key])) if isinstance(node[key], list) else node[key]
            parts.append(f"{word} {value}")
    return [f"{pad}- {node['fact']} {' och '.join(parts)}"]


def describe(insats: Insats) -> str:
    """One catalogue entry in readable text."""
    giver = "socialförvaltningen (hela staden)" if insats.del2 else "stadsdelsförvaltningen"
    lines = [f"{insats.namn}  [{insats.id}]", f"  {insats.kort}"]
    if insats.alias:
        lines.append(f"  Även kallad: {', '.join(insats.alias)}")
    if insats.omfattning.get("text"):
        lines.append(f"  Omfattning: {insats.omfattning['text']}")
    lines.append(f"  Ges av: {giver}")
    lines.append(f'  Källa: {insats.kalla["fil"]}, {insats.kalla["avsnitt"]}, "{insats.kalla["rubrik"]}"')
    if insats.paraply:
        lines.append(f"  Samlingsrubrik för: {', '.join(insats.paraply)}")
    for node in insats.villkor:
        text = node.get("text", node.get("bekrafta", ""))
        lines.append(f"  Villkor: {' '.join(str(text).split())}")
        lines += ["    " + line for line in _condition_text(node)]
    return "\n".join(lines)


def cmd_match(facts_json: str, as_json: bool) -> int:
    """Evaluate every insats for one set of facts and print the result."""
    try:
        raw = json.loads(facts_json)
    except json.JSONDecodeError as error:
        print(f"--facts är inte giltig JSON: {error}", file=sys.stderr)
        return 2
    assessment = assess(raw if isinstance(raw, dict) else {"facts": raw})
    if as_json:
        payload = {
            "facts": {k: sorted(v) if isinstance(v, frozenset) else v for k, v in assessment.facts.items()},
            "problems": dict(assessment.problems),
            "next_question": assessment.next_question(),
            "results": [result.as_dict() for result in assessment.results],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=list))
        return 0
    for name, problem in assessment.problems.items():
        print(f"Obs: {name} {problem} – räknas som okänt.")
    for status in (Status.ELIGIBLE, Status.POSSIBLY):
        results = assessment.with_status(status)
        print(f"\n{STATUS_SV[status]} ({len(results)}):")
        for result in results:
            print(render.describe_result(result, assessment.facts))
        if results:
            print(render.where_to_turn_for(results, assessment.facts))
    print(f"\n{STATUS_SV[Status.NOT]}: {len(assessment.with_status(Status.NOT))} insatser (visa skälen med --json).")
    question = assessment.next_question()
    if question:
        print(f"\nNästa fråga: {question}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m bot`."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    match = sub.add_parser("match", help="vilka insatser passar de här fakta?")
    match.add_argument("--facts", required=True, help='fakta som JSON, t.ex. \'{"age": 14, "kommun": "Stockholm"}\'')
    match.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    sub.add_parser("catalogue", help="lista alla insatser med sina regler")
    args = parser.parse_args(argv)
    try:
        if args.command == "match":
            return cmd_match(args.facts, args.json)
        print("\n\n".join(describe(insats) for insats in load().insatser))
        return 0
    except CatalogueError as error:
        print(f"Fel i katalogen: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
