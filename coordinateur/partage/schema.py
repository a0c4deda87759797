"""What an operation of the shared folder may hold: one declared schema per kind (architecture §5).

Every operation read from the folder is checked here before anything is applied:
- the envelope: exactly the keys this version writes, each of its type and length; the author is the
  stream's own device (its clock names it too); `upsert` or `delete`;
- the values: known fields only (the record's content columns; never its identifier nor its clocks),
  each of the declared type and length; JSON fields against their declared shape; a field that cannot be
  empty is never set to null; a record created by the operation has every field it cannot do without
  (a meeting has its date);
- tombstones are deletions whatever the action says (`is_deletion`), so that the 20 % guard counts them.
A failure returns a plain French reason; the caller quarantines the whole segment.

Scalar columns are declared by the models themselves (String(n), Text, Boolean, Integer, nullable); JSON
columns must be declared below, and `verifie_declarations` (run by the tests) fails when a model that
travels gains a JSON column nobody declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, inspect

from coordinateur.partage.regles import attente
from coordinateur.store.base import SyncRecord
from coordinateur.store.clock import COUNTER_DIGITS, WALL_DIGITS

TEXTE_MAX = 50_000  # a Text column (notes, free text of an action)
IDENTIFIANT = re.compile(r"^[0-9A-Za-z_-]{1,36}$")
HORLOGE = re.compile(rf"^\d{{{WALL_DIGITS}}}-\d{{{COUNTER_DIGITS}}}-(?P<device>[0-9a-f-]{{36}})$")
ENVELOPPE = {"op_id", "record_id", "kind", "clock", "device", "user", "action", "fields"}


@dataclass(frozen=True)
class Liste:
    """A JSON list of at most `max` items, each of shape `item`."""

    item: Any
    max: int


@dataclass(frozen=True)
class Objet:
    """A JSON object with only these keys (each optional), values of the given shapes."""

    champs: dict[str, Any]


@dataclass(frozen=True)
class Chaine:
    max: int


@dataclass(frozen=True)
class Scalaire:
    """A short string, a boolean, a number or null (free-form but bounded values of a small object)."""

    max: int = 500


TEL = Objet({"type": Chaine(20), "numero": Chaine(40)})
CODES = Liste(Chaine(20), 40_000)  # communes (a whole département's), EPCI, publics
IDS = Liste(Chaine(36), 1_000)
LIGNES = Liste(Chaine(2_000), 500)

# The JSON columns of the kinds that travel, declared.
JSON_DECLARES: dict[str, dict[str, Any]] = {
    "intervenant": {"telephones": Liste(TEL, 20), "zone_communes": CODES, "zone_epcis": CODES,
                    "structure_ids": IDS},
    "structure": {"telephones": Liste(TEL, 20), "zone_communes": CODES, "zone_epcis": CODES,
                  "publics": CODES},
    "reunion": {"ordre_du_jour": LIGNES, "diffusion": LIGNES, "decisions": LIGNES,
                "participants": Liste(Objet({k: Scalaire() for k in ("annuaire_id", "nom", "qualite", "structure",
                                                                         "email", "presence", "telephone", "role")}), 500),
                "revisions": Liste(Objet({k: Scalaire() for k in ("le", "par", "motif", "empreinte")}), 500)},
    "action": {},
}  # fmt: skip


@dataclass(frozen=True)
class Champ:
    nom: str
    forme: Any  # Chaine, "texte", bool, int, or a declared JSON shape
    nullable: bool
    requis: bool  # a new record cannot do without it (no default, not nullable)


def _champs(model: type[SyncRecord]) -> dict[str, Champ]:
    declared = JSON_DECLARES.get(model.KIND, {})
    found = {}
    for attr in inspect(model).column_attrs:
        if attr.key in SyncRecord.SYNC_COLUMNS:
            continue
        column = attr.columns[0]
        kind = column.type
        forme: Any
        if isinstance(kind, JSON):
            if attr.key not in declared:
                raise LookupError(f"{model.KIND}.{attr.key} : colonne JSON sans schéma déclaré")
            forme = declared[attr.key]
        elif isinstance(kind, Boolean):
            forme = bool
        elif isinstance(kind, Integer):
            forme = int
        elif isinstance(kind, Text):
            forme = Chaine(TEXTE_MAX)
        elif isinstance(kind, String):
            forme = Chaine(kind.length or TEXTE_MAX)
        else:
            raise LookupError(f"{model.KIND}.{attr.key} : type de colonne sans schéma ({kind})")
        required = not column.nullable and column.default is None and column.server_default is None
        found[attr.key] = Champ(attr.key, forme, bool(column.nullable), required)
    return found


_SCHEMAS: dict[type[Any], dict[str, Champ]] = {}


def schema(model: type[Any]) -> dict[str, Champ]:
    if model not in _SCHEMAS:
        _SCHEMAS[model] = _champs(model)
    return _SCHEMAS[model]


def verifie_declarations(models: dict[str, type[Any]]) -> None:
    """Raise LookupError when a model that travels has a column without a schema."""
    for model in models.values():
        schema(model)


def _nom(value: Any) -> str:
    return {bool: "un booléen", int: "un nombre", float: "un nombre", str: "un texte", list: "une liste",
            dict: "un objet", type(None): "null"}.get(type(value), type(value).__name__)  # fmt: skip


def _conforme(value: Any, forme: Any, where: str, depth: int = 0) -> str | None:
    """None when `value` has the shape `forme`, else why not (French)."""
    if depth > 4:
        return f"{where} : structure trop imbriquée"
    if isinstance(forme, Chaine):
        if not isinstance(value, str):
            return f"{where} : un texte est attendu, pas {_nom(value)}"
        if len(value) > forme.max:
            return f"{where} : texte trop long ({len(value)} caractères ; au plus {forme.max})"
        return None
    if forme is bool:
        return None if isinstance(value, bool) else f"{where} : oui/non attendu, pas {_nom(value)}"
    if forme is int:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53:
            return None
        return f"{where} : un nombre entier est attendu, pas {_nom(value)}"
    if isinstance(forme, Scalaire):
        if value is None or isinstance(value, bool | int | float):
            return None
        if isinstance(value, str):
            return None if len(value) <= forme.max else f"{where} : texte trop long"
        return f"{where} : valeur simple attendue, pas {_nom(value)}"
    if isinstance(forme, Liste):
        if not isinstance(value, list):
            return f"{where} : une liste est attendue, pas {_nom(value)}"
        if len(value) > forme.max:
            return f"{where} : liste trop longue ({len(value)} éléments ; au plus {forme.max})"
        for n, item in enumerate(value, start=1):
            why = _conforme(item, forme.item, f"{where}[{n}]", depth + 1)
            if why:
                return why
        return None
    if isinstance(forme, Objet):
        if not isinstance(value, dict):
            return f"{where} : un objet est attendu, pas {_nom(value)}"
        unknown = [k for k in value if k not in forme.champs]
        if unknown:
            return f"{where} : champ inconnu « {str(unknown[0])[:40]} »"
        for key, item in value.items():
            why = _conforme(item, forme.champs[key], f"{where}.{key}", depth + 1)
            if why:
                return why
        return None
    raise TypeError(forme)


def is_deletion(op: dict[str, Any]) -> bool:
    """A tombstone, whatever the action says (an `upsert` setting deleted=true deletes too)."""
    values = op.get("fields", {}).get("valeurs", {})
    return op.get("action") == "delete" or values.get("deleted") is True


def valide_enveloppe(op: Any, device: str) -> str | None:
    """None when the operation's envelope is what this version writes, by `device`; else why not."""
    if not isinstance(op, dict):
        return "une opération n'est pas un objet JSON"
    missing = sorted(ENVELOPPE - set(op))
    if missing:
        return f"champ « {missing[0]} » absent d'une opération"
    extra = sorted(str(k) for k in set(op) - ENVELOPPE)
    if extra:
        return f"champ inconnu « {extra[0][:40]} » dans une opération"
    for key in ("op_id", "record_id"):
        if not isinstance(op[key], str) or not IDENTIFIANT.match(op[key]):
            return f"identifiant « {key} » invalide"
    if not isinstance(op["kind"], str) or len(op["kind"]) > 20:
        return "genre de fiche (kind) invalide"
    if not isinstance(op["user"], str) or len(op["user"]) > 200:
        return "utilisateur invalide"
    if op["device"] != device:
        return "opération attribuée à un autre appareil que l'auteur du segment"
    clock = op["clock"]
    named = HORLOGE.match(clock) if isinstance(clock, str) else None
    if named is None:
        return "horloge absente ou mal formée"
    if named["device"] != device:
        return "horloge d'un autre appareil que l'auteur du segment"
    if attente(clock):
        return "horloge plancher (réservée aux valeurs d'attente, jamais à une modification)"
    if op["action"] not in ("upsert", "delete"):
        return "action inconnue (ni « upsert » ni « delete »)"
    fields = op["fields"]
    if not isinstance(fields, dict) or set(fields) - {"valeurs", "bases", "remplace"}:
        return "contenu d'opération (fields) mal formé"
    if not isinstance(fields.get("valeurs", {}), dict) or not isinstance(fields.get("bases", {}), dict):
        return "valeurs ou bases mal formées"
    replaced = fields.get("remplace", [])  # clocks of its author's own earlier ops this one corrects
    if not isinstance(replaced, list) or len(replaced) > 10_000:
        return "liste « remplace » mal formée"
    for old in replaced:
        named = HORLOGE.match(old) if isinstance(old, str) else None
        if named is None or named["device"] != device:
            return "liste « remplace » : horloge mal formée ou d'un autre appareil"
    return None


def valide_valeurs(op: dict[str, Any], model: type[Any]) -> str | None:
    """None when the values fit the kind's schema. An operation without `bases` creates its record (this
    version writes every edit with the clocks it was made over): it must then carry every field the record
    cannot do without."""
    fields = schema(model)
    values = op["fields"].get("valeurs", {})
    for name, value in values.items():
        champ = fields.get(name)
        if champ is None:
            return f"champ inconnu « {str(name)[:40]} » pour une fiche « {model.KIND} »"
        if value is None:
            if not champ.nullable:
                return f"« {name} » ne peut pas être vide"
            continue
        why = _conforme(value, champ.forme, f"« {name} »")
        if why:
            return why
    for name, clock in op["fields"].get("bases", {}).items():
        if name not in fields or not isinstance(clock, str) or not HORLOGE.match(clock):
            return f"base de modification invalide pour « {str(name)[:40]} »"
    if not op["fields"].get("bases") and not is_deletion(op):
        missing = [c.nom for c in fields.values() if c.requis and values.get(c.nom) is None]
        if missing:
            return f"fiche « {model.KIND} » créée sans « {missing[0]} »"
    return None
