"""Callback requests: the public contract, the counselor inbox, statistics, export, erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from starlette.testclient import TestClient

from backend.people.models import CallbackRequest
from tests.people.conftest import (
    World,
    add_counselor,
    bearer,
    build_app,
    callback_body,
    relaxed_settings,
)

ALPHABET = set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_post_callback_answers_the_structure_and_a_reference_to_hear(client: TestClient) -> None:
    r = client.post("/api/v1/callbacks", json=callback_body())
    assert r.status_code == 201
    body = r.json()
    assert set(body) == {
        "reference", "status", "routed_as", "delay_days", "demo", "structure", "speech"
    }  # fmt: skip
    assert body["routed_as"] == "competent" and body["delay_days"] == 15
    assert len(body["reference"]) == 8 and set(body["reference"]) <= ALPHABET
    assert body["status"] == "new"
    assert body["structure"]["name"] == "Mission locale de test Lyon"
    assert body["structure"]["kind"] == "mission_locale"
    assert body["structure"]["kind_label"] == "Mission locale"
    assert body["structure"]["phone"] == "04 65 71 00 01"
    assert isinstance(body["structure"]["distance_m"], int)
    speech = body["speech"]
    assert "Mission locale de test Lyon vous recontactera par téléphone" in speech
    # The reference is spelled out, digits in words: nothing to decode for a listener.
    spelled = ", ".join(
        {
            "2": "deux",
            "3": "trois",
            "4": "quatre",
            "5": "cinq",
            "6": "six",
            "7": "sept",
            "8": "huit",
            "9": "neuf",
        }.get(ch, ch)
        for ch in body["reference"]
    )
    assert spelled in speech
    assert not any(ch.isdigit() for ch in speech)


def test_an_sms_or_email_channel_promises_no_message_that_is_never_sent(
    client: TestClient,
) -> None:
    """Total Accès sends no SMS and no e-mail yet: the API says so where the channel is
    described, and every confirmation says that the code is all the person will get."""
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CallbackIn"]
    assert "n'envoie ni SMS ni e-mail" in schema["properties"]["channel"]["description"]
    for channel in ("call", "sms", "email"):
        r = client.post("/api/v1/callbacks", json=callback_body(channel=channel))
        assert r.status_code == 201, r.text
        speech = r.json()["speech"]
        assert "vous ne recevrez ni SMS ni e-mail de confirmation : gardez votre code" in speech


def test_status_by_reference_has_no_personal_data(client: TestClient) -> None:
    ref = client.post("/api/v1/callbacks", json=callback_body()).json()["reference"]
    r = client.get(f"/api/v1/callbacks/{ref.lower()[:4]}-{ref.lower()[4:]}")  # as typed by a person
    assert r.status_code == 200
    body = r.json()
    assert body["reference"] == ref and body["status"] == "new"
    assert body["status_label"].startswith("Reçue")
    assert body["structure"]["id"] == 1
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None
    text = r.text
    for secret in ("Zorglubette", "47 11", "example.invalid"):
        assert secret not in text


def test_unknown_reference_is_a_french_problem(client: TestClient) -> None:
    r = client.get("/api/v1/callbacks/ZZZZZZZZ")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Vérifiez chaque lettre" in r.json()["detail"]


def test_invalid_requests_say_what_to_fix_in_french(client: TestClient) -> None:
    r = client.post("/api/v1/callbacks", json=callback_body(consent=False))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "accord" in r.json()["detail"]
    r = client.post("/api/v1/callbacks", json=callback_body(code_insee="99999"))
    assert r.status_code == 422
    assert "Commune inconnue" in r.json()["detail"]
    r = client.post("/api/v1/callbacks", json=callback_body(channel="email", email=None))
    assert r.status_code == 422
    assert "adresse e-mail" in r.json()["detail"]
    r = client.post("/api/v1/callbacks", json=callback_body(phone="12"))
    assert r.status_code == 422 and "téléphone" in r.json()["detail"]


def test_consent_version_and_time_are_stored(client: TestClient, world: World) -> None:
    before = datetime.now(UTC)
    ref = client.post("/api/v1/callbacks", json=callback_body(consent_version="v-test-7")).json()[
        "reference"
    ]
    with world.session() as session:
        row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))
        assert row is not None and row.consent_version == "v-test-7"
        consent_at = row.consent_at.replace(tzinfo=row.consent_at.tzinfo or UTC)
        assert before - timedelta(seconds=1) <= consent_at <= datetime.now(UTC)


def test_disability_and_school_age_are_routed_to_the_right_structures(
    client: TestClient, world: World
) -> None:
    # Nobody answers at the MDPH yet: the Mission locale, which takes part, reads the request.
    r = client.post("/api/v1/callbacks", json=callback_body(topic="disability", age=20))
    assert r.json()["structure"]["name"] == "Mission locale de test Lyon"
    add_counselor(world, 3)  # now the MDPH takes part: it is the competent one
    r = client.post("/api/v1/callbacks", json=callback_body(topic="disability", age=20))
    assert r.json()["structure"]["name"] == "MDPH de test Rhône"
    r = client.post("/api/v1/callbacks", json=callback_body(topic="return_to_school", age=14))
    assert r.json()["structure"]["kind"] == "cio"


def _make_overdue(world: World, ref: str) -> None:
    with world.session() as session:
        row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))
        assert row is not None
        row.created_at = datetime.now(UTC) - timedelta(days=20)
        row.due_at = datetime.now(UTC) - timedelta(days=5)
        session.commit()


def test_inbox_is_scoped_overdue_first_and_tracks_every_step(
    client: TestClient, world: World
) -> None:
    refs = [
        client.post("/api/v1/callbacks", json=callback_body()).json()["reference"] for _ in range(3)
    ]
    cio_ref = client.post("/api/v1/callbacks", json=callback_body(age=14)).json()["reference"]
    _make_overdue(world, refs[2])

    mine = client.get("/api/v1/inbox", headers=bearer(world, "counselor")).json()
    assert mine["total"] == 3
    assert [i["reference"] for i in mine["items"]][0] == refs[2]  # overdue first
    assert mine["items"][0]["overdue"] is True and mine["items"][1]["overdue"] is False
    assert "en retard" in mine["speech"]
    other = client.get("/api/v1/inbox", headers=bearer(world, "other_counselor")).json()
    assert [i["reference"] for i in other["items"]] == [cio_ref]
    everything = client.get("/api/v1/inbox", headers=bearer(world, "admin")).json()
    assert everything["total"] == 4
    late = client.get("/api/v1/inbox?overdue=true", headers=bearer(world, "counselor")).json()
    assert [i["reference"] for i in late["items"]] == [refs[2]]

    h = bearer(world, "counselor")
    r = client.post(f"/api/v1/inbox/{refs[0]}/assign", headers=h)
    assert r.status_code == 200 and r.json()["assigned_to_id"] == world.counselor_id
    assert r.json()["assigned_at"] is not None
    mine_only = client.get("/api/v1/inbox?assigned=me", headers=h).json()
    assert [i["reference"] for i in mine_only["items"]] == [refs[0]]

    r = client.post(f"/api/v1/inbox/{refs[0]}/status", headers=h, json={"status": "contacted"})
    assert r.status_code == 200
    step = r.json()
    assert step["status"] == "contacted" and step["contacted_at"] and step["responded_at"]
    r = client.post(f"/api/v1/inbox/{refs[0]}/status", headers=h, json={"status": "appointment"})
    assert r.json()["appointment_at"] is not None
    r = client.post(f"/api/v1/inbox/{refs[0]}/status", headers=h, json={"status": "closed"})
    assert r.status_code == 422 and "résultat" in r.json()["detail"]
    r = client.post(
        f"/api/v1/inbox/{refs[0]}/status",
        headers=h,
        json={"status": "closed", "outcome": "training"},
    )
    assert r.status_code == 200 and r.json()["closed_at"] and r.json()["outcome"] == "training"
    r = client.post(f"/api/v1/inbox/{refs[0]}/status", headers=h, json={"status": "new"})
    assert r.status_code == 409

    public = client.get(f"/api/v1/callbacks/{refs[0]}").json()
    assert public["status"] == "closed" and "entrée en formation" in public["speech"]

    stats = client.get("/api/v1/inbox/stats", headers=h).json()
    assert stats["structure_id"] == 1
    assert stats["requests"] == 3
    assert stats["by_status"] == {"new": 2, "contacted": 0, "appointment": 0, "closed": 1}
    assert stats["overdue"] == 1
    assert stats["responded"] == 1 and stats["median_response_hours"] is not None
    assert stats["outcomes"] == {"training": 1}
    r = client.get("/api/v1/inbox/stats?structure_id=2", headers=h)
    assert r.status_code == 403


def test_statistics_give_the_median_response_time_not_the_mean(
    client: TestClient, world: World
) -> None:
    refs = [
        client.post("/api/v1/callbacks", json=callback_body()).json()["reference"] for _ in range(4)
    ]
    created = datetime.now(UTC) - timedelta(days=10)
    with world.session() as session:  # answered after 2 h, 10 h and 100 h; the last one never
        for ref, hours in zip(refs, (2, 10, 100), strict=False):
            row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))
            assert row is not None
            row.created_at = created
            row.responded_at = created + timedelta(hours=hours)
            row.status = "contacted"
        session.commit()
    stats = client.get("/api/v1/inbox/stats", headers=bearer(world, "counselor")).json()
    assert stats["responded"] == 3
    assert stats["median_response_hours"] == 10.0  # the mean would be 37.3
    assert stats["by_status"]["contacted"] == 3 and stats["by_status"]["new"] == 1
    assert "la moitié ont eu une réponse en dix heures au plus" in stats["speech"]


def test_response_target_is_configurable(world: World) -> None:
    app = build_app(world.url, relaxed_settings(response_target_days=2))
    with TestClient(app, base_url="https://testserver") as c:
        ref = c.post("/api/v1/callbacks", json=callback_body()).json()["reference"]
        item = c.get(f"/api/v1/inbox/{ref}", headers=bearer(world, "counselor")).json()
    created = datetime.fromisoformat(item["created_at"])
    due = datetime.fromisoformat(item["due_at"])
    assert abs((due - created) - timedelta(days=2)) < timedelta(seconds=1)


def test_export_and_erasure_by_reference(client: TestClient, world: World) -> None:
    ref = client.post("/api/v1/callbacks", json=callback_body()).json()["reference"]
    r = client.post(f"/api/v1/callbacks/{ref}/export", json={})
    assert r.status_code == 403 and "téléphone ou l'adresse e-mail" in r.json()["detail"]
    r = client.post(f"/api/v1/callbacks/{ref}/export", json={"contact": "06 39 98 99 99"})
    assert r.status_code == 403
    r = client.post(f"/api/v1/callbacks/{ref}/export", json={"contact": "0639984711"})
    assert r.status_code == 200
    data = r.json()
    assert data["first_name"] == "Zorglubette" and data["consent_version"] == "2026-01"
    r = client.post(
        f"/api/v1/callbacks/{ref}/erasure", json={"contact": "ZORGLUBETTE.essai@example.invalid"}
    )
    assert r.status_code == 204
    assert client.get(f"/api/v1/callbacks/{ref}").status_code == 404
    with world.session() as session:
        assert (
            session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref)) is None
        )


def test_callback_posts_are_rate_limited(world: World) -> None:
    app = build_app(world.url, relaxed_settings(rate_limit_callbacks=3))
    with TestClient(app, base_url="https://testserver") as c:
        codes = [c.post("/api/v1/callbacks", json=callback_body()).status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]
        r = c.post("/api/v1/callbacks", json=callback_body())
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert "attendez" in r.json()["detail"]
        app.state.people.limiter.reset()
        assert c.post("/api/v1/callbacks", json=callback_body()).status_code == 201


def test_one_promised_delay_from_one_setting_on_the_web_and_in_the_answer(world: World) -> None:
    for days, said in ((15, "sous quinze jours"), (5, "sous cinq jours")):
        app = build_app(world.url, relaxed_settings(response_target_days=days))
        with TestClient(app, base_url="https://testserver") as client:
            page = client.get("/rappel").text  # no fixed delay: each structure has its own
            assert "dans le délai que cette structure s'est fixé" in page
            assert "jours ouvrés" not in page and f"sous {days} jours" not in page
            body = client.post("/api/v1/callbacks", json=callback_body()).json()
            assert f"en général {said}." in body["speech"]
            status = client.get(f"/api/v1/callbacks/{body['reference']}").json()
            assert f"en général {said}." in status["speech"]


def test_one_time_slot_whichever_surface_sends_it(client: TestClient, world: World) -> None:
    """The web form's "matin", the app's "morning" and an older client's "le matin" are one
    moment, shown to the counselor with the same label."""
    refs = {}
    for sent in ("matin", "morning", "le matin", "mardi vers 10 h"):
        r = client.post("/api/v1/callbacks", json=callback_body(time_slot=sent))
        assert r.status_code == 201, r.text
        refs[sent] = r.json()["reference"]
    with world.factory() as session:
        stored = {
            sent: session.scalar(
                select(CallbackRequest.time_slot).where(CallbackRequest.reference == ref)
            )
            for sent, ref in refs.items()
        }
    assert stored == {
        "matin": "morning",
        "morning": "morning",
        "le matin": "morning",
        "mardi vers 10 h": "mardi vers 10 h",  # words we do not know are kept as written
    }
    inbox = client.get("/api/v1/inbox", headers=bearer(world, "counselor")).json()["items"]
    labels = {i["reference"]: i["time_slot_label"] for i in inbox}
    assert labels[refs["matin"]] == labels[refs["le matin"]] == "Le matin (9 h – 12 h)"
    assert labels[refs["mardi vers 10 h"]] == "mardi vers 10 h"
