"""Indicateurs: the figures of the territory's action plan, per period and part of the territory."""
