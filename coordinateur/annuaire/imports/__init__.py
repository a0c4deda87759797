"""Imports into the directory: partners' spreadsheets (CSV, XLSX), RPPS and FINESS extracts, vCards."""
