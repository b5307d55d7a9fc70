"""A counselor's structure edit goes through one service: validated, audited, and seen at once by
the API lists and details (the voice dials the phone of those lists), on the dashboard and the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.people.models import AuditEntry
from backend.people.services import audit
from tests.web.test_dashboard import log_in


def _api_phone(client: TestClient, structure_id: int) -> str | None:
    detail = client.get(f"/api/v1/structures/{structure_id}").json()
    listed = client.get(
        "/api/v1/structures",
        params={"code_insee": detail["code_insee"], "kind": detail["kind"], "limit": 50},
    ).json()
    (item,) = [i for i in listed["items"] if i["id"] == structure_id]
    assert item["phone"] == detail["phone"]  # the list and the detail agree
    return item["phone"]  # type: ignore[no-any-return]


def _audit_details(client: TestClient) -> list[str | None]:
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        return list(
            session.scalars(
                select(AuditEntry.detail)
                .where(AuditEntry.action == "structure.update")
                .order_by(AuditEntry.id)
            )
        )


def test_a_phone_changed_on_the_dashboard_is_the_one_the_api_gives_at_once(
    client: TestClient,
) -> None:
    csrf = log_in(client)  # a counselor of structure 1
    before = _api_phone(client, 1)
    new_phone = "04 72 99 88 77" if before != "04 72 99 88 77" else "04 72 11 22 33"
    saved = client.post(
        "/espace-pro/structure",
        data={"telephone": new_phone, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert _api_phone(client, 1) == new_phone
    page = client.get("/lieux/1").text
    assert new_phone in page and 'href="tel:' + new_phone.replace(" ", "") + '"' in page
    details = _audit_details(client)
    assert details and "phone" in (details[-1] or "")
    assert new_phone not in " ".join(d or "" for d in details)  # field names, never values


def test_invalid_values_are_refused_field_by_field_and_change_nothing(client: TestClient) -> None:
    csrf = log_in(client)
    before = _api_phone(client, 1)
    page = client.post(
        "/espace-pro/structure",
        data={"telephone": "12", "email": "pas-une-adresse", "site": "www.exemple.fr",
              "csrf_token": csrf},
    )  # fmt: skip
    assert page.status_code == 422
    for text in ("Numéro incorrect", "Adresse e-mail incorrecte", "commencer par https://"):
        assert text in page.text
    assert _api_phone(client, 1) == before


def test_the_api_edit_uses_the_same_rules(client: TestClient) -> None:
    log_in(client)
    headers = {"x-csrf-token": client.get("/api/v1/auth/me").json()["csrf_token"]}
    refused = client.patch(
        "/api/v1/account/structure", json={"phone": "12", "website": "ftp://x"}, headers=headers
    )
    assert refused.status_code == 422
    body = refused.json()
    assert {e["field"] for e in body["errors"]} == {"phone", "website"}
    assert "Numéro incorrect" in str(body["errors"])
    done = client.patch(
        "/api/v1/account/structure",
        json={"phone": "04 78 10 20 30", "opening_hours": "Mo-Fr 09:00-17:00"},
        headers=headers,
    )
    assert done.status_code == 200, done.text
    assert done.json()["verified"] is True
    assert _api_phone(client, 1) == "04 78 10 20 30"
    assert client.get("/api/v1/account/structure").json()["opening_hours"] == "Mo-Fr 09:00-17:00"


def test_a_failed_audit_write_changes_nothing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = log_in(client)
    before = _api_phone(client, 1)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):  # not hidden: the request fails
        client.post(
            "/espace-pro/structure", data={"telephone": "04 99 99 99 99", "csrf_token": csrf}
        )
    monkeypatch.undo()
    assert _api_phone(client, 1) == before


def test_only_a_counselor_of_the_structure_edits_it(client: TestClient) -> None:
    anonymous = client.patch("/api/v1/account/structure", json={"phone": "04 78 10 20 30"})
    assert anonymous.status_code == 401
