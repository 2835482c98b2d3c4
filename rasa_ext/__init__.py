"""Rasa extensions for Stödguiden (kept apart from bot/, which never imports Rasa)."""
