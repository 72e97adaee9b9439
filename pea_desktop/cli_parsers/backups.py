"""``backup``, ``restore`` and ``repair``: the base's file and its copies."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import SubParsers, add_db


def add_backups(sub: SubParsers) -> None:
    """``backup``, ``restore``, ``repair``."""
    backup = sub.add_parser("backup", help="sauvegarder la base maintenant")
    add_db(backup)
    backup.set_defaults(handler="pea_desktop.commands.backup:run_backup")
    restore = sub.add_parser("restore", help="restaurer une sauvegarde")
    restore.add_argument(
        "backup",
        type=Path,
        metavar="SAUVEGARDE",
        help="le fichier de sauvegarde, ou son nom dans le dossier des sauvegardes",
    )
    add_db(restore)
    restore.set_defaults(handler="pea_desktop.commands.backup:run_restore")
    repair = sub.add_parser(
        "repair", help="reconstruire les index endommagés de la base (après une sauvegarde)"
    )
    add_db(repair)
    repair.set_defaults(handler="pea_desktop.commands.backup:run_repair")
