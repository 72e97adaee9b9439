from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from pea_desktop.domain.federation_format import seal
from pea_desktop.reports.national_pdf import TOP_ANTENNAS, render_national
from pea_desktop.services.federation.consolidation import consolidate
from pea_desktop.services.federation.export import prepare_export, to_json
from pea_desktop.services.federation.signatures import sign_document
from pea_desktop.services.keys import SigningKey
from pea_desktop.store.database import Database
from tests.reports.pdf_helpers import fonts, pdf_text
from tests.services import known_data

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def _render(result) -> str:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    render_national(result, buffer, generated_on=date(2026, 2, 1))
    data = buffer.getvalue()
    assert all(embedded for embedded in fonts(data).values())
    return pdf_text(data)


def test_national_report_reads_back(db: Database, tmp_path: Path) -> None:
    known_data.build(db)
    paths = []
    for code in ("LYON", "GREN"):
        paths.append(tmp_path / f"{code}.json")
        paths[-1].write_text(prepare_export(db, 2025, code, now=NOW).text, encoding="utf-8")
    edited = tmp_path / "modifie.json"
    tampered = json.loads(paths[0].read_text(encoding="utf-8"))
    tampered["by_kind"]["groupe"]["activities"] = 9  # checksum left as it was
    edited.write_text(json.dumps(tampered), encoding="utf-8")
    result = consolidate(
        [*paths, edited], known_antennas={"LYON": "", "GREN": "", "ANNECY": "Annecy"}
    )
    text = _render(result)
    assert "Bilan national 2025" in text and "édité le 01/02/2026" in text
    assert "2 antennes consolidées" in text and "1 antenne attendue sans export" in text
    assert "Participations aux groupes 42" in text and "Frais abandonnés (dons) 8,00 €" in text
    assert "Grenoble (GREN) 1 1 7 – 1 60" in text
    assert "Lyon Métropole (LYON) 2 20 h 15 240,57 € 60,5 23,00 € 8,00 €" in text
    assert "Total 3 23 h 45 282,15 € 115,5 46,80 € 8,00 €" in text
    assert "modifie.json refusé somme de contrôle incorrecte" in text
    assert "Annecy (ANNECY)" in text
    for secret in known_data.SECRETS:
        assert secret not in text


def test_many_antennas_chart_shows_the_most_active(db: Database, tmp_path: Path) -> None:
    known_data.build(db)
    base = prepare_export(db, 2025, "LYON", now=NOW).document
    paths = []
    for i in range(TOP_ANTENNAS + 5):
        doc = json.loads(json.dumps(base))
        doc["antenna"] = {"code": f"A{i:03d}", "name": f"Antenne {i:03d}", "department": "75"}
        paths.append(tmp_path / f"a{i}.json")
        # Each antenna signs its own export (format 3).
        signed = sign_document(seal(doc), SigningKey.generate())
        paths[-1].write_text(to_json(signed), encoding="utf-8")
    text = _render(consolidate(paths))
    assert f"Activités par antenne ({TOP_ANTENNAS} plus actives)" in text
    assert f"Île-de-France {TOP_ANTENNAS + 5} " in text
    assert "Antenne 029 (A029)" in text  # every antenna is in the table
