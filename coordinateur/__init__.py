"""Coordinateur core: domain, storage, imports/exports. Never imports Qt or the ui package."""

__version__ = "0.1.0"
APP_NAME = "Coordinateur"
