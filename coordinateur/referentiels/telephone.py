"""French phone numbers: stored in E.164 (+33565123456), shown as "05 65 12 34 56"."""

from __future__ import annotations

from coordinateur.referentiels.identifiants import Niveau, Verdict

TYPES = {"fixe", "mobile", "autre"}


def normalise_telephone(value: str) -> Verdict:
    """Parse what was typed (French national, +33, 0033, with any separators); E.164 on success."""
    import phonenumbers

    text = value.strip()
    if not text:
        return Verdict(Niveau.ERREUR, "", "Le numéro de téléphone est vide.")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return Verdict(
            Niveau.ERREUR, value, "Ce numéro de téléphone n'est pas lisible (exemple : 05 65 12 34 56)."
        )
    if not phonenumbers.is_valid_number(number):
        if number.country_code == 33:
            national = "0" + str(number.national_number)
            if len(national) == 10:
                return Verdict(
                    Niveau.ERREUR,
                    value,
                    "Ce numéro ne correspond à aucune plage attribuée en France : vérifiez-le.",
                )
            return Verdict(Niveau.ERREUR, value, "Un numéro français compte 10 chiffres et commence par 0.")
        return Verdict(
            Niveau.ERREUR, value, "Ce numéro de téléphone n'existe pas dans le plan de numérotation."
        )
    return Verdict(Niveau.OK, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def affiche_telephone(e164: str) -> str:
    """The French way to show a stored number; foreign numbers keep their international form."""
    if not e164:
        return ""
    if len(e164) == 12 and e164.startswith("+33") and e164[3:].isdigit():  # the common case, without parsing
        digits = "0" + e164[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def type_telephone(e164: str) -> str:
    """ "mobile" (06, 073–079), "fixe" (01–05, 09), or "autre" (08, M2M…)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    number = phonenumbers.parse(e164, "FR")
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE:
        return "mobile"
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP):
        return "fixe"
    return "autre"
