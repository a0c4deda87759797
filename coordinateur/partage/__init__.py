"""Partage: the shared folder — outbox, change segments, pull, conflicts (architecture §4)."""
