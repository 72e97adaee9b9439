from datetime import date

import pytest

from pea_desktop.domain.activity_kinds import ActivityKind
from pea_desktop.domain.errors import BadInputError
from pea_desktop.services.activities import records as activities
from pea_desktop.services.activities.records import ActivityFilter
from pea_desktop.store.database import Database
from tests import factories
from tests.factories import TODAY


def test_save_and_load_keep_every_field_and_volunteer_order(db: Database) -> None:
    lyon = factories.antenna(db)
    first = factories.volunteer(db, lyon.id, "Élodie", "Martin")
    second = factories.volunteer(db, lyon.id, "Karim", "Benali")
    activity_id = factories.group(db, lyon.id, [second, first], notes="Très bon échange")

    draft = activities.load_activity(db, activity_id)
    assert draft.volunteer_ids == [second, first]
    assert (draft.participants, draft.first_timers, draft.relatives) == (9, 2, 1)
    assert draft.notes == "Très bon échange"
    row = activities.fetch_activities(db, ActivityFilter(kind=ActivityKind.GROUP))[0]
    assert row.volunteers == "Karim Benali, Élodie Martin"
    assert row.antenna_code == "LYON"


def test_invalid_activity_is_refused_and_nothing_written(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    with pytest.raises(BadInputError) as error:
        factories.group(db, lyon.id, [vid], participants=3, first_timers=5)
    assert "plus de nouveaux que de participants" in str(error.value)
    assert activities.count_activities(db, ActivityFilter()) == 0


def test_filters_by_kind_dates_volunteer_and_text(db: Database) -> None:
    lyon = factories.antenna(db)
    grenoble = factories.antenna(db, "GRE", "Grenoble")
    elodie = factories.volunteer(db, lyon.id)
    karim = factories.volunteer(db, lyon.id, "Karim", "Benali")
    factories.group(db, lyon.id, [elodie], date=date(2026, 1, 10))
    factories.group(db, lyon.id, [karim], date=date(2026, 2, 10), place="CSAPA Jonathan")
    factories.visit(db, lyon.id, [elodie, karim])
    factories.group(db, grenoble.id, [factories.volunteer(db, grenoble.id)])

    def count(**kwargs: object) -> int:
        return activities.count_activities(db, ActivityFilter(**kwargs))

    assert count() == 4
    assert count(kind=ActivityKind.GROUP) == 3
    assert count(kind=ActivityKind.GROUP, antenna_id=lyon.id) == 2
    assert count(date_from=date(2026, 2, 1), date_to=date(2026, 3, 1)) == 1
    assert count(volunteer_id=karim) == 2
    assert count(text="jonathan") == 1
    assert count(text="V-2026") == 1


def test_sorting_and_paging(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    for day in range(1, 8):
        factories.group(
            db,
            lyon.id,
            [vid],
            date=date(2026, 5, day),
            participants=day,
            first_timers=0,
            relatives=0,
        )
    flt = ActivityFilter(kind=ActivityKind.GROUP)
    newest = activities.fetch_activities(db, flt, offset=0, limit=3)
    assert [r.date.day for r in newest] == [7, 6, 5]
    fewest = activities.fetch_activities(db, flt, sort="participants", descending=False, limit=2)
    assert [r.participants for r in fewest] == [1, 2]
    assert [r.date.day for r in activities.fetch_activities(db, flt, offset=6)] == [1]


def test_delete_goes_to_bin_and_restore_brings_back(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    activity_id = factories.group(db, lyon.id, [vid])
    activities.delete_activities(db, [activity_id])
    assert activities.count_activities(db, ActivityFilter()) == 0
    assert activities.count_activities(db, ActivityFilter(deleted=True)) == 1
    activities.restore_activities(db, [activity_id])
    assert activities.count_activities(db, ActivityFilter()) == 1
    activities.delete_activities(db, [activity_id])
    activities.purge_activities(db, [activity_id])
    assert activities.count_activities(db, ActivityFilter(deleted=True)) == 0


def test_duplicate_gives_an_unsaved_copy_dated_today(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    activity_id = factories.group(db, lyon.id, [vid])
    copy = activities.duplicate_activity(db, activity_id, TODAY)
    assert copy.id is None and copy.date == TODAY and copy.theme == "Le retour au travail"
    new_id = activities.save_activity(db, copy, TODAY)
    assert new_id != activity_id
    assert activities.count_activities(db, ActivityFilter()) == 2


def test_place_suggestions_most_used_first(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    factories.group(db, lyon.id, [vid], place="CSAPA")
    factories.group(db, lyon.id, [vid], place="Mairie", date=date(2026, 1, 2))
    factories.group(db, lyon.id, [vid], place="Mairie", date=date(2026, 1, 3))
    assert activities.place_suggestions(db, lyon.id) == ["Mairie", "CSAPA"]


def test_text_search_ignores_case_and_accents_and_follows_edits(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    activity_id = factories.group(db, lyon.id, [vid], place="CSAPA Émergence", theme="Cœur")

    def found(text: str) -> int:
        return activities.count_activities(db, ActivityFilter(text=text))

    assert found("emergence") == found("ÉMERGENCE") == found("coeur") == found("cœur") == 1
    assert found("100%") == 0  # LIKE wildcards typed by the user are taken literally
    draft = activities.load_activity(db, activity_id)
    draft.place = "Hôpital Édouard-Herriot"
    activities.save_activity(db, draft, TODAY)
    assert found("emergence") == 0
    assert found("hopital edouard") == 1


# Accents, ligatures and typographic apostrophes, in the text or in the search: SQLite folds with
# its triggers' table, PostgreSQL with unaccent (pea_fold); the search is folded by text.fold().
# The same searches must find the same activities on both engines.
FOLDED_SEARCHES = {
    "Œuvre": ["Œuvre commune", "l'oeuvre"],
    "oeuvre": ["Œuvre commune", "l'oeuvre"],
    "L’Étape": ["Foyer L’Étape", "L'etape"],
    "l'etape": ["Foyer L’Étape", "L'etape"],
    "cafe": ["Café des familles"],
    "CAFÉ": ["Café des familles"],
    "ÆGIS": ["Salle Ægis"],
    "ça": ["Café des familles", "Ça va mieux"],
    "ÇA VA": ["Ça va mieux"],
    # Two characters: below SQLite's trigram table, a plain LIKE.
    "Æ": ["Salle Ægis"],
    "’É": ["Foyer L’Étape", "L'etape"],
    "œ": ["Œuvre commune", "l'oeuvre"],
}


def test_accents_ligatures_and_apostrophes_fold_alike(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    themes = [
        "Œuvre commune",
        "l'oeuvre",
        "Foyer L’Étape",
        "L'etape",
        "Café des familles",
        "Salle Ægis",
        "Ça va mieux",
        "Autre chose",
    ]
    ids = {factories.group(db, lyon.id, [vid], theme=theme): theme for theme in themes}
    for text, expected in FOLDED_SEARCHES.items():
        rows = activities.fetch_activities(db, ActivityFilter(text=text), limit=50)
        assert sorted(ids[row.id] for row in rows) == sorted(expected), text
        assert activities.count_activities(db, ActivityFilter(text=text)) == len(expected)


def test_text_search_takes_any_typed_character_literally(db: Database) -> None:
    lyon = factories.antenna(db)
    vid = factories.volunteer(db, lyon.id)
    factories.group(db, lyon.id, [vid], theme='Le "oui" franc à 100 %')
    factories.group(db, lyon.id, [vid], theme="Autre", date=date(2026, 1, 5))

    def found(text: str) -> int:
        return activities.count_activities(db, ActivityFilter(text=text))

    assert found('"oui"') == 1
    assert found("100 %") == 1
    assert found("a 1") == 1  # short queries use a plain scan
    assert found("OR") == 0 and found("franc OR autre") == 0  # no query syntax
