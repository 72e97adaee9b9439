"""A throwaway PostgreSQL server for the tests, in a temporary folder, stopped at the end.

PostgreSQL refuses to run as root: when the tests run as root (CI), the cluster belongs to the
``postgres`` system user that Debian's package creates, and ``initdb``/``pg_ctl`` run through
``runuser``. The server listens on a Unix socket in its own folder and on a free local TCP port
(password-checked, for the tests of passwords); local socket connections are trusted, so tests
connect as any role without a password, which is what the rights tests need.

One server per pytest worker (session-scoped fixture); each test that wants a base gets a new
database copied from a template migrated once (``CREATE DATABASE ... TEMPLATE``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

ADMIN = "pea_test_admin"
ADMIN_PASSWORD = "mot-de-passe-de-test"
SERVICE_USER = "postgres"  # Debian's package creates it; the cluster runs as it under root


def binaries_folder() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are: ``PEA_PG_BIN``, the distribution's folder, or PATH."""
    if configured := os.environ.get("PEA_PG_BIN"):
        return Path(configured)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _version_key(folder: str) -> int:
    number = Path(folder).parent.name
    return int(number) if number.isdigit() else 0


def missing_reason() -> str | None:
    """Why no test server can start here, or None when one can."""
    folder = binaries_folder()
    if folder is None or not (folder / "pg_ctl").exists():
        return "PostgreSQL n'est pas installé (paquets postgresql et postgresql-contrib)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            return f"exécuté en root sans utilisateur système « {SERVICE_USER} »"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server: where its socket is, its TCP port, and new databases on demand."""

    folder: Path
    port: int
    bin: Path
    _run_as: list[str] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: count(1))

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str, user: str = ADMIN, *, tcp: bool = False) -> str:
        """A SQLAlchemy address of ``database`` (socket, or TCP on 127.0.0.1 when ``tcp``)."""
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def sql(self, statement: str, database: str = "postgres", user: str = ADMIN) -> None:
        """Run one statement as ``user`` (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            dbname=database,
            user=user,
            autocommit=True,
        ) as connection:
            connection.execute(statement)  # type: ignore[arg-type]  # test-only literal SQL

    def new_database_name(self, prefix: str = "pea_test") -> str:
        return f"{prefix}_{os.getpid()}_{next(self._names)}"

    def create_database(self, name: str, template: str | None = None) -> str:
        clause = f" TEMPLATE {template}" if template else ""
        self.sql(f'CREATE DATABASE "{name}"{clause}')
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run(
            [*self._run_as, str(self.bin / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast"],
            check=False,
            capture_output=True,
        )

    @property
    def data(self) -> Path:
        return self.folder / "data"


def start_server() -> PostgresServer:
    """initdb, then start, in a new temporary folder; raises RuntimeError with the log if not."""
    folder_bin = binaries_folder()
    assert folder_bin is not None
    folder = Path(tempfile.mkdtemp(prefix="pea-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVICE_USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", SERVICE_USER, "--"]
    server = PostgresServer(folder=folder, port=_free_port(), bin=folder_bin, _run_as=run_as)
    password_file = folder / "password"
    _as_owner(server, lambda: password_file.write_text(ADMIN_PASSWORD + "\n"))
    _as_owner(server, lambda: server.socket_dir.mkdir())
    _run(
        server,
        "initdb",
        "-D",
        str(server.data),
        "-U",
        ADMIN,
        f"--pwfile={password_file}",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    options = (
        f"-p {server.port} -k {server.socket_dir} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=200 -c shared_buffers=64MB"
    )
    _run(
        server,
        "pg_ctl",
        "start",
        "-w",
        "-D",
        str(server.data),
        "-l",
        str(folder / "server.log"),
        "-o",
        options,
    )
    return server


def _as_owner(server: PostgresServer, action: object) -> None:
    assert callable(action)
    action()
    if server._run_as:
        account = pwd.getpwnam(SERVICE_USER)
        for path in server.folder.iterdir():
            os.chown(path, account.pw_uid, account.pw_gid)


def _run(server: PostgresServer, program: str, *arguments: str) -> None:
    done = subprocess.run(
        [*server._run_as, str(server.bin / program), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        log = server.folder / "server.log"
        with contextlib.suppress(OSError):
            done.stderr += "\n" + log.read_text(errors="replace")
        raise RuntimeError(f"{program} a échoué ({done.returncode}) :\n{done.stderr}")


def remove_server(server: PostgresServer) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
