"""The command line itself: French throughout, ``--db`` before or after the command, one month
format, years bounded, help on every option (issue 11)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pea_desktop.cli import build_parser, main
from pea_desktop.store.database import open_database
from tests.reports.pdf_helpers import pdf_text
from tests.services import known_data

ENGLISH = (
    "usage:",
    "show this help",
    "the following arguments",
    "unrecognized arguments",
    "invalid choice",
    "expected one argument",
    "positional arguments",
)


@pytest.fixture
def known_db(migrated_db_path: Path) -> Path:
    db = open_database(migrated_db_path)
    known_data.build(db)
    db.close()
    return migrated_db_path


def all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += all_parsers(child)
    return found


def test_every_option_and_argument_has_a_french_help_text() -> None:
    missing = [
        f"{parser.prog} {action.dest}"
        for parser in all_parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["print", "summary", "--help"],
        ["claims", "prepare", "--help"],
        ["import", "activities", "--help"],
    ],
)
def test_help_is_french(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : pea-desktop")
    assert "afficher cette aide et quitter" in out
    assert not [word for word in ENGLISH if word in out]


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["claims", "prepare", "--db", "x.sqlite3"], "arguments obligatoires manquants : --month"),
        (["demo", "--db", "x.sqlite3", "--seed", "abc"], "--seed : valeur invalide : 'abc'"),
        (["nothing"], "COMMANDE : choix invalide : 'nothing'"),
        (["backup", "--surprise"], "arguments non reconnus : --surprise"),
        (["print", "claims", "--db", "x.sqlite3", "--month"], "une valeur est attendue"),
        (["claims", "prepare", "--month", "2025-03"], "--db BASE est obligatoire"),
    ],
)
def test_usage_errors_are_french(
    argv: list[str], french: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert french in err and "pea-desktop : erreur : " in err
    assert err.startswith("utilisation : ")
    assert not [word for word in ENGLISH if word in err]


def test_db_before_the_command_is_used_not_ignored(
    known_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PEA_DESKTOP_HOME", str(tmp_path / "home"))  # the default base
    out = tmp_path / "bilan.pdf"
    argv = ["--db", str(known_db), "print", "summary", "--year", "2025", "-o", str(out)]
    assert main(argv) == 0
    assert "2025" in pdf_text(out.read_bytes())
    assert "(10 activités" in capsys.readouterr().out  # the known base, not an empty default
    assert not (tmp_path / "home" / "pea.sqlite3").exists()


def test_db_before_restore_restores_that_base_not_the_default(
    known_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reported accident: ``--db m.sqlite3 restore …`` replaced the default base."""
    monkeypatch.setenv("PEA_DESKTOP_HOME", str(tmp_path / "home"))
    assert main(["--db", str(known_db), "backup"]) == 0
    backup_line = capsys.readouterr().out
    backup = Path(backup_line.split(" : ", 1)[1].rsplit(" (", 1)[0])
    assert backup.parent == known_db.parent / "sauvegardes"
    assert main(["--db", str(known_db), "restore", str(backup)]) == 0
    assert f"Base {known_db.absolute()} restaurée" in capsys.readouterr().out
    assert not (tmp_path / "home" / "pea.sqlite3").exists()


def test_db_twice_with_two_bases_is_refused(
    known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "autre.sqlite3"
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(known_db), "restore", "x.zip", "--db", str(other)])
    assert exit_info.value.code == 2
    assert "--db donné deux fois" in capsys.readouterr().err
    assert not other.exists()
    # the same base at both places is fine
    argv = ["--db", str(known_db), "claims", "prepare", "--db", str(known_db)]
    assert main([*argv, "--month", "2025-03"]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["print", "summary", "--year", "26"],
            "--year : l'année doit être comprise entre 2000 et 2100",
        ),
        (["print", "summary", "--year", "0"], "entre 2000 et 2100 (reçu : 0)"),
        (["print", "summary", "--year", "2101"], "entre 2000 et 2100"),
        (["print", "summary", "--year", "deux"], "« deux » n'est pas une année"),
        (["claims", "prepare", "--month", "0000-01"], "--month : « 0000-01 »"),
        (["print", "claims", "--month", "1999-12"], "entre 2000 et 2100"),
        (["export", "federation", "--year", "1", "--antenna", "LYON"], "--year"),
        (["print", "summary", "--month", "13"], "« 13 » n'est pas un mois"),
        (["print", "summary", "--year", "2024", "--month", "2025-03"], "n'est pas dans l'année"),
        (["print", "summary", "--month", "03"], "--year AAAA est obligatoire avec --month MM"),
    ],
)
def test_bad_years_and_months_exit_2_with_a_message(
    known_db: Path,
    tmp_path: Path,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "sortie.pdf"
    assert main([*argv, "--db", str(known_db), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not output.exists()


@pytest.mark.parametrize(
    "month_options",
    [
        ["--month", "2025-03"],
        ["--year", "2025", "--month", "2025-03"],
        ["--year", "2025", "--month", "3"],
    ],
)
def test_print_summary_month_as_aaaa_mm_or_the_old_mm(
    known_db: Path, tmp_path: Path, month_options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "bilan.pdf"
    assert main(["print", "summary", "--db", str(known_db), *month_options, "-o", str(output)]) == 0
    assert "Mars 2025 (4 activités" in capsys.readouterr().out
