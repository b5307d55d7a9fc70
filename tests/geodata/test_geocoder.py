"""The geopy-compatible offline geocoder and the online switch (no network)."""

from __future__ import annotations

import pytest
from geopy.geocoders import BANFrance, Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geodata import OfflineGeocoder, make_geocoder


def test_offline_geocoder_is_a_geopy_geocoder():
    g = OfflineGeocoder()
    assert isinstance(g, Geocoder)


def test_geocode_exactly_one():
    loc = OfflineGeocoder().geocode("Lyon 3e")
    assert isinstance(loc, Location)
    assert loc.raw["code_insee"] == "69383"
    assert loc.raw["nom"] == "Lyon 3e Arrondissement"
    assert loc.raw["departement"] == "69"
    assert loc.raw["population"] > 90_000
    assert loc.latitude == pytest.approx(45.753, abs=0.01)
    assert "Lyon 3e Arrondissement" in loc.address


def test_geocode_all_candidates_best_first():
    locs = OfflineGeocoder().geocode("Saint-Denis", exactly_one=False)
    assert [loc.raw["departement"] for loc in locs] == ["974", "93", "11", "30"]
    pops = [loc.raw["population"] for loc in locs]
    assert pops == sorted(pops, reverse=True)


def test_geocode_nothing_or_bad_input_is_none():
    g = OfflineGeocoder()
    assert g.geocode("Xyzzyville") is None
    assert g.geocode("") is None
    assert g.geocode("x" * 10_000, exactly_one=False) is None
    # communes without coordinates are never returned
    assert g.geocode("Nouméa") is None


def test_reverse():
    g = OfflineGeocoder()
    loc = g.reverse((48.8414, 2.2995))
    assert loc.raw["code_insee"] == "75115"
    assert g.reverse(Point(43.2965, 5.3698)).raw["nom"] == "Marseille 1er Arrondissement"
    assert g.reverse("45.756, 4.865", exactly_one=False)[0].raw["code_insee"] == "69383"
    assert g.reverse((0.0, 0.0)) is None
    assert g.reverse((float("nan"), 2.0)) is None
    assert g.reverse("pas des coordonnées") is None


def test_make_geocoder_switch(monkeypatch):
    monkeypatch.delenv("TOTALACCES_GEOCODER", raising=False)
    assert isinstance(make_geocoder(), OfflineGeocoder)
    assert isinstance(make_geocoder("offline"), OfflineGeocoder)
    ban = make_geocoder("ban")
    assert isinstance(ban, BANFrance)
    nom = make_geocoder("Nominatim")
    assert isinstance(nom, Nominatim)
    assert "totalacces" in nom.headers["User-Agent"]
    monkeypatch.setenv("TOTALACCES_GEOCODER", "ban")
    assert isinstance(make_geocoder(), BANFrance)
    with pytest.raises(ValueError, match="Géocodeur inconnu"):
        make_geocoder("google")
