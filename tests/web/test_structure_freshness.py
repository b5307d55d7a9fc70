"""A counselor sees their structure's public details with their source and date, and confirms
them: the place is then verified for two years on every surface (issue 15, point 3)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from backend.models import Structure
from backend.people.models import AuditEntry
from tests.web.test_dashboard import log_in


def _age(client: TestClient, structure_id: int, source_date: str) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        session.execute(
            update(Structure)
            .where(Structure.id == structure_id)
            .values(source_date=source_date, source="Annuaire de l'administration (2019)")
        )
        session.commit()


def test_old_details_are_listed_to_check_and_a_confirmation_verifies_them(
    client: TestClient,
) -> None:
    log_in(client)  # a counselor of structure 1
    _age(client, 1, "2019-07")
    inbox = client.get("/espace-pro/rappels").text
    assert "Les informations publiques de votre structure sont à vérifier (juillet 2019)." in inbox
    assert 'href="/espace-pro/structure#fraicheur"' in inbox
    page = client.get("/espace-pro/structure").text
    assert "À vérifier :" in page and "juillet 2019" in page
    section = page.split('id="fraicheur"', 1)[1].split("</section>", 1)[0]
    for label in ("Adresse", "Téléphone", "E-mail", "Site web", "Horaires d&#39;ouverture"):
        assert f"<dt>{label}</dt>" in section
    public = client.get("/api/v1/structures/1").json()
    assert public["verified"] is False and "à vérifier" in public["speech"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', section)
    assert token is not None
    done = client.post(
        "/espace-pro/structure/confirmer",
        data={"csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    today = datetime.now(UTC).date()
    public = client.get("/api/v1/structures/1").json()
    assert public["verified"] is True and public["source_date"] == today.isoformat()
    page = client.get("/espace-pro/structure").text
    assert "comptent comme vérifiées jusqu" in page and str(today.year + 2) in page
    assert "sont à vérifier" not in client.get("/espace-pro/rappels").text
    mine = client.get("/api/v1/account/structure").json()
    assert mine["verified_until"].startswith(str(today.year + 2))
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-1] == "structure.confirm"


def test_the_api_confirmation_is_the_same_service(client: TestClient) -> None:
    log_in(client)
    _age(client, 1, "2020-01-15")
    headers = {"x-csrf-token": client.get("/api/v1/auth/me").json()["csrf_token"]}
    assert client.get("/api/v1/account/structure").json()["verified_until"] is None
    confirmed = client.post("/api/v1/account/structure/confirm", headers=headers)
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert (
        body["verified"] is True and body["source"] == "Confirmé par la structure sur Total Accès"
    )
