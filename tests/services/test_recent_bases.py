from pathlib import Path

from pea_desktop import paths
from pea_desktop.services import recent_bases


def test_last_opened_first_missing_files_left_out(tmp_path: Path) -> None:
    a, b, gone = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "gone.sqlite3"
    for path in (a, b, gone):
        path.write_bytes(b"")
    for path in (a, gone, b, a):
        recent_bases.remember(path)
    gone.unlink()
    assert recent_bases.recent_bases() == [a, b]
    recent_bases.forget(a)
    assert recent_bases.recent_bases() == [b]


def test_the_demonstration_is_never_the_base_reopened_at_start(tmp_path: Path) -> None:
    own = tmp_path / "pea.sqlite3"
    own.write_bytes(b"")
    demo = paths.demo_database_path()
    demo.parent.mkdir(parents=True, exist_ok=True)
    demo.write_bytes(b"")
    recent_bases.remember(own)
    recent_bases.remember(demo)
    assert recent_bases.recent_bases()[0] == demo
    assert recent_bases.last_base() == own


def test_a_damaged_list_is_an_empty_list() -> None:
    (paths.data_dir()).mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / recent_bases.FILE_NAME).write_text("{pas du json", encoding="utf-8")
    assert recent_bases.recent_bases() == []
    assert recent_bases.last_base() is None


def test_server_bases_are_remembered_as_their_address_never_a_password(tmp_path: Path) -> None:
    import json

    from pea_desktop.services.database import parse_location

    own = tmp_path / "pea.sqlite3"
    own.write_bytes(b"")
    server = parse_location("postgresql://léa@pea.example.org:5433/lyon")
    recent_bases.remember(own)
    recent_bases.remember(server)
    recent_bases.remember(server)  # once, first
    assert recent_bases.recent_bases() == [server, own]
    assert recent_bases.last_base() == server  # a server is kept: only connecting tells more
    saved = (paths.data_dir() / recent_bases.FILE_NAME).read_text(encoding="utf-8")
    assert json.loads(saved) == ["postgresql://l%C3%A9a@pea.example.org:5433/lyon", str(own)]
    # An entry edited by hand with a password in it is left out, never used.
    entries = ["postgresql://lea:secret@pea.example.org/lyon", *json.loads(saved)]
    (paths.data_dir() / recent_bases.FILE_NAME).write_text(json.dumps(entries))
    assert recent_bases.recent_bases() == [server, own]
    recent_bases.forget(server)
    assert recent_bases.recent_bases() == [own]
