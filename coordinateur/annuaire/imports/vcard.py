"""vCard files (3.0 or 4.0) from phones, Outlook or Thunderbird, or exported by another Coordinateur."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coordinateur.annuaire.fiches import Fiche, FicheIntervenant, FicheStructure
from coordinateur.annuaire.imports.base import VCARD_CARTE_MAX, ImportError_, LigneImport
from coordinateur.annuaire.imports.tableur import reconnait_profession, reconnait_type
from coordinateur.referentiels.cog import referentiel
from coordinateur.text import fold

# Properties the directory never uses and that carry megabytes (a photo, a logo, a sound, a key): dropped
# before parsing, so that a card with a 40 MB photo costs nothing.
LOURDES = ("PHOTO", "LOGO", "SOUND", "KEY")
COUPEE = "carte coupée (END:VCARD manquant)"
TROP_GRANDE = f"carte trop grande (plus de {VCARD_CARTE_MAX // 1024} Ko sans sa photo) : ignorée"


def _lourde(line: str) -> bool:
    name = line.split(":", 1)[0].split(";", 1)[0].upper()
    return name.rsplit(".", 1)[-1] in LOURDES  # "item1.PHOTO" too


def _lines(text: str) -> Iterator[str]:
    """The lines one at a time, without copying the text (a photo is hundreds of thousands of lines)."""
    if "\n" not in text:  # old Mac line endings
        text = text.replace("\r", "\n")
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end].rstrip("\r")
        start = end + 1


def _split_cards(text: str) -> Iterator[tuple[int, str]]:
    """Each BEGIN:VCARD … END:VCARD block with the line it starts on, so one bad card never stops the rest;
    heavy properties and their folded continuation lines are left out, and an oversized card is refused."""
    start = None
    block: list[str] = []
    size = 0
    skipping = False
    for number, line in enumerate(_lines(text), start=1):
        if skipping and line[:1] in (" ", "\t"):
            continue
        skipping = False
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            start, block, size = number, [line], len(line)
        elif start is not None:
            if _lourde(line):
                skipping = True
                continue
            size += len(line)
            if size > VCARD_CARTE_MAX:
                yield start, TROP_GRANDE
                start, block = None, []
                continue
            block.append(line)
            if upper == "END:VCARD":
                yield start, "\r\n".join(block) + "\r\n"
                start, block = None, []
    if start is not None:
        yield start, ""


def lignes(data: bytes) -> list[LigneImport]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not re.search("BEGIN:VCARD", text, re.IGNORECASE):
        raise ImportError_("Ce fichier ne contient aucune carte de visite (vCard).")
    return [_ligne(number, block) for number, block in _split_cards(text)]


def _ligne(number: int, block: str) -> LigneImport:
    import vobject

    if not block:
        return LigneImport(number, erreur=COUPEE)
    if block == TROP_GRANDE:
        return LigneImport(number, erreur=TROP_GRANDE)
    try:
        card = vobject.readOne(block)
    except Exception as exc:  # vobject raises many kinds on malformed input
        return LigneImport(number, erreur=f"carte illisible ({type(exc).__name__})")
    try:
        return LigneImport(number, _fiche(card))
    except Exception as exc:  # a field of an unexpected shape
        return LigneImport(number, erreur=f"carte illisible ({type(exc).__name__})")


def _value(card: object, name: str) -> str:
    prop = getattr(card, name, None)
    value = getattr(prop, "value", "") if prop is not None else ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value).strip()


def _fiche(card: object) -> Fiche:
    contents = getattr(card, "contents", {})
    categories = fold(_value(card, "categories"))
    org = _value(card, "org")
    title = _value(card, "title")
    names = contents.get("n")
    family = given = prefix = ""
    if names:
        n = names[0].value
        family, given, prefix = (
            str(n.family or "").strip(),
            str(n.given or "").strip(),
            str(n.prefix or "").strip(),
        )
    fn = _value(card, "fn")
    phones = []
    for tel in contents.get("tel", []):
        kinds = {str(t).lower() for t in tel.params.get("TYPE", [])}
        kind = "mobile" if "cell" in kinds else "fax" if "fax" in kinds else "fixe"
        phones.append({"type": kind, "numero": str(tel.value)})
    emails = [str(e.value).strip() for e in contents.get("email", [])]
    mssante = next((e for e in emails if e.lower().endswith("mssante.fr")), "")
    email = next((e for e in emails if e != mssante), "")
    street = postcode = city = ""
    if contents.get("adr"):
        adr = contents["adr"][0].value
        street, postcode, city = (
            str(adr.street or "").strip(),
            str(adr.code or "").strip(),
            str(adr.city or "").strip(),
        )
    commune_code = ""
    if postcode:
        candidates = referentiel().communes_par_code_postal(postcode)
        named = [c for c in candidates if c.nom_plie == fold(city)]
        pick = named or (candidates if len(candidates) == 1 else [])
        commune_code = pick[0].code if pick else ""
    uid = _value(card, "uid") or None
    common: dict[str, Any] = {"id": uid, "telephones": phones, "email": email, "mssante": mssante, "adresse": street,
              "code_postal": postcode, "commune_code": commune_code, "notes": _value(card, "note"), "source": "vcard"}  # fmt: skip
    is_structure = "structure" in categories.split() or (not given and not family and bool(org))
    if is_structure:
        return FicheStructure(nom=org or fn or family, type_code=reconnait_type(title) or "AUTRE", **common)
    if not family and fn:
        parts = fn.split()
        family, given = parts[-1], " ".join(parts[:-1])
    return FicheIntervenant(
        civilite=prefix if prefix in ("Mme", "M.", "Dr", "Pr") else "", nom=family, prenom=given,
        profession_code=reconnait_profession(title) or "AUTRE", **common,
    )  # fmt: skip
