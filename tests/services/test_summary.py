from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pea_desktop.domain.errors import BadInputError
from pea_desktop.domain.period import Period
from pea_desktop.domain.summary import OUTSIDE_ACTIVITY, compare
from pea_desktop.services.summaries.rates import save_rate
from pea_desktop.services.summaries.summary import summarize
from pea_desktop.store.database import Database
from tests.services import known_data


@pytest.fixture
def known(db: Database) -> known_data.Known:
    return known_data.build(db)


def counts(rows: list) -> dict[str, tuple[int, int]]:
    return {r.code: (r.count, r.audience) for r in rows}


def test_lyon_year_figures_match_hand_count(db: Database, known: known_data.Known) -> None:
    current, previous = summarize(db, Period.for_year(2025), "lyon")
    assert current.scope == "Lyon Métropole (LYON)"
    assert current.association == known_data.ASSOCIATION
    assert (
        current.count("groupe"),
        current.participants,
        current.first_timers,
        current.relatives,
    ) == (
        4,
        35,
        6,
        7,
    )
    assert current.count("visite") == 2
    assert counts(current.visits_by_requester) == {
        "personne": (0, 0),
        "famille": (1, 0),
        "professionnel": (1, 0),
        "social": (0, 0),
        "autre": (0, 0),
    }
    assert counts(current.visits_by_place)["hopital"] == (1, 0)
    assert current.count("temoignage") == 2
    assert counts(current.interventions_by_format)["temoignage"] == (1, 25)
    assert counts(current.interventions_by_format)["prevention"] == (1, 40)
    assert counts(current.audience_by_kind)["etudiants"] == (1, 40)
    assert current.audience == 65
    # Chloé is in the bin: she is neither counted nor are her minutes.
    assert current.active_volunteers == 2
    assert current.volunteer_minutes == 1215
    assert current.volunteer_hours == Decimal("20.25")
    assert [(v.year, v.rate, v.value) for v in current.valuation] == [
        (2025, Decimal("11.88"), Decimal("240.57"))
    ]
    assert current.km == Decimal("60.5")
    # The refused claim's 3,10 € counts for nothing; the waived claim's 8,00 € is a donation.
    # No claim is approved: the 23,00 € known are still to claim, beside the unclaimed km
    # valued at the scale (an estimate), so that the cost is whole.
    assert current.reimbursed == Decimal("0.00")
    assert current.pending - current.estimated == Decimal("23.00")
    assert current.waived == Decimal("8.00")
    assert current.estimated > 0
    assert current.cost == current.pending + current.waived
    assert [(p.name, p.activities, p.audience) for p in current.partners] == [
        ("CSAPA Lyon Centre", 1, 25),
        ("IFSI Lyon Sud", 1, 40),
    ]
    assert previous.period == Period.for_year(2024)
    assert (previous.count("groupe"), previous.count("visite"), previous.volunteer_minutes) == (
        1,
        1,
        180,
    )
    assert previous.volunteer_value == Decimal("34.95")  # 3 h at 11,65 €


def test_months_split_by_kind(db: Database, known: known_data.Known) -> None:
    current, _ = summarize(db, Period.for_year(2025), "LYON")
    rows = {(r.month, r.kind): r for r in current.months}
    march_groups = rows[(3, "groupe")]
    assert (march_groups.activities, march_groups.participants, march_groups.first_timers) == (
        2,
        18,
        4,
    )
    assert march_groups.volunteer_minutes == 240 + 90
    assert march_groups.volunteers == 2
    assert march_groups.km == Decimal("42.5")
    assert march_groups.pending - march_groups.estimated == Decimal("4.20")
    # 42,5 km unclaimed at the first band of the 3 CV line (unknown vehicle): 0,529 €/km.
    assert march_groups.estimated == Decimal("22.48")
    assert rows[(3, "visite")].km == Decimal("18.0")
    assert rows[(6, OUTSIDE_ACTIVITY)].pending == Decimal("12.30")
    assert rows[(6, OUTSIDE_ACTIVITY)].activities == 0
    assert rows[(11, "temoignage")].waived == Decimal("8.00")
    assert rows[(5, "groupe")].cost == Decimal("0.00")  # refused claim
    assert (4, "groupe") in rows and rows[(4, "groupe")].participants == 5  # deleted one ignored
    per_month = {(y, m): kinds for y, m, kinds in current.activity_per_month()}
    assert len(per_month) == 12
    assert per_month[(2025, 5)] == {"groupe": 1, "visite": 0, "temoignage": 1}
    assert per_month[(2025, 9)] == {"groupe": 0, "visite": 0, "temoignage": 0}


def test_all_antennas_and_comparison(db: Database, known: known_data.Known) -> None:
    current, previous = summarize(db, Period.for_year(2025))
    assert current.scope == "Toutes les antennes"
    assert (current.count("groupe"), current.participants, current.relatives) == (5, 42, 10)
    assert current.count("temoignage") == 3 and current.audience == 125
    assert current.active_volunteers == 3
    assert current.volunteer_minutes == 1425
    assert current.volunteer_value == Decimal("282.15")
    assert current.km == Decimal("115.5")
    assert current.pending - current.estimated == Decimal("46.80")
    assert current.waived == Decimal("8.00")
    comparison = {c.key: c for c in compare(current, previous)}
    assert (comparison["groupe"].current, comparison["groupe"].previous) == (5, 1)
    assert comparison["groupe"].change_text == "+400\u00a0%"
    assert comparison["temoignage"].change_text == "nouveau"
    assert comparison["visite"].change_percent == Decimal(100)


def test_quarter_month_and_custom_periods(db: Database, known: known_data.Known) -> None:
    q1, q1_before = summarize(db, Period.for_quarter(2025, 1), "LYON")
    assert (q1.count("groupe"), q1.count("visite"), q1.count("temoignage")) == (2, 1, 0)
    assert q1.period.label == "1er trimestre 2025"
    assert q1_before.count("groupe") == 1
    may, _ = summarize(db, Period.for_month(2025, 5), "LYON")
    assert (may.count("groupe"), may.count("temoignage")) == (1, 1)
    assert may.pending - may.estimated == Decimal("6.50")
    assert may.period.label == "Mai 2025"
    span = Period.custom(date(2024, 12, 1), date(2025, 3, 12))
    custom, _ = summarize(db, span)
    # 10/03 (LYON, 240 min) and 12/03 (GREN, 120 min): the valuation is split by year.
    assert custom.count("groupe") == 2
    assert [(v.year, v.minutes) for v in custom.valuation] == [(2024, 0), (2025, 360)]
    assert custom.period.label == "Du 01/12/2024 au 12/03/2025"


def test_edited_rate_changes_the_valuation(db: Database, known: known_data.Known) -> None:
    save_rate(db, 2025, Decimal("12.50"))
    current, _ = summarize(db, Period.for_year(2025), "LYON")
    assert current.volunteer_value == Decimal("253.13")  # 20,25 h x 12,50 = 253,125


def test_unknown_antenna_is_refused(db: Database, known: known_data.Known) -> None:
    with pytest.raises(BadInputError, match="NANTES"):
        summarize(db, Period.for_year(2025), "NANTES")


def test_empty_database_gives_zeros(db: Database) -> None:
    current, _ = summarize(db, Period.for_month(2025, 2))
    assert current.activities == 0 and current.km == 0 and current.volunteer_value == 0
    assert current.months == []


def test_period_labels() -> None:
    assert Period.for_year(2025).short_label == "2025"
    assert Period.for_quarter(2025, 4).label == "4e trimestre 2025"
    assert Period.for_quarter(2025, 4).short_label == "T4 2025"
    assert Period.for_month(2024, 8).short_label == "août 2024"
    leap = Period.custom(date(2024, 2, 29), date(2024, 3, 31))
    assert leap.year_before() == Period.custom(date(2023, 2, 28), date(2023, 3, 31))
    assert leap.short_label == "29/02/24–31/03/24"
    with pytest.raises(BadInputError, match="avant de commencer"):
        Period.custom(date(2025, 3, 1), date(2025, 2, 1))


def test_partners_in_the_bin_are_not_listed(db: Database, known: known_data.Known) -> None:
    from pea_desktop.store.models import Partner

    with db.session() as session:
        partner = session.query(Partner).filter_by(name="CSAPA Lyon Centre").one()
        partner.deleted_at = known_data.DELETED
    current, _ = summarize(db, Period.for_year(2025), "LYON")
    assert [p.name for p in current.partners] == ["IFSI Lyon Sud"]
    assert current.count("temoignage") == 2  # the activities themselves still count


def test_overlapping_periods_are_counted_each_in_full(
    db: Database, known: known_data.Known
) -> None:
    # A custom span longer than a year overlaps with its year-before: no row may be lost.
    span = Period.custom(date(2024, 3, 1), date(2025, 3, 31))
    current, previous = summarize(db, span, "LYON")
    assert previous.period == Period.custom(date(2023, 3, 1), date(2024, 3, 31))
    assert (
        current.count("groupe") == 1 + 2 and previous.count("groupe") == 1
    )  # 11/03/2024 is in both


def test_current_year_compared_at_the_same_dates(db: Database, known: known_data.Known) -> None:
    """A year not over is compared with the same dates a year before, and says so."""
    from pea_desktop.domain.summary import comparison_note

    today = date(2025, 11, 30)
    current, previous = summarize(db, Period.for_year(2025), "LYON", today=today)
    assert (previous.period.start, previous.period.end) == (date(2024, 1, 1), date(2024, 11, 30))
    assert "du 01/01/2024 au 30/11/2024" in comparison_note(current, previous)
    over, whole = summarize(db, Period.for_year(2025), "LYON", today=date(2026, 1, 10))
    assert whole.period == Period.for_year(2024)
    assert comparison_note(over, whole) == "Comparaison avec la même période de l'année précédente."
