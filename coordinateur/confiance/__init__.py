"""Trust: the store's keys and their encryption, backups, the audit journal and its seal, verification.

The core side of `ui/confiance/`. It builds on `coordinateur.store`, which never imports it: opening a
store is `coordinateur.confiance.ouverture.open_store`.
"""
