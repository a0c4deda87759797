"""Réunions de concertation: meetings, situations discussed, decisions, actions followed across a series."""
