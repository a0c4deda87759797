"""PySide6 user interface. Calls core services only; never SQL, never sessions."""
