"""Who is acting: the one place that decides the name written in histories and the audit trail.

On a server base it is the server login (``SELECT current_user``): the server knows who
connected, nobody can claim another name. On a file base it is the name chosen in the
application (« Votre nom », kept in the data folder for every base of this computer account),
and by default the system login.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import tempfile
from typing import Any

from pea_desktop import paths

NAME_FILE = "utilisateur.json"
MAX_NAME = 64  # the width of updated_by / actor columns


def system_login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def chosen_name() -> str:
    """The name chosen in the application, "" when none was."""
    try:
        data = json.loads((paths.data_dir() / NAME_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name.strip()[:MAX_NAME] if isinstance(name, str) else ""


def choose_name(name: str) -> None:
    """Remember ``name`` (blank: back to the system login), written all-or-nothing."""
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"name": " ".join(name.split())[:MAX_NAME]}, ensure_ascii=False)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".utilisateur-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.replace(temporary, folder / NAME_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def local_actor() -> str:
    """Who acts on a file base: the chosen name, else the system login."""
    return (chosen_name() or system_login())[:MAX_NAME]


def actor_on(connection: Any) -> str:
    """Who acts through ``connection`` (a SQLAlchemy Connection): the server login on a server,
    else :func:`local_actor`. Asked once per connection (a login does not change)."""
    if connection.dialect.name != "postgresql":
        return local_actor()
    info = connection.info
    if "pea_actor" not in info:
        login = connection.exec_driver_sql("SELECT current_user").scalar()
        info["pea_actor"] = str(login or "")[:MAX_NAME]
    return str(info["pea_actor"])
