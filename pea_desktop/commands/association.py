"""``pea-desktop association set`` (docs/command-line.md): the association's identity."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from pea_desktop.domain.association import status_from_text
from pea_desktop.domain.bank import mask_iban
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.association import load_association, save_association
from pea_desktop.services.database import open_database

# option -> field of AssociationInfo
TEXT_OPTIONS = {
    "name": "name",
    "address": "address",
    "postal_code": "postal_code",
    "city": "city",
    "rna": "rna",
    "siren": "siren",
    "signatory": "signatory_name",
    "signatory_role": "signatory_title",
    "purpose": "purpose",
}


def run_set(args: argparse.Namespace) -> int:
    """Change the fields given, keep the others; the same checks as the settings dialog."""
    changes: dict[str, Any] = {
        field: getattr(args, option)
        for option, field in TEXT_OPTIONS.items()
        if getattr(args, option, None) is not None
    }
    if args.status is not None:
        try:
            changes["status"] = status_from_text(args.status).value
        except ValueError as exc:
            raise BadInputError(
                f"--status : « {args.status} » n'est pas une qualité connue "
                "(utilite_publique, interet_general, aide_personnes_en_difficulte, "
                "bienfaisance_alsace_moselle, autre)."
            ) from exc
    if args.bic is not None and args.iban is None:
        raise BadInputError("--bic : indiquez aussi --iban.")
    if args.iban is not None:
        changes["iban"] = args.iban
        changes["bic"] = args.bic or ""
    if not changes:
        raise BadInputError("Indiquez au moins une option à changer (voir --help).")
    db = open_database(args.db, create=False)
    try:
        info = replace(load_association(db), **changes)
        save_association(db, info)
        saved = load_association(db)
    finally:
        db.close()
    print(f"Association « {saved.name} » enregistrée.")
    if saved.iban:
        print(f"  compte : {mask_iban(saved.iban)} ({saved.bic})")
    return 0
