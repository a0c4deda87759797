"""Identifier validation, exactly as domain.md §3.2.

Where the rule is sure (NIR, SIREN, SIRET) a wrong key is an error; where the sources are unsure (RPPS,
ADELI, FINESS — no official text for the key, Corsican FINESS uncertain) it is a warning the user may
override. Every function returns a `Verdict` with the normalised value and a French message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_SEPARATORS = re.compile(r"[\s.\-/]")


class Niveau(StrEnum):
    OK = "ok"
    AVERTISSEMENT = "avertissement"
    ERREUR = "erreur"


@dataclass(frozen=True)
class Verdict:
    niveau: Niveau
    valeur: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.niveau is Niveau.OK

    @property
    def bloquant(self) -> bool:
        return self.niveau is Niveau.ERREUR


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def _ok(value: str) -> Verdict:
    return Verdict(Niveau.OK, value)


def valide_nir(value: str) -> Verdict:
    """N° de sécurité sociale: 15 characters, key = 97 − (N mod 97), Corsica 2A→19, 2B→18."""
    from stdnum.exceptions import (
        InvalidChecksum,
        InvalidComponent,
        InvalidFormat,
        InvalidLength,
        ValidationError,
    )
    from stdnum.fr import nir

    number = _compact(value)
    try:
        nir.validate(number)
    except InvalidLength:
        return Verdict(
            Niveau.ERREUR, number, "Le numéro de sécurité sociale doit compter 15 caractères (clé comprise)."
        )
    except InvalidChecksum:
        return Verdict(
            Niveau.ERREUR,
            number,
            "La clé du numéro de sécurité sociale ne correspond pas : vérifiez le numéro.",
        )
    except (InvalidFormat, InvalidComponent, ValidationError):
        return Verdict(Niveau.ERREUR, number, "Le numéro de sécurité sociale n'a pas un format valide.")
    return _ok(number)


def valide_siren(value: str) -> Verdict:
    from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
    from stdnum.fr import siren

    number = _compact(value)
    try:
        siren.validate(number)
    except InvalidLength:
        return Verdict(Niveau.ERREUR, number, "Un SIREN compte 9 chiffres.")
    except InvalidChecksum:
        return Verdict(Niveau.ERREUR, number, "La clé du SIREN ne correspond pas : vérifiez le numéro.")
    except ValidationError:
        return Verdict(Niveau.ERREUR, number, "Un SIREN ne contient que des chiffres.")
    return _ok(number)


def valide_siret(value: str) -> Verdict:
    """SIRET: 14 digits, Luhn (La Poste establishments: sum of digits multiple of 5)."""
    from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
    from stdnum.fr import siret

    number = _compact(value)
    try:
        siret.validate(number)
    except InvalidLength:
        return Verdict(Niveau.ERREUR, number, "Un SIRET compte 14 chiffres.")
    except InvalidChecksum:
        return Verdict(Niveau.ERREUR, number, "La clé du SIRET ne correspond pas : vérifiez le numéro.")
    except ValidationError:
        return Verdict(Niveau.ERREUR, number, "Un SIRET ne contient que des chiffres.")
    return _ok(number)


def _luhn_ok(digits: str) -> bool:
    from stdnum import luhn

    return bool(luhn.is_valid(digits))


def valide_rpps(value: str) -> Verdict:
    """RPPS: 11 digits (an IDNPS "8" + RPPS is accepted and reduced). Luhn key: a warning only."""
    number = _compact(value)
    if len(number) == 12 and number.startswith("8"):
        number = number[1:]
    if not number.isdigit() or len(number) != 11:
        return Verdict(Niveau.ERREUR, number, "Un numéro RPPS compte 11 chiffres.")
    if not _luhn_ok(number):
        return Verdict(
            Niveau.AVERTISSEMENT, number,
            "La clé de ce numéro RPPS semble fausse : vérifiez-le dans l'Annuaire Santé avant de l'enregistrer.",
        )  # fmt: skip
    if not number.startswith("1"):
        return Verdict(
            Niveau.AVERTISSEMENT, number, "Les numéros RPPS connus commencent par 1 : vérifiez ce numéro."
        )
    return _ok(number)


def valide_adeli(value: str) -> Verdict:
    """ADELI: 9 digits (département, profession, order, key). Luhn key: a warning only."""
    number = _compact(value)
    if len(number) == 10 and number.startswith("0"):
        number = number[1:]
    if (
        len(number) != 9
        or not number[2:].isdigit()
        or not (number[:2].isdigit() or number[:2] in ("2A", "2B"))
    ):
        return Verdict(Niveau.ERREUR, number, "Un numéro ADELI compte 9 chiffres.")
    if not number.isdigit():
        return Verdict(
            Niveau.AVERTISSEMENT, number, "Clé ADELI non vérifiable pour la Corse : vérifiez ce numéro."
        )
    if not _luhn_ok(number):
        return Verdict(Niveau.AVERTISSEMENT, number, "La clé de ce numéro ADELI semble fausse : vérifiez-le.")
    return _ok(number)


def valide_finess(value: str) -> Verdict:
    """FINESS (EJ or ET): 9 characters, Luhn; Corsica 2A/2B checked as 21/22, with a warning if it fails."""
    number = _compact(value)
    if len(number) == 10 and number.startswith("1"):
        number = number[1:]
    if len(number) != 9 or not number.isalnum():
        return Verdict(Niveau.ERREUR, number, "Un numéro FINESS compte 9 caractères.")
    corse = number[:2] in ("2A", "2B")
    digits = ("21" if number[:2] == "2A" else "22") + number[2:] if corse else number
    if not digits.isdigit():
        return Verdict(Niveau.ERREUR, number, "Un numéro FINESS ne contient que des chiffres (sauf 2A/2B).")
    if not _luhn_ok(digits):
        hint = " (règle de clé incertaine pour la Corse)" if corse else ""
        return Verdict(
            Niveau.AVERTISSEMENT, number, f"La clé de ce numéro FINESS semble fausse{hint} : vérifiez-le."
        )
    return _ok(number)


_IDENTIFIANT = re.compile(r"\+?[0-9ABab]{9,18}")  # digits, and 2A/2B in a Corsican NIR


def ressemble_a_un_identifiant(text: str) -> bool:
    """A NIR/INS, RPPS, ADELI, FINESS, SIRET or phone number, however spaced: what leaves the clipboard
    after a while once copied from Coordinateur (architecture §5)."""
    compact = re.sub(r"[\s.\-/]", "", text or "")
    return _IDENTIFIANT.fullmatch(compact) is not None and sum(c.isdigit() for c in compact) >= 8
