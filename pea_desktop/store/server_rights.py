"""Who may do what on a server base: group roles, grants, accounts, the federation's views.

The row-level security itself comes with the schema (migration 0011: one policy per table
holding an antenna's rows, keyed on the login in ``server_account_antenna``; migration 0013:
the same for the exchange with the volunteers' laptops, through the antenna's UUID). What a
migration cannot do without knowing the cluster is here, run by the administrator's
``pea-desktop server init`` and ``server account …`` (docs/server.md):

- two group roles (NOLOGIN): ``pea_coordination`` (coordinators: read and change the rows of
  their antennas, read the shared reference tables) and ``pea_federation`` (the federation:
  nothing of the tables, only the views of schema ``pea_federation``);
- the federation's views: the tables the national figures are computed from, every antenna's
  rows, but each personal or free-text column blanked (names, contacts, bank details, notes,
  visit references, places, trip ends, descriptions). The views belong to the administrator,
  so they read past RLS; the federation's login reads them through its ``search_path``, which
  makes the same summary code compute the same figures as an antenna's yearly export;
- logins: ``CREATE ROLE … LOGIN`` with a SCRAM verifier computed here (the password itself
  never reaches the server's statement log), a member of its group role.

Every table of the schema is classified below; a test fails when a new table is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, LargeBinary, String, Table, Text, text

from pea_desktop.domain.errors import BadInputError
from pea_desktop.store.schema import metadata

COORDINATION_ROLE = "pea_coordination"
FEDERATION_ROLE = "pea_federation"
FEDERATION_SCHEMA = "pea_federation"
POLICY = "pea_antenna_rows"  # the name migration 0011 gives each antenna table's policy
EXTENSIONS = ("unaccent", "pg_trgm")

# Tables holding an antenna's rows: RLS with a policy (migration 0011), read-write for coordinators.
ANTENNA_TABLES = (
    "antenna",
    "antenna_key",
    "volunteer",
    "activity",
    "activity_volunteer",
    "expense_line",
    "expense_claim",
    "claim_status_change",
    "mileage_valuation",
    "expense_receipt",
    "tax_receipt",
    "sepa_batch",
    "sepa_transfer",
)
# The association's own settings and the mileage scales: coordinators read them only.
SHARED_READ_ONLY = (
    "association",
    "setting",
    "mileage_scale",
    "mileage_scale_band",
    "own_mileage_rate",
)
# Partner structures (CSAPA, hospitals, schools) are not personal and shared by the antennas.
SHARED_WRITABLE = ("partner",)
# The audit trail (migration 0010): coordinators add lines in their own name, read none.
APPEND_ONLY = ("change_log",)
JOURNAL_POLICY = "pea_journal_insert"
# The exchange with the volunteers' laptops, antenna by antenna (RLS policy of migration 0013:
# through the antenna's UUID, or through the laptop's exchange_peer row): read-write for
# coordinators, who exchange with their own antennas' laptops and see no other's.
EXCHANGE_TABLES = (
    "exchange_laptop",
    "exchange_peer",
    "exchange_invitation",
    "exchange_record_state",
    "exchange_received",
    "exchange_peer_record",
    "exchange_conflict",
    "exchange_notice",
)
# The accounts, and what only a volunteer's laptop holds: the administrator's alone on a server.
ADMINISTRATOR_ONLY = (
    "server_account",
    "server_account_antenna",
    "exchange_claim_state",
)
# What the federation's views show, and the columns each blanks ('' for text, NULL for bytes).
FEDERATION_VIEWS: dict[str, tuple[str, ...]] = {
    "association": ("address", "postal_code", "iban", "bic", "signature_image", "signatory_name"),
    "setting": (),
    "antenna": (),
    "partner": (),
    "volunteer": (
        "first_name",
        "last_name",
        "name_key",
        "email",
        "phone",
        "address",
        "postal_code",
        "city",
        "iban",
        "bic",
    ),
    "activity": ("place", "notes", "theme", "reference", "search_text"),
    "activity_volunteer": (),
    "expense_line": ("trip_from", "trip_to", "description"),
    "expense_claim": ("notes", "refusal_reason", "flag_reason", "payment_reference"),
    "mileage_valuation": (),
    "mileage_scale": (),
    "mileage_scale_band": (),
    "own_mileage_rate": (),
}
LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")
RESERVED_LOGINS = {COORDINATION_ROLE, FEDERATION_ROLE, "postgres", "public"}


def classified() -> dict[str, str]:
    """Each classified table and its class (the rights test walks the schema against it)."""
    classes = {
        "antenne": ANTENNA_TABLES,
        "échanges de l'antenne": EXCHANGE_TABLES,
        "lecture seule": SHARED_READ_ONLY,
        "partagée": SHARED_WRITABLE,
        "administration": ADMINISTRATOR_ONLY,
        "journal": APPEND_ONLY,
    }
    return {table: name for name, tables in classes.items() for table in tables}


@dataclass(frozen=True)
class Account:
    login: str
    federation: bool
    antennas: tuple[str, ...]
    exists_on_server: bool  # the login role (it may have been dropped by hand)


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def check_login(login: str) -> str:
    """A login name: lower case letters, digits, ``_ . -`` (French BadInputError if not)."""
    cleaned = login.strip()
    if not LOGIN_PATTERN.match(cleaned) or cleaned.startswith("pg_"):
        raise BadInputError(
            f"Identifiant « {login} » refusé : lettres minuscules sans accent, chiffres, « _ », "
            "« . » ou « - », 63 caractères au plus, sans commencer par un chiffre ni par « pg_ »."
        )
    if cleaned in RESERVED_LOGINS:
        raise BadInputError(f"Identifiant « {login} » réservé : choisissez-en un autre.")
    return cleaned


def initialise(connection: Connection) -> list[str]:
    """Extensions, group roles, grants and the federation's views (idempotent); what was done.

    Run by the administrator (the base's owner, with CREATEROLE) after the migrations.
    """
    done: list[str] = []
    for extension in EXTENSIONS:
        connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public"))
    for role in (COORDINATION_ROLE, FEDERATION_ROLE):
        if not _role_exists(connection, role):
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            done.append(f"rôle de groupe {role} créé")
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    base = connection.execute(text("SELECT current_database()")).scalar_one()
    q_schema, q_base = _quote(connection, schema), _quote(connection, base)
    statements = [
        # Only PEA Desktop's roles connect to the base (the server's default lets anyone).
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {q_base} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {q_base} TO {COORDINATION_ROLE}, {FEDERATION_ROLE}",
        f"REVOKE CREATE ON SCHEMA {q_schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {q_schema} TO {COORDINATION_ROLE}, {FEDERATION_ROLE}",
        f"GRANT SELECT ON alembic_version TO {COORDINATION_ROLE}, {FEDERATION_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q_schema} TO {COORDINATION_ROLE}",
    ]
    for table in ANTENNA_TABLES + EXCHANGE_TABLES + SHARED_WRITABLE:
        statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {COORDINATION_ROLE}")
    for table in SHARED_READ_ONLY:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {COORDINATION_ROLE}")
        statements.append(f"GRANT SELECT ON {table} TO {COORDINATION_ROLE}")
    for table in ADMINISTRATOR_ONLY:
        statements.append(
            f"REVOKE ALL ON {table} FROM {COORDINATION_ROLE}, {FEDERATION_ROLE}, PUBLIC"
        )
    for table in APPEND_ONLY:
        statements.append(
            f"REVOKE ALL ON {table} FROM {COORDINATION_ROLE}, {FEDERATION_ROLE}, PUBLIC"
        )
        statements.append(f"GRANT INSERT ON {table} TO {COORDINATION_ROLE}")
    for statement in statements:
        connection.execute(text(statement))
    done.append("droits des rôles pea_coordination et pea_federation accordés")
    create_federation_views(connection)
    done.append(f"vues de la fédération (schéma {FEDERATION_SCHEMA}) à jour")
    return done


def _role_exists(connection: Connection, role: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


def _blank(connection: Connection, table: Table, column: str) -> str:
    kind = table.c[column].type
    if isinstance(kind, LargeBinary):
        return f"NULL::bytea AS {_quote(connection, column)}"
    assert isinstance(kind, String | Text), f"{table.name}.{column} is not text"
    return f"''::text AS {_quote(connection, column)}"


def federation_view_sql(connection: Connection, table_name: str) -> str:
    """``SELECT`` of the view standing for ``table_name`` in the federation's schema."""
    table = metadata.tables[table_name]
    blanked = FEDERATION_VIEWS[table_name]
    columns = [
        _blank(connection, table, column.name)
        if column.name in blanked
        else _quote(connection, column.name)
        for column in table.columns
    ]
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    source = f"{_quote(connection, schema)}.{_quote(connection, table_name)}"
    return f"SELECT {', '.join(columns)} FROM {source}"


def create_federation_views(connection: Connection) -> None:
    """(Re)build schema ``pea_federation``: one view per table the figures need."""
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {FEDERATION_SCHEMA}"))
    for table_name in FEDERATION_VIEWS:
        view = f"{FEDERATION_SCHEMA}.{_quote(connection, table_name)}"
        select_sql = federation_view_sql(connection, table_name)
        connection.execute(text(f"DROP VIEW IF EXISTS {view}"))
        connection.execute(text(f"CREATE VIEW {view} AS {select_sql}"))
        connection.execute(text(f"GRANT SELECT ON {view} TO {FEDERATION_ROLE}"))
    connection.execute(text(f"REVOKE ALL ON SCHEMA {FEDERATION_SCHEMA} FROM PUBLIC"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {FEDERATION_SCHEMA} TO {FEDERATION_ROLE}"))


def add_account(
    connection: Connection,
    login: str,
    *,
    password_verifier: str,
    antennas: Sequence[str] = (),
    federation: bool = False,
) -> Account:
    """Create the login role (member of its group) and its account rows.

    ``password_verifier`` is the SCRAM verifier of the password (:func:`scram_verifier`).
    """
    login = check_login(login)
    codes = tuple(sorted({code.strip().upper() for code in antennas if code.strip()}))
    if federation == bool(codes):
        raise BadInputError(
            "Indiquez soit une ou plusieurs antennes (--antenna CODE), soit --federation."
        )
    for code in codes:
        if len(code) > 32 or not re.fullmatch(r"[A-Z0-9_-]+", code):
            raise BadInputError(f"Code d'antenne « {code} » invalide.")
    if connection.execute(
        text("SELECT 1 FROM server_account WHERE login = :l"), {"l": login}
    ).first():
        raise BadInputError(f"Le compte « {login} » existe déjà sur cette base.")
    if not _role_exists(connection, COORDINATION_ROLE):
        raise BadInputError(
            "La base n'est pas encore préparée : lancez d'abord « pea-desktop server init »."
        )
    group = FEDERATION_ROLE if federation else COORDINATION_ROLE
    quoted = _quote(connection, login)
    # A literal (DDL takes no parameters), sent to the driver as is: not parsed for binds.
    verifier = password_verifier.replace("'", "''")
    if _role_exists(connection, login):
        connection.exec_driver_sql(f"ALTER ROLE {quoted} LOGIN PASSWORD '{verifier}'")
        connection.execute(text(f"GRANT {group} TO {quoted}"))
    else:
        connection.exec_driver_sql(
            f"CREATE ROLE {quoted} LOGIN PASSWORD '{verifier}' IN ROLE {group}"
        )
    base = connection.execute(text("SELECT current_database()")).scalar_one()
    if federation:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        connection.execute(
            text(
                f"ALTER ROLE {quoted} IN DATABASE {_quote(connection, base)} "
                f"SET search_path = {FEDERATION_SCHEMA}, {_quote(connection, schema)}"
            )
        )
    connection.execute(
        text("INSERT INTO server_account (login, federation, created_at) VALUES (:l, :f, now())"),
        {"l": login, "f": federation},
    )
    for code in codes:
        connection.execute(
            text("INSERT INTO server_account_antenna (login, antenna_code) VALUES (:l, :c)"),
            {"l": login, "c": code},
        )
    return Account(login, federation, codes, True)


def list_accounts(connection: Connection) -> list[Account]:
    rows = connection.execute(
        text(
            "SELECT a.login, a.federation, r.rolname IS NOT NULL, "
            "coalesce(string_agg(s.antenna_code, ',' ORDER BY s.antenna_code), '') "
            "FROM server_account a "
            "LEFT JOIN server_account_antenna s ON s.login = a.login "
            "LEFT JOIN pg_roles r ON r.rolname = a.login "
            "GROUP BY a.login, a.federation, r.rolname ORDER BY a.login"
        )
    )
    return [
        Account(login, bool(federation), tuple(c for c in codes.split(",") if c), bool(exists))
        for login, federation, exists, codes in rows
    ]


def remove_account(connection: Connection, login: str) -> Account:
    """Drop the account rows and the login role (its sessions end with it)."""
    accounts = {account.login: account for account in list_accounts(connection)}
    account = accounts.get(login.strip())
    if account is None:
        known = ", ".join(accounts) or "aucun"
        raise BadInputError(f"Aucun compte « {login} » sur cette base (comptes : {known}).")
    connection.execute(text("DELETE FROM server_account WHERE login = :l"), {"l": account.login})
    if account.exists_on_server:
        quoted = _quote(connection, account.login)
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = :l AND pid <> pg_backend_pid()"
            ),
            {"l": account.login},
        )
        # Objects it owns in this base (none expected) go to the administrator first.
        connection.execute(text(f"REASSIGN OWNED BY {quoted} TO CURRENT_USER"))
        connection.execute(text(f"DROP OWNED BY {quoted}"))
        connection.execute(text(f"DROP ROLE {quoted}"))
    return account


def scram_verifier(connection: Connection, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password``, computed by libpq on this computer."""
    raw = connection.connection.driver_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # pragma: no cover - psycopg 3 always has it
        raise BadInputError("Pilote PostgreSQL inattendu : psycopg 3 est nécessaire.")
    verifier = pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return bytes(verifier).decode("ascii")


def policies(connection: Connection) -> dict[str, set[str]]:
    """The tables of the base's schema with RLS enabled, and their policies' names."""
    rows = connection.execute(
        text(
            "SELECT c.relname, p.polname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relrowsecurity"
        )
    )
    found: dict[str, set[str]] = {}
    for table, policy in rows:
        found.setdefault(table, set())
        if policy:
            found[table].add(policy)
    return found


def unclassified(tables: Iterable[str]) -> list[str]:
    known = classified()
    return sorted(table for table in tables if table not in known)
