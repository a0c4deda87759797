"""Persons followed: identity, home, contacts, care circle, autonomy, sharing basis."""
