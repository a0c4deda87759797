"""Documents the app produces (PDF, and later ODT/DOCX): shared fonts, styles, page furniture."""
