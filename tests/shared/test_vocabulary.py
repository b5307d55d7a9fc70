"""One vocabulary: every surface says the same name for a kind, a level, a topic, a status."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest

from totalacces import vocabulary

ROOT = Path(__file__).resolve().parents[2]


def test_every_surface_shows_the_same_label_for_each_kind() -> None:
    from fastapi.testclient import TestClient

    from backend import guides
    from backend.web import data as web_data
    from mobile.screens.structures import KIND_CHOICES
    from voice.dialogue import KIND_EXPLAINED

    app_labels = dict(KIND_CHOICES)
    for key, kind in vocabulary.KINDS.items():
        assert web_data.kind_label(key) == kind.full_label, key  # the web's lists and choices
        assert guides.HELPER_LABELS[key] == kind.full_label, key  # a guide's "Qui peut m'aider"
        if key in app_labels:
            assert app_labels[key] == kind.full_label, key  # the app's choices
        assert KIND_EXPLAINED[key], key  # the voice can say what each kind is
    from fastapi import FastAPI

    from backend.api.guides import router

    app = FastAPI()
    app.include_router(router)
    with TestClient(app) as client:
        detail = client.get("/api/v1/guides/ecole-deuxieme-chance").json()
    assert {h["kind"]: h["label"] for h in detail["helpers"]}["e2c"] == "École de la 2e chance"


def test_every_surface_says_the_same_levels() -> None:
    from backend import importer, sample_offers
    from backend.people.services import offers as people_offers
    from backend.web import data as web_data
    from mobile.screens import offers as app_offers

    assert (
        list(web_data.LEVEL_LABELS)
        == list(vocabulary.LEVELS)
        == ["3e", "2nde", "cap", "bac_pro", "bts"]
    )
    assert set(importer.LEVELS) == set(sample_offers.LEVELS) == set(people_offers.LEVELS)
    assert set(importer.LEVELS) == set(vocabulary.LEVELS)
    assert web_data.LEVEL_LABELS["bac_pro"] == "Bac professionnel"
    assert app_offers.level_spoken(["3e", "cap"]) == "troisième, CAP"
    from voice.understanding import understand

    assert understand("un stage de troisième à lyon").slots.get("level") == "3e"
    assert understand("un stage en bac professionnel").slots.get("level") == "bac_pro"


def test_the_api_level_filter_accepts_exactly_the_vocabulary_levels() -> None:
    import typing

    from backend.api import v1

    hints = typing.get_type_hints(v1.offers, include_extras=True)
    allowed = typing.get_args(typing.get_args(typing.get_args(hints["level"])[0])[0])
    assert allowed == tuple(vocabulary.LEVELS)


def test_pif_is_a_point_info_famille_as_in_the_data() -> None:
    from geodata.speech import expand_abbreviations

    pif = vocabulary.KINDS["pif"]
    assert pif.full_label == pif.label == "Point info famille"
    assert expand_abbreviations("le PIF") == "le point info famille"
    with gzip.open(
        ROOT / "backend/data/structures_annuaire_2019.csv.gz", "rt", encoding="utf-8"
    ) as f:
        names = [r["name"] for r in csv.DictReader(io.StringIO(f.read())) if r["kind"] == "pif"]
    assert names and all(n.startswith("Point info famille") for n in names)
    assert vocabulary.find_kind("un point info famille à Paris") == "pif"


def test_esat_has_its_official_name_everywhere() -> None:
    from backend import guides
    from geodata.speech import expand_abbreviations
    from voice.dialogue import KIND_EXPLAINED

    name = "établissement et service d'accompagnement par le travail"
    esat = vocabulary.KINDS["esat"]
    assert esat.spoken == name and name in esat.full_label.lower()
    assert guides.ABBREVIATIONS["ESAT"] == name
    assert expand_abbreviations("un ESAT") == f"un {name}"
    assert "accompagnement par le travail" in KIND_EXPLAINED["esat"][0]
    # the former name is still understood
    assert vocabulary.find_kind("un établissement d'aide par le travail") == "esat"


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("je cherche la milo", "mission_locale"),
        ("un centre d'information et d'orientation", "cio"),
        ("cap emploi à lyon", "cap_emploi"),
        ("le crous de lyon", "crous"),
        ("une maison de services au public", "france_services"),
        ("je voudrais une alternance", None),  # a word that only suggests a CFA names no kind
    ],
)
def test_one_function_resolves_a_kind_from_words(said: str, kind: str | None) -> None:
    from voice.understanding import understand

    assert vocabulary.find_kind(said) == kind
    if kind:
        assert understand(said).slots.get("kind") == kind  # the voice resolves through it


def test_callback_words_are_the_same_for_the_person_and_the_counselor() -> None:
    from backend.people import models
    from backend.people.services import callbacks
    from backend.web.pro import labels as dashboard
    from backend.web.site import callbacks as routes
    from backend.web.site import forms
    from mobile.screens import callback as app_callback

    assert models.CALLBACK_STATUSES == ("new", "contacted", "appointment", "closed")
    assert set(models.TOPICS) == set(vocabulary.TOPICS) == set(dashboard.TOPIC_LABELS)
    assert dict(app_callback.TOPICS) == dashboard.TOPIC_LABELS  # the app's choices
    assert dict(app_callback.CHANNELS) == dashboard.CHANNEL_LABELS
    assert set(dashboard.OUTCOME_LABELS) == set(models.CALLBACK_OUTCOMES)
    assert routes.STATUS_LABELS == vocabulary.STATUS_FOR_REQUESTER
    for form_key, choice in vocabulary.FORM_TOPICS.items():
        assert callbacks.WEB_TOPICS[form_key] == choice.topic in vocabulary.TOPICS
        assert forms.TOPICS[form_key] == choice.label
    # every status the service sets has words for the person, in the app too
    for status in models.CALLBACK_STATUSES:
        assert vocabulary.STATUS_FOR_REQUESTER[status].endswith(".")


def test_the_web_catalogue_translates_every_shared_label() -> None:
    from babel.messages.pofile import read_po

    from backend.web.i18n import update_catalog

    with update_catalog.PO_PATH.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    sources = [s for s in update_catalog.DYNAMIC_SOURCES if s.startswith("totalacces.vocabulary:")]
    assert len(sources) >= 10
    labels = [
        *vocabulary.LEVEL_LABELS.values(),
        *vocabulary.TOPIC_LABELS.values(),
        *vocabulary.STATUS_LABELS.values(),
        *vocabulary.OUTCOMES.values(),
        *vocabulary.CHANNEL_LABELS.values(),
    ]
    for label in labels:
        assert label in update_catalog.dynamic_messages(), label
        message = catalog.get(label)
        assert message is not None and message.string, label
    assert catalog.get("Bac professionnel").string == "Vocational baccalaureate"


def test_de_joins_the_article_of_a_place_name() -> None:
    from totalacces.vocabulary import de

    assert de("Lyon") == "de Lyon" and de("Aix-en-Provence") == "d'Aix-en-Provence"
    assert de("Le Mans") == "du Mans" and de("Le Lude") == "du Lude"
    assert de("Les Ulis") == "des Ulis"
    assert de("La Rochelle") == "de La Rochelle" and de("L'Isle-Adam") == "de L'Isle-Adam"
    assert de("Lesparre-Médoc") == "de Lesparre-Médoc"  # "Les" only as a word
