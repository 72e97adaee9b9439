"""``pea-desktop exchange invite | join | send | receive | revoke`` (docs/command-line.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.database import is_server_text, open_database
from pea_desktop.services.exchange import invitations, peers, receiving, sending
from pea_desktop.services.output_files import (
    database_and_backups,
    refuse_overwriting,
    write_bytes_atomically,
)


def _output_file(text: str | Path) -> Path:
    """The ``.pea`` file to write (``-o``): a file of this computer, never a server address
    (argparse made a Path of it: ``postgresql://`` became ``postgresql:/``)."""
    if is_server_text(str(text).replace(":/", "://", 1)):
        raise BadInputError(
            f"« {text} » est l'adresse d'une base sur un serveur, pas un fichier : indiquez "
            "après -o le fichier .pea à écrire."
        )
    return Path(text)


def run_invite(args: argparse.Namespace) -> int:
    output = _output_file(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        invitation = invitations.invite(db, args.volunteer, args.antenna)
        write_bytes_atomically(output, invitation.data)
    finally:
        db.close()
    print(
        f"Invitation de {invitation.volunteer} écrite dans {output} "
        f"(valable jusqu'au {invitation.expires_at:%d/%m/%Y})."
    )
    print("Donnez le code par un autre moyen que le fichier (téléphone, de vive voix).")
    print(f"Code d'invitation : {invitation.code}")
    return 0


def run_join(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        joined = invitations.join(db, Path(args.file), args.code)
    finally:
        db.close()
    verb = "a rejoint à nouveau" if joined.rejoined else "a rejoint"
    print(
        f"Cette base {verb} l'antenne {joined.antenna} pour {joined.volunteer} "
        f"({joined.volunteers} bénévoles, {joined.partners} structures partenaires)."
    )
    return 0


def run_send(args: argparse.Namespace) -> int:
    output = _output_file(args.output)
    refuse_overwriting(output, *database_and_backups(args.db))
    db = open_database(args.db, create=False)
    try:
        outgoing = sending.prepare(db, args.volunteer)
        write_bytes_atomically(output, outgoing.data)
    finally:
        db.close()
    print(f"Envoi n° {outgoing.seq} pour {outgoing.recipient} écrit dans {output} :")
    print(f"  {outgoing.describe()}.")
    return 0


def run_receive(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        received = receiving.receive(db, Path(args.file))
    finally:
        db.close()
    joined = " (premier envoi : ordinateur enregistré)" if received.joined else ""
    print(f"Envoi n° {received.seq} reçu (expéditeur : {received.sender}){joined} :")
    print(f"  {received.describe()}.")
    for line in received.refused + received.notices:
        print(f"  - {line}")
    if received.conflicts:
        print(
            "Les deux versions sont gardées : votre version reste en place tant que vous "
            "n'avez pas choisi."
        )
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    db = open_database(args.db, create=False)
    try:
        count = peers.revoke(db, args.volunteer)
    finally:
        db.close()
    print(
        f"{count} ordinateur{'s' if count > 1 else ''} de {args.volunteer} révoqué"
        f"{'s' if count > 1 else ''} : leurs fichiers seront refusés. Une nouvelle invitation "
        "permet de rejoindre l'antenne depuis un autre ordinateur."
    )
    return 0
