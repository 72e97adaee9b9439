"""Command line (docs/command-line.md): opens the window, or runs a headless command.

Modules behind each command are imported only when that command runs, so that opening the
window pays for nothing else.

Everything the user reads is French, argparse's own words included (usage line, section
titles, ``-h``, error messages). ``--db`` is read before or after the command; when it is given
at both places with two different files the command is refused, never run on the wrong base.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pea_desktop import __version__
from pea_desktop.domain.dates import read_year_month, year_problem
from pea_desktop.domain.errors import BadInputError
from pea_desktop.french_argparse import EXIT_BAD_INPUT, FrenchArgumentParser

EXIT_OK, EXIT_FAILURE = 0, 1
WINDOW_HANDLER = "pea_desktop.ui.app:run"
# The window asks for the passphrase itself; `encrypt` reads its passphrases itself.
NO_PASSPHRASE_HANDLERS = {WINDOW_HANDLER, "pea_desktop.commands.encryption:run_encrypt"}
# Commands about a base's file, refused for a base on a server (its administrator's pg_dump).
FILE_ONLY_HANDLERS = {
    "pea_desktop.commands.backup:run_backup": "backup",
    "pea_desktop.commands.backup:run_restore": "restore",
    "pea_desktop.commands.backup:run_repair": "repair",
    "pea_desktop.commands.encryption:run_encrypt": "encrypt",
}


def _subcommands(parser: argparse.ArgumentParser, dest: str, *, required: bool = True) -> Any:
    return parser.add_subparsers(
        dest=dest,
        required=required,
        parser_class=FrenchArgumentParser,
        title="commandes",
        metavar="COMMANDE",
    )


# --- helpers every command uses for its common options (names are shared with other helpers)


def _add_db(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """``--db BASE`` after the command. The top-level parser also reads it before the command;
    the two are merged in :func:`_merge_db` (a subparser's default would otherwise silently
    replace the value given before the command)."""
    parser.add_argument(
        "--db",
        dest="db_after",
        type=_location,
        default=argparse.SUPPRESS,
        metavar="BASE",
        help="fichier de la base, ou base sur un serveur postgresql://utilisateur@serveur:port/"
        "base (aussi accepté avant la commande)"
        + ("" if required else " ; par défaut : pea.sqlite3 dans le dossier de données"),
    )
    parser.set_defaults(db_required=required)


def _location(text: str) -> Any:
    """A ``--db`` value: a file path, or a server address (``postgresql://…``, read with
    ``services.database.parse_location``; a password in it is refused). Server addresses load
    SQLAlchemy's URL parser, so only they import it."""
    if "://" not in text:
        return Path(text)
    from pea_desktop.services.database import parse_location

    return parse_location(text)


# Values are checked while parsing and refused with BadInputError (not argparse's error): the
# message names the option and the command exits 2 without the usage line, like every other
# bad value found by a command.


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise BadInputError(f"--year : « {text} » n'est pas une année (AAAA).") from None
    if problem := year_problem(year):
        raise BadInputError(f"--year : {problem}")
    return year


def _month(text: str) -> str:
    """A month ``AAAA-MM``, returned as that text (commands read it with ``parse_month``)."""
    try:
        year, month = read_year_month(text)
    except ValueError as exc:
        raise BadInputError(f"--month : {exc}") from None
    return f"{year:04d}-{month:02d}"


def _month_or_old_number(text: str) -> str:
    """``AAAA-MM``, or the older ``MM`` alone (``print summary``), returned as ``MM``."""
    if text.strip().isdigit() and len(text.strip()) <= 2:
        month = int(text)
        if not 1 <= month <= 12:
            raise BadInputError(f"--month : « {text} » n'est pas un mois (AAAA-MM).")
        return f"{month:02d}"
    return _month(text)


def _add_year(
    parser: argparse.ArgumentParser, *, required: bool = True, help: str = "l'année (AAAA)"
) -> None:
    parser.add_argument("--year", type=_year, required=required, metavar="AAAA", help=help)


def _add_month(
    parser: Any,
    *,
    required: bool = True,
    help: str = "le mois (AAAA-MM, par exemple 2025-03)",
    old_number_too: bool = False,
) -> None:
    """``--month AAAA-MM``; ``old_number_too`` also accepts the older ``MM`` form."""
    kind = _month_or_old_number if old_number_too else _month
    parser.add_argument("--month", type=kind, required=required, metavar="AAAA-MM", help=help)


def _add_antenna(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--antenna",
        required=required,
        metavar="CODE",
        help="le code de l'antenne (par exemple LYON)"
        + ("" if required else " ; par défaut : toutes les antennes"),
    )


def _add_register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--register",
        type=Path,
        metavar="CLES.json",
        help="registre des clés des antennes (par défaut : cles-antennes.json dans le dossier "
        "de données)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="pea-desktop",
        description="PEA Desktop : activité, notes de frais et bilans des antennes. "
        "Sans commande, ouvre la fenêtre.",
        epilog="« pea-desktop COMMANDE --help » décrit les options de chaque commande.",
    )
    parser.add_argument(
        "--db",
        type=_location,
        metavar="BASE",
        help="fichier de la base, ou base sur un serveur "
        "postgresql://utilisateur@serveur:port/base, avant ou après la commande "
        "(par défaut : pea.sqlite3 dans le dossier de données ; le mot de passe du serveur "
        "vient de PGPASSWORD, de PGPASSFILE ou est demandé, jamais dans l'adresse)",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"pea-desktop {__version__}",
        help="afficher la version de PEA Desktop et quitter",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="ouvrir la fenêtre puis quitter dès que tout est affiché (installateurs, CI)",
    )
    parser.set_defaults(handler="pea_desktop.ui.app:run", db_required=False)
    sub = _subcommands(parser, "command", required=False)

    demo = sub.add_parser("demo", help="remplir une base avec des données fictives réalistes")
    _add_db(demo, required=True)
    demo.add_argument(
        "--antennas", type=int, default=4, metavar="N", help="nombre d'antennes, 1 à 50 (4)"
    )
    demo.add_argument(
        "--years", type=int, default=3, metavar="N", help="années d'historique, 1 à 30 (3)"
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="N",
        help="graine du hasard : même graine, mêmes données (1)",
    )
    demo.set_defaults(handler="pea_desktop.commands.demo:run")

    imp = sub.add_parser("import", help="importer un tableur CSV")
    imp_sub = _subcommands(imp, "what")
    for what, label in (("activities", "activités"), ("volunteers", "bénévoles")):
        p = imp_sub.add_parser(what, help=f"importer des {label}")
        p.add_argument(
            "file", type=Path, metavar="FICHIER.csv", help=f"le tableur des {label}, en CSV"
        )
        _add_db(p, required=True)
        p.set_defaults(handler=f"pea_desktop.commands.imports:run_{what}")

    claims = sub.add_parser("claims", help="notes de frais")
    claims_sub = _subcommands(claims, "what")
    prepare = claims_sub.add_parser("prepare", help="préparer les notes de frais du mois")
    _add_db(prepare, required=True)
    _add_month(prepare, help="le mois des frais (AAAA-MM)")
    _add_antenna(prepare)
    prepare.set_defaults(handler="pea_desktop.commands.claims:run_prepare")
    approve = claims_sub.add_parser(
        "approve", help="approuver les notes ouvertes du mois (les brouillons sont soumis avant)"
    )
    _add_db(approve, required=True)
    approve.add_argument("--month", required=True, metavar="AAAA-MM", help="mois des notes")
    approve.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    approve.add_argument(
        "--volunteer", metavar="« Prénom Nom »", help="seulement la note de ce ou cette bénévole"
    )
    approve.set_defaults(handler="pea_desktop.commands.claims:run_approve")
    waive = claims_sub.add_parser(
        "waive", help="abandon de frais : la note du mois devient un don, le reçu fiscal est émis"
    )
    _add_db(waive, required=True)
    waive.add_argument("--month", required=True, metavar="AAAA-MM", help="mois de la note")
    waive.add_argument(
        "--volunteer", required=True, metavar="« Prénom Nom »", help="bénévole qui renonce"
    )
    waive.set_defaults(handler="pea_desktop.commands.claims:run_waive")
    sepa = claims_sub.add_parser(
        "sepa", help="virement SEPA (pain.001.001.03) des notes approuvées du mois"
    )
    _add_db(sepa, required=True)
    sepa.add_argument("--month", required=True, metavar="AAAA-MM", help="mois des notes")
    sepa.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    sepa.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.xml", help="fichier écrit"
    )
    sepa.set_defaults(handler="pea_desktop.commands.claims:run_sepa")

    association = sub.add_parser("association", help="l'association elle-même")
    association_sub = association.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    assoc_set = association_sub.add_parser(
        "set", help="identité, statut, compte bancaire et signataire de l'association"
    )
    _add_db(assoc_set, required=True)
    for option, metavar, text in (
        ("--name", "TEXTE", "nom de l'association"),
        ("--address", "TEXTE", "adresse (rue)"),
        ("--postal-code", "CP", "code postal"),
        ("--city", "VILLE", "commune"),
        ("--purpose", "TEXTE", "objet (imprimé sur les reçus fiscaux)"),
        ("--status", "TEXTE", "qualité de l'organisme : interet_general, utilite_publique…"),
    ):
        assoc_set.add_argument(option, metavar=metavar, help=text)
    identifier = assoc_set.add_mutually_exclusive_group()
    identifier.add_argument("--rna", metavar="W…", help="numéro RNA (W et 9 chiffres)")
    identifier.add_argument("--siren", metavar="NNNNNNNNN", help="numéro SIREN (9 chiffres)")
    assoc_set.add_argument("--iban", metavar="IBAN", help="IBAN du compte qui rembourse")
    assoc_set.add_argument("--bic", metavar="BIC", help="BIC de ce compte")
    assoc_set.add_argument("--signatory", metavar="« Prénom Nom »", help="signataire des reçus")
    assoc_set.add_argument(
        "--signatory-role", metavar="TEXTE", help="fonction du ou de la signataire"
    )
    assoc_set.set_defaults(handler="pea_desktop.commands.association:run_set")

    printing = sub.add_parser("print", help="imprimer en PDF")
    print_sub = _subcommands(printing, "what")
    print_claims = print_sub.add_parser("claims", help="notes de frais du mois et bordereau")
    _add_db(print_claims, required=True)
    _add_month(print_claims, help="le mois des notes (AAAA-MM)")
    _add_antenna(print_claims)
    print_claims.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="le PDF à écrire"
    )
    print_claims.set_defaults(handler="pea_desktop.commands.claims:run_print")
    summary = print_sub.add_parser("summary", help="bilan d'activité")
    _add_db(summary, required=True)
    _add_year(
        summary,
        required=False,
        help="l'année du bilan (AAAA) ; facultative avec --month AAAA-MM",
    )
    period = summary.add_mutually_exclusive_group()
    period.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), metavar="N", help="un trimestre, 1 à 4"
    )
    _add_month(
        period,
        required=False,
        old_number_too=True,
        help="un mois (AAAA-MM ; l'ancienne forme MM reste acceptée avec --year)",
    )
    _add_antenna(summary)
    summary.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="le PDF à écrire"
    )
    summary.set_defaults(handler="pea_desktop.commands.summary:run")
    receipts = print_sub.add_parser(
        "receipts", help="reçus fiscaux de l'année et totaux à déclarer"
    )
    _add_db(receipts, required=True)
    receipts.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    receipts.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="fichier écrit"
    )
    receipts.set_defaults(handler="pea_desktop.commands.documents:run_receipts")
    attestation = print_sub.add_parser(
        "attestation", help="attestation de bénévolat d'une personne pour l'année"
    )
    _add_db(attestation, required=True)
    attestation.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    attestation.add_argument(
        "--volunteer", required=True, metavar="« Prénom Nom »", help="bénévole"
    )
    attestation.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.pdf", help="fichier écrit"
    )
    attestation.set_defaults(handler="pea_desktop.commands.documents:run_attestation")

    export = sub.add_parser("export", help="exporter")
    export_sub = _subcommands(export, "what")
    federation = export_sub.add_parser("federation", help="export annuel pour la fédération")
    _add_db(federation, required=True)
    _add_year(federation, help="l'année exportée (AAAA)")
    _add_antenna(federation, required=True)
    federation.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FICHIER.json",
        help="le fichier JSON à envoyer à la fédération",
    )
    federation.add_argument(
        "--xlsx", type=Path, metavar="FICHIER.xlsx", help="le même export en classeur Excel"
    )
    federation.set_defaults(handler="pea_desktop.commands.federation:run_export")
    accounting = export_sub.add_parser(
        "accounting", help="écritures comptables de l'année (CSV pour le logiciel comptable)"
    )
    _add_db(accounting, required=True)
    accounting.add_argument("--year", type=int, required=True, metavar="AAAA", help="année")
    accounting.add_argument("--antenna", metavar="CODE", help="seulement cette antenne")
    accounting.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.csv", help="fichier écrit"
    )
    accounting.set_defaults(handler="pea_desktop.commands.accounting:run_export")

    fed = sub.add_parser("federation", help="côté fédération")
    fed_sub = _subcommands(fed, "what")
    consolidate = fed_sub.add_parser("consolidate", help="consolider les exports des antennes")
    consolidate.add_argument(
        "files",
        type=Path,
        nargs="*",
        metavar="FICHIER.json",
        help="les exports des antennes (sans fichier : lus sur le serveur donné par --db)",
    )
    _add_year(
        consolidate,
        required=False,
        help="l'année consolidée (AAAA) ; par défaut : celle de la plupart des fichiers, ou "
        "l'année dernière sur un serveur",
    )
    consolidate.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="BILAN.pdf",
        help="le bilan national à écrire",
    )
    consolidate.add_argument(
        "--xlsx", type=Path, metavar="BILAN.xlsx", help="le même bilan en classeur Excel"
    )
    consolidate.add_argument(
        "--db",
        dest="db_after",
        type=_location,
        default=argparse.SUPPRESS,
        metavar="BASE",
        help="la base de la fédération (liste des antennes attendues), ou une base sur un "
        "serveur (postgresql://federation@serveur:5432/base) d'où lire toutes les antennes",
    )
    consolidate.set_defaults(db_required=False)
    _add_register(consolidate)
    consolidate.set_defaults(handler="pea_desktop.commands.federation:run_consolidate")
    fed_keys = fed_sub.add_parser("keys", help="registre des clés des antennes : les afficher")
    _add_register(fed_keys)
    fed_keys.set_defaults(handler="pea_desktop.commands.federation:run_keys")
    accept = fed_sub.add_parser(
        "accept-key", help="accepter la nouvelle clé d'une antenne (empreinte vérifiée)"
    )
    accept.add_argument("antenna", metavar="CODE", help="code de l'antenne")
    accept.add_argument(
        "fingerprint",
        metavar="EMPREINTE",
        help="empreinte de la nouvelle clé, lue par l'antenne (pea-desktop export federation)",
    )
    _add_register(accept)
    accept.set_defaults(handler="pea_desktop.commands.federation:run_accept_key")

    encrypt = sub.add_parser(
        "encrypt",
        help="protéger la base par une phrase secrète (la créer chiffrée si elle n'existe pas)",
    )
    _add_db(encrypt)
    encrypt.add_argument(
        "--change",
        action="store_true",
        help="changer la phrase secrète d'une base déjà chiffrée (actuelle dans "
        "PEA_DESKTOP_PASSPHRASE, nouvelle dans PEA_DESKTOP_NEW_PASSPHRASE, ou au clavier)",
    )
    encrypt.set_defaults(handler="pea_desktop.commands.encryption:run_encrypt")

    retention = sub.add_parser(
        "retention", help="conservation : purger les références de visite et notes anciennes"
    )
    retention_sub = retention.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    for what, text in (
        ("preview", "ce qui serait purgé aujourd'hui (rien n'est modifié)"),
        ("purge", "purger (aperçu sans --yes ; sauvegarde faite avant)"),
    ):
        p = retention_sub.add_parser(what, help=text)
        _add_db(p, required=True)
        p.add_argument("--antenna", metavar="CODE", help="une antenne (par défaut : toutes)")
        if what == "purge":
            p.add_argument("--yes", action="store_true", help="confirmer la purge")
        p.set_defaults(handler=f"pea_desktop.commands.retention:run_{what}")
    keep = retention_sub.add_parser("set", help="durée de conservation d'une antenne")
    _add_db(keep, required=True)
    keep.add_argument("--antenna", required=True, metavar="CODE", help="code de l'antenne")
    keep.add_argument(
        "--years", type=int, required=True, metavar="N", help="nombre d'années (1 à 10 ; 3)"
    )
    keep.set_defaults(handler="pea_desktop.commands.retention:run_set")

    history = sub.add_parser(
        "history", help="historique des modifications : qui a changé quoi, et quand"
    )
    _add_db(history, required=True)
    history.add_argument(
        "--limit", type=int, default=50, metavar="N", help="nombre de lignes (50 par défaut)"
    )
    history.set_defaults(handler="pea_desktop.commands.history:run")

    volunteer = sub.add_parser("volunteer", help="données personnelles d'un bénévole")
    volunteer_sub = volunteer.add_subparsers(
        dest="what", required=True, parser_class=FrenchArgumentParser
    )
    export_data = volunteer_sub.add_parser(
        "export-data", help="exporter ses données (droit d'accès) en JSON"
    )
    _add_db(export_data, required=True)
    export_data.add_argument(
        "--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole concerné"
    )
    export_data.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FICHIER.json", help="fichier écrit"
    )
    export_data.set_defaults(handler="pea_desktop.commands.retention:run_export_data")
    erase = volunteer_sub.add_parser(
        "erase", help="effacer ses données personnelles à son départ (sauvegarde faite avant)"
    )
    _add_db(erase, required=True)
    erase.add_argument(
        "--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole qui part"
    )
    erase.add_argument("--yes", action="store_true", help="confirmer l'effacement")
    erase.set_defaults(handler="pea_desktop.commands.retention:run_erase")
    _add_exchange(sub)
    _add_server(sub)

    backup = sub.add_parser("backup", help="sauvegarder la base maintenant")
    _add_db(backup)
    backup.set_defaults(handler="pea_desktop.commands.backup:run_backup")
    restore = sub.add_parser("restore", help="restaurer une sauvegarde")
    restore.add_argument(
        "backup",
        type=Path,
        metavar="SAUVEGARDE",
        help="le fichier de sauvegarde, ou son nom dans le dossier des sauvegardes",
    )
    _add_db(restore)
    restore.set_defaults(handler="pea_desktop.commands.backup:run_restore")
    repair = sub.add_parser(
        "repair", help="reconstruire les index endommagés de la base (après une sauvegarde)"
    )
    _add_db(repair)
    repair.set_defaults(handler="pea_desktop.commands.backup:run_repair")
    return parser


def _add_exchange(sub: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    exchange = sub.add_parser(
        "exchange", help="échanges de fichiers .pea entre ordinateurs (bénévoles, coordinateur)"
    )
    ex_sub = exchange.add_subparsers(dest="what", required=True, parser_class=FrenchArgumentParser)
    module = "pea_desktop.commands.exchange"
    invite = ex_sub.add_parser("invite", help="inviter un bénévole à rejoindre l'antenne")
    _add_db(invite, required=True)
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
    _add_db(join, required=True)
    join.set_defaults(handler=f"{module}:run_join")
    send = ex_sub.add_parser(
        "send", help="écrire le fichier des nouveautés pour l'autre ordinateur"
    )
    _add_db(send, required=True)
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
    _add_db(receive, required=True)
    receive.set_defaults(handler=f"{module}:run_receive")
    revoke = ex_sub.add_parser(
        "revoke", help="refuser désormais les fichiers des ordinateurs d'un bénévole"
    )
    _add_db(revoke, required=True)
    revoke.add_argument("--volunteer", required=True, metavar='"Prénom Nom"', help="le bénévole")
    revoke.set_defaults(handler=f"{module}:run_revoke")


def _add_server_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        dest="db_after",
        type=_location,
        default=argparse.SUPPRESS,
        metavar="postgresql://ADMIN@SERVEUR:PORT/BASE",
        help="la base sur le serveur, en administrateur (mot de passe : PGPASSWORD, ~/.pgpass "
        "ou demandé)",
    )
    parser.set_defaults(db_required=True)


def _add_server(sub: argparse._SubParsersAction[FrenchArgumentParser]) -> None:
    server = sub.add_parser(
        "server", help="base sur un serveur PostgreSQL : préparation et comptes (administrateur)"
    )
    server_sub = _subcommands(server, "what")
    module = "pea_desktop.commands.server"
    init = server_sub.add_parser(
        "init",
        help="préparer la base : schéma, extensions, rôles de groupe, droits (sans risque "
        "si relancée)",
    )
    _add_server_db(init)
    init.set_defaults(handler=f"{module}:run_init")
    account = server_sub.add_parser("account", help="comptes des coordinateurs et de la fédération")
    account_sub = _subcommands(account, "action")
    add = account_sub.add_parser(
        "add",
        help="créer un compte (mot de passe demandé deux fois, ou PEA_DESKTOP_ACCOUNT_PASSWORD)",
    )
    add.add_argument("login", metavar="IDENTIFIANT", help="identifiant de connexion au serveur")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--antenna",
        action="append",
        metavar="CODE",
        help="antenne que le compte voit et modifie (répétable)",
    )
    who.add_argument(
        "--federation",
        action="store_true",
        help="compte de la fédération : les chiffres de toutes les antennes, aucun nom",
    )
    _add_server_db(add)
    add.set_defaults(handler=f"{module}:run_account_add")
    listing = account_sub.add_parser("list", help="lister les comptes et leurs antennes")
    _add_server_db(listing)
    listing.set_defaults(handler=f"{module}:run_account_list")
    remove = account_sub.add_parser(
        "remove", help="supprimer un compte (ses données restent dans la base)"
    )
    remove.add_argument("login", metavar="IDENTIFIANT", help="le compte à supprimer")
    remove.add_argument("--yes", action="store_true", help="confirmer sans question")
    _add_server_db(remove)
    remove.set_defaults(handler=f"{module}:run_account_remove")


def _merge_db(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """One ``args.db`` from ``--db`` before and/or after the command; refuse a conflict."""
    before: Any = args.db  # a Path or a ServerAddress
    after: Any = getattr(args, "db_after", None)
    if before is not None and after is not None and before != after:
        parser.error(
            "--db donné deux fois avec deux bases différentes "
            f"({_named(before)} et {_named(after)}) : "
            "indiquez-le une seule fois."
        )
    args.db = after if after is not None else before
    if args.db is None and args.db_required:
        parser.error("l'option --db BASE est obligatoire pour cette commande")


def _named(location: Any) -> str:
    """A file path as given, a server address by its label (``user@host:port/base``)."""
    return str(getattr(location, "label", location))


def _resolve(handler: str) -> Callable[[argparse.Namespace], int]:
    module_name, _, function = handler.partition(":")
    return getattr(importlib.import_module(module_name), function)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:  # usage mistakes end in SystemExit(2) from argparse, after printing the usage
        args = parser.parse_args(argv)
    except BadInputError as exc:  # a bad --month or --year value
        print(f"pea-desktop : {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _merge_db(parser, args)
    args.db_given = args.db is not None  # the window then opens the base used last time
    if args.db is None:
        from pea_desktop.paths import default_database_path

        args.db = default_database_path()
    from pea_desktop.services.database_errors import DatabaseOpenError

    try:
        if isinstance(args.db, Path):
            if args.handler not in NO_PASSPHRASE_HANDLERS:
                from pea_desktop.commands.encryption import provide_passphrase

                provide_passphrase(args.db)  # an encrypted base: from the environment or asked
        elif args.handler in FILE_ONLY_HANDLERS:
            from pea_desktop.commands.server_login import refuse_file_only_command

            refuse_file_only_command(args.db, FILE_ONLY_HANDLERS[args.handler])
        elif args.handler != WINDOW_HANDLER:  # the window asks for the password itself
            from pea_desktop.commands.server_login import run_with_password

            return run_with_password(args.db, lambda: int(_resolve(args.handler)(args) or 0))
        return int(_resolve(args.handler)(args) or EXIT_OK)
    except (BadInputError, DatabaseOpenError) as exc:
        print(f"pea-desktop : {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:
        from pea_desktop.services.database_errors import database_failure

        failure = database_failure(args.db, exc)
        if failure is None:
            raise
        # The French reason only: SQLAlchemy's text would print the row data it was writing.
        print(f"pea-desktop : {failure.message}", file=sys.stderr)
        return EXIT_FAILURE
