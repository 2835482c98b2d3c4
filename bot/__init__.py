"""Stödguiden's core: the insatskatalog, the rules engine, places and Swedish rendering.

Nothing here imports Rasa; the Rasa actions in `actions/` call into this package.
"""
