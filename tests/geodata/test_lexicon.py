"""The pronunciation lexicon: names and acronyms said right by every speech path.

The checks with espeak-ng read its phonemes (``espeak-ng -x``): "(en)" means it switched to its
English voice for a word, which makes a French town unrecognisable ("Annecy" as /ˈænəsi/)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import geodata
from geodata.speech import pronounce, speakable


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Mission locale de Vaulx-en-Velin", "Mission locale de Vô-en-Velin"),
        ("Metz", "Mèsse"),
        ("Reims", "Rince"),
        ("Annecy", "Anneci"),
        ("Vitry-sur-Seine", "Vitri-sur-Seine"),
        ("Béthune", "Bétune"),
        ("Un AESH en classe", "Un accompagnant d'élèves en situation de handicap en classe"),
        ("le CEJ", "le contrat d'engagement jeune"),
        ("Cfa du bâtiment", "centre de formation d'apprentis du bâtiment"),
        ("Cio de Lyon", "centre d'information et d'orientation de Lyon"),
    ],
)
def test_names_and_acronyms_are_respelled_for_speech(written: str, said: str) -> None:
    assert speakable(written) == said


def test_french_words_and_other_names_are_left_as_written() -> None:
    for text in ("il y a", "Lyon", "Puy-en-Velay", "Greta du Velay", "Cap emploi", "Lensois"):
        assert pronounce(text) == text, text
    assert pronounce("Lens") == "Lance" and pronounce("d'Auxerre") == "d'Ausserre"


def test_the_speaker_says_the_respelled_text() -> None:
    from voice.speaker import Speaker

    speaker = Speaker.__new__(Speaker)
    speaker._normalize = True
    assert speaker.prepare("Mission locale de Vaulx-en-Velin") == "Mission locale de Vô-en-Velin"


def _phonemes(lines: list[str]) -> list[str]:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.fail("espeak-ng est nécessaire (make system-deps)")
    text = "".join(line.replace(".", " ") + ".\n" for line in lines)
    out = subprocess.run(
        [espeak, "-q", "-x", "-v", "roa/fr"], input=text, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(out) == len(lines)
    return out


def test_no_town_of_5000_inhabitants_is_read_with_the_english_voice() -> None:
    names = sorted(
        {c.nom for c in geodata.communes() if c.kind == "commune" and c.population >= 5000}
    )
    assert len(names) > 2000
    before = [n for n, p in zip(names, _phonemes(names), strict=True) if "(en)" in p]
    assert len(before) > 150  # what the lexicon is for: espeak alone reads these in English
    said = [speakable(n) for n in names]
    english = [n for n, p in zip(names, _phonemes(said), strict=True) if "(en)" in p]
    assert english == []
