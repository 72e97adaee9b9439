"""The very first start on a new machine: the data folder does not exist yet."""

from pathlib import Path

from pea_desktop.ui.backups.database_opening import open_interactively


def test_first_start_creates_the_data_folder_and_the_base(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def no_question(error, parent):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected problem: {error.message}")

    database = tmp_path / "nouveau" / "dossier" / "pea.sqlite3"
    opened = open_interactively(database, None, ask=no_question)
    assert opened is not None
    try:
        assert database.exists()
        assert opened.instance is not None
    finally:
        opened.close()
