"""The copy of the base made before a change only a restore could undo (a large import, a
purge of old details, a volunteer's erasure).

On a SQLite file, the copy lands in the base's backup folder and the user can restore it. A
base on a PostgreSQL server has no file of ours to copy: each of these changes is one
transaction (all or nothing), and the base's backups are its administrator's ``pg_dump``
(docs/server.md), which is what undoes a mistaken import or purge. So no copy is made there,
and the result says so (:data:`SERVER_BACKUPS`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pea_desktop.store.backup import make_backup
from pea_desktop.store.backup_catalog import BackupKind
from pea_desktop.store.database import Database

SERVER_BACKUPS = (
    "Base sur un serveur PostgreSQL : l'application n'en fait pas de copie ; ses sauvegardes "
    "sont celles de l'administrateur du serveur (pg_dump, voir docs/server.md), à qui "
    "demander une restauration."
)


def copy_before(db: Database, kind: BackupKind, now: datetime | None = None) -> Path | None:
    """Copy ``db`` before a change of ``kind``; None on a server (see the module)."""
    if db.on_server:
        return None
    return make_backup(db.path, kind, now=now)
