"""Thin rasa_sdk actions: they read slots and the latest message, call bot/, and send replies.

No rule lives here; bot/ decides. Split by feature: stod (finding support), forklara
(explaining), samtal (safety, people, starting over, not understood).
"""
