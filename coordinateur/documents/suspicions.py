"""What the redaction reports beside the redacted text: a passage that may still identify someone
(`Suspicion`), the export's refusal while some are not confirmed (`SuspicionsNonConfirmees`), and the
preview's summary of what was replaced (`resume_remplacements`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from coordinateur.documents.lexique import MOTIFS_REMPLACEMENT
from coordinateur.errors import ValidationError


def resume_remplacements(remplacements: Counter[str]) -> str:
    """« nom ou prénom de la personne ×12, nom d'un proche ×6 »: what the preview says was replaced."""
    return ", ".join(f"{MOTIFS_REMPLACEMENT.get(k, k)} ×{n}" for k, n in remplacements.most_common())


@dataclass(frozen=True)
class Suspicion:
    """A passage that may still identify someone, as it would leave."""

    texte: str
    motif: str
    ou: str
    extrait: str = ""

    @property
    def cle(self) -> str:
        return f"{self.motif} : {self.texte}"

    def libelle(self) -> str:
        return f"« {self.texte} » — {self.motif} ({self.ou})"


class SuspicionsNonConfirmees(ValidationError):
    """Raised by exports when what would leave still holds unconfirmed suspicions. The message lists them
    for the coordinator; `resume` says only how many, for logs."""

    def __init__(self, suspicions: list[Suspicion]) -> None:
        self.suspicions = suspicions
        lines = "\n".join(f"  - {s.libelle()}" for s in suspicions)
        super().__init__(
            f"Ce document pour les partenaires contient {len(suspicions)} passage(s) qui peuvent encore "
            f"identifier quelqu'un :\n{lines}\nModifiez la réunion, ou confirmez qu'ils peuvent partir "
            "(--confirme en ligne de commande, « Confirmer » dans l'aperçu)."
        )

    @property
    def resume(self) -> str:
        return f"{len(self.suspicions)} passage(s) à confirmer avant un export pour les partenaires"
