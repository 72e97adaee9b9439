"""The whole schema: every mapped table, in one metadata (Alembic, schema checks).

Each models module registers its tables when imported; importing this one guarantees that
they all are, whichever of them the rest of the program happened to import.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from pea_desktop.store import account_models, claims_models, exchange_models, models

MODEL_MODULES = (models, claims_models, exchange_models, account_models)
metadata: MetaData = models.Base.metadata
