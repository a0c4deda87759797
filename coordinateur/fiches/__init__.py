"""Liaison sheets: validated versions, out-of-date rules, the three printed layouts."""
