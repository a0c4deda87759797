"""Annuaire des intervenants: professionals and structures working at people's homes."""
