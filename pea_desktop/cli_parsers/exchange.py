"""``exchange``: ``.pea`` files between computers (volunteers, coordination)."""

from __future__ import annotations

from pathlib import Path

from pea_desktop.cli_parsers.options import SubParsers, add_db
from pea_desktop.french_argparse import FrenchArgumentParser


def add_exchange(sub: SubParsers) -> None:
    exchange = sub.add_parser(
        "exchange", help="échanges de fichiers .pea entre ordinateurs (bénévoles, coordinateur)"
    )
    ex_sub = exchange.add_subparsers(dest="what", required=True, parser_class=FrenchArgumentParser)
    module = "pea_desktop.commands.exchange"
    invite = ex_sub.add_parser("invite", help="inviter un bénévole à rejoindre l'antenne")
    add_db(invite, required=True)
    invite.add_argument("--antenna", required=True, metavar="CODE", help="code de l'antenne")
    invite.add_argument(
        "--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole invité"
    )
    invite.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pea", help="invitation"
    )
    invite.set_defaults(handler=f"{module}:run_invite")
    join = ex_sub.add_parser("join", help="rejoindre une antenne avec une invitation")
    join.add_argument("file", type=Path, metavar="FICHIER.pea", help="le fichier d'invitation")
    join.add_argument(
        "--code",
        required=True,
        metavar="CODE",
        help="le code donné par la coordination de l'antenne",
    )
    add_db(join, required=True)
    join.set_defaults(handler=f"{module}:run_join")
    send = ex_sub.add_parser(
        "send", help="écrire le fichier des nouveautés pour l'autre ordinateur"
    )
    add_db(send, required=True)
    send.add_argument(
        "--volunteer",
        metavar='"Prénom Nom"',
        help="base de la coordination : le bénévole destinataire",
    )
    send.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pea", help="fichier écrit"
    )
    send.set_defaults(handler=f"{module}:run_send")
    receive = ex_sub.add_parser("receive", help="recevoir un fichier .pea et le fusionner")
    receive.add_argument("file", type=Path, metavar="FICHIER.pea", help="le fichier reçu")
    add_db(receive, required=True)
    receive.set_defaults(handler=f"{module}:run_receive")
    revoke = ex_sub.add_parser(
        "revoke", help="refuser désormais les fichiers des ordinateurs d'un bénévole"
    )
    add_db(revoke, required=True)
    revoke.add_argument("--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole")
    revoke.set_defaults(handler=f"{module}:run_revoke")
