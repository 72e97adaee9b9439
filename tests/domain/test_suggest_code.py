import pytest

from pea_desktop.domain.text import suggest_code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Saint-Étienne", "SAINT-ETIENNE"),
        ("Villeurbanne", "VILLEURBANNE"),
        ("  Lyon  ", "LYON"),
        ("Saint-Martin-d'Hères", "SAINT-MARTIN"),  # 20 letters: cut before a word, not inside
        ("Bourg-en-Bresse", "BOURG-EN-BRESSE"),
        ("Cœur de Loire", "COEUR-DE-LOIRE"),
        ("Aix en Provence Nord", "AIX-EN-PROVENCE"),
        ("Anticonstitutionnellement", "ANTICONSTITUTION"),  # one long word: cut, no better place
        ("", ""),
    ],
)
def test_codes_are_cut_at_a_word_without_accents(name: str, code: str) -> None:
    assert suggest_code(name) == code
    assert len(code) <= 16 and code.isascii()
