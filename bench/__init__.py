"""`make bench`: Stödguiden measured side by side with a default `rasa init` bot.

Run with `python -m bench`; results go to docs/benchmarks.md and docs/benchmarks_latency.png.
Nothing here is imported by bot/ or actions/.
"""
