"""Child process for the kill -9 test: writes forever, printing each id once its commit returned."""

import sys

from sqlalchemy import text

from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import resolve_paths


def main(data_dir: str, start: int) -> None:
    store = open_store(resolve_paths(data_dir))
    with store.write() as session:
        session.execute(
            text("CREATE TABLE IF NOT EXISTS essai (n INTEGER PRIMARY KEY, contenu TEXT NOT NULL)")
        )
    n = start
    while True:
        with store.write() as session:
            session.execute(
                text("INSERT INTO essai (n, contenu) VALUES (:n, :c)"), {"n": n, "c": "é" * (n % 5000)}
            )
            store.audit(session, "creation", "essai", str(n), f"ligne {n}")
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
