"""The directory's local search index, derived from the records on every write.

One row per live record in `annuaire_index` (what lists show), its folded text in the FTS5 table
`annuaire_fts` (same rowid), and in `annuaire_zone` every commune where it works: its own address, the
communes of its zone, every member commune of the EPCI of its zone, and for an intervenant the commune of
each structure it belongs to (the nurse of « Cabinet infirmier de Laguiole » works in Laguiole). Never
shared; `rebuild` remakes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from coordinateur.annuaire.listes import libelle_profession, libelle_type
from coordinateur.annuaire.models import FTS_TABLE, Intervenant, Structure, annuaire_index, annuaire_zone
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.store import Store
from coordinateur.text import fold

Record = Intervenant | Structure
_CHUNK = 500
# Raised when what the index holds changes, so that a store indexed before is rebuilt once (`a_jour`).
# 2: an intervenant works in the communes of its structures.
INDEX_VERSION = 2


@lru_cache(maxsize=4096)
def _commune_nom(code: str) -> str:
    commune = referentiel().commune(code) if code else None
    return commune.nom if commune else ""


@lru_cache(maxsize=2048)
def _epci_communes(code: str) -> tuple[str, ...]:
    return tuple(c.code for c in referentiel().communes_epci(code))


def zone_de(record: Record, structures: dict[str, tuple[str, str]] | None = None) -> set[str]:
    """Where `record` works; `structures` (id → name, commune) gives an intervenant its structures' communes."""
    codes = {c for c in record.zone_communes or [] if c}
    if isinstance(record, Intervenant) and structures:
        codes.update(structures[sid][1] for sid in record.structure_ids or [] if sid in structures)
    codes.discard("")
    for epci in record.zone_epcis or []:
        codes.update(_epci_communes(epci))
    if record.commune_code:
        codes.add(record.commune_code)
    return codes


def _first_phone(record: Record) -> str:
    phones = record.telephones or []
    preferred = [p for p in phones if p.get("type") != "fax"] or phones
    return affiche_telephone(preferred[0]["numero"]) if preferred else ""


def _row(record: Record, attached: dict[str, tuple[str, str]]) -> tuple[dict[str, object], str]:
    commune = _commune_nom(record.commune_code)
    if isinstance(record, Intervenant):
        structures = ", ".join(attached[sid][0] for sid in record.structure_ids or [] if sid in attached)
        profession = libelle_profession(record.profession_code)
        row: dict[str, object] = {
            "record_id": record.id, "categorie": "intervenant", "nom": record.nom, "prenom": record.prenom,
            "profession_code": record.profession_code, "profession": profession, "structure": structures,
        }  # fmt: skip
        words = [
            record.nom,
            record.prenom,
            profession,
            record.specialite,
            structures,
            record.rpps,
            record.adeli,
        ]
    else:
        profession = libelle_type(record.type_code)
        row = {
            "record_id": record.id, "categorie": "structure", "nom": record.nom, "prenom": "",
            "profession_code": record.type_code, "profession": profession, "structure": "",
        }  # fmt: skip
        words = [record.nom, profession, record.type_code, record.finess_et, record.finess_ej, record.siret]
    row.update(
        commune_code=record.commune_code,
        commune=commune,
        telephone=_first_phone(record),
        actif=bool(record.actif),
        tri=fold(f"{record.nom} {row['prenom']}"),
    )
    words += [commune, record.code_postal, record.email]
    return row, fold(" ".join(w for w in words if w))


def _structures(session: Session, records: Sequence[Record]) -> dict[str, tuple[str, str]]:
    """The name and commune of every live structure these intervenants belong to."""
    wanted = {sid for r in records if isinstance(r, Intervenant) for sid in (r.structure_ids or [])}
    found: dict[str, tuple[str, str]] = {}
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), _CHUNK):
        chunk = wanted_list[start : start + _CHUNK]
        for sid, nom, commune in session.execute(
            select(Structure.id, Structure.nom, Structure.commune_code).where(
                Structure.id.in_(chunk), ~Structure.deleted
            )
        ):
            found[sid] = (nom, commune or "")
    return found


def _forget(session: Session, record_ids: Sequence[str]) -> None:
    for start in range(0, len(record_ids), _CHUNK):
        chunk = list(record_ids[start : start + _CHUNK])
        rowids = session.scalars(
            select(annuaire_index.c.rowid).where(annuaire_index.c.record_id.in_(chunk))
        ).all()
        if rowids:
            marks = ",".join(str(int(r)) for r in rowids)
            session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})"))
            session.execute(text(f"DELETE FROM annuaire_zone WHERE ligne IN ({marks})"))
        session.execute(delete(annuaire_index).where(annuaire_index.c.record_id.in_(chunk)))


def reindex(session: Session, records: Iterable[Record]) -> None:
    """Bring the index in line with these records (deleted ones leave it). Runs in the caller's transaction."""
    records = list({id(r): r for r in records}.values())
    if not records:
        return
    session.flush()
    _forget(session, [r.id for r in records])
    live = [r for r in records if not r.deleted]
    if not live:
        return
    structures = _structures(session, live)
    next_rowid = (session.scalar(select(func.max(annuaire_index.c.rowid))) or 0) + 1
    rows, texts, zones = [], [], []
    for offset, record in enumerate(live):
        row, folded = _row(record, structures)
        row["rowid"] = next_rowid + offset
        rows.append(row)
        texts.append({"rowid": row["rowid"], "texte": folded})
        zones += [
            {"ligne": row["rowid"], "commune_code": code} for code in sorted(zone_de(record, structures))
        ]
    session.execute(insert(annuaire_index), rows)
    session.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, texte) VALUES (:rowid, :texte)"), texts)
    if zones:
        session.execute(insert(annuaire_zone), zones)


def reindex_attached(session: Session, structure_ids: Iterable[str]) -> None:
    """Intervenants attached to these structures show their names and work in their communes: reindex them
    after a structure changes."""
    ids = list(structure_ids)
    if not ids:
        return
    clauses = " OR ".join(f"structure_ids LIKE :s{i}" for i in range(len(ids)))
    params = {f"s{i}": f'%"{sid}"%' for i, sid in enumerate(ids)}
    found = session.scalars(
        text(f"SELECT id FROM intervenant WHERE deleted = 0 AND ({clauses})"), params
    ).all()
    if found:
        reindex(session, session.scalars(select(Intervenant).where(Intervenant.id.in_(found))).all())


def rebuild(session: Session) -> int:
    """Remake the whole index from the records. Returns the number of indexed records."""
    session.execute(delete(annuaire_index))
    session.execute(delete(annuaire_zone))
    session.execute(text(f"DELETE FROM {FTS_TABLE}"))
    count = 0
    structures = session.scalars(select(Structure).where(~Structure.deleted)).all()
    intervenants = session.scalars(select(Intervenant).where(~Intervenant.deleted)).all()
    for records in (structures, intervenants):
        reindex(session, records)
        count += len(records)
    return count


def a_jour(store: Store) -> bool:
    """Rebuild the index once when it was made by an earlier version (see INDEX_VERSION); True if it was."""
    from coordinateur.settings import enregistre_reglages, load_settings

    if load_settings(store).annuaire_index_version >= INDEX_VERSION:
        return False
    with store.write() as session:
        empty = not session.execute(
            text("SELECT 1 FROM intervenant UNION ALL SELECT 1 FROM structure LIMIT 1")
        ).first()
        if not empty:  # a new store's directory is indexed by this version as it is filled
            rebuild(session)
    enregistre_reglages(store, annuaire_index_version=INDEX_VERSION)
    return True
