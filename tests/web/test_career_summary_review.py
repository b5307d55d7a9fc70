"""On the web: a career page says who wrote its summary; a counselor reads it in the pro area,
beside the job's titles and the readability check, and confirms it with the CSRF-protected form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.csrf import token_in
from tests.web.test_dashboard import log_in

CODE = "H2913"  # Soudeur / Soudeuse, a summary of the bundled data


def _every_page(client: TestClient, extra: str = "") -> str:
    """The list's pages, followed by their "Page suivante" links, as one text."""
    pages, url = [], f"/espace-pro/resumes?page=1{extra}"
    while url:
        text = client.get(url).text
        pages.append(text)
        found = re.search(r'<a href="([^"]+)">Page suivante</a>', text)
        url = found.group(1).replace("&amp;", "&") if found else ""
    return "".join(pages)


def test_the_public_page_says_the_summary_is_written_by_total_acces_until_confirmed(
    client: TestClient,
) -> None:
    page = client.get(f"/metiers/{CODE}").text
    assert "En quelques mots" in page
    assert "Résumé rédigé par Total Accès, pas encore relu par un conseiller." in page


def test_a_counselor_reads_and_confirms_a_summary_and_the_page_says_so(
    client: TestClient,
) -> None:
    log_in(client)
    assert client.get("/espace-pro/resumes").status_code == 200
    assert f'href="/espace-pro/resumes/{CODE}"' in _every_page(client)
    detail = client.get(f"/espace-pro/resumes/{CODE}")
    assert "Vérification automatique de lisibilité" in detail.text
    assert "Soudeur" in detail.text  # the job's titles beside the text
    text_hash = re.search(r'name="texte" value="([0-9a-f]{64})"', detail.text)
    assert text_hash is not None

    refused = client.post(f"/espace-pro/resumes/{CODE}", data={"texte": text_hash.group(1)})
    assert refused.status_code == 400 and "La page a expiré" in refused.text
    assert "pas encore relu" in client.get(f"/metiers/{CODE}").text

    stale = client.post(
        f"/espace-pro/resumes/{CODE}",
        data={"texte": "0" * 64, "csrf_token": token_in(detail.text)},
    )
    assert stale.status_code == 409 and "relisez-le" in stale.text

    done = client.post(
        f"/espace-pro/resumes/{CODE}",
        data={"texte": text_hash.group(1), "csrf_token": token_in(detail.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get(done.headers["location"]).text
    assert "ce résumé est confirmé" in after and "Je confirme ce résumé" not in after
    public = client.get(f"/metiers/{CODE}").text
    assert "Résumé rédigé par Total Accès, relu par un conseiller le " in public
    assert "pas encore relu" not in public
    assert f'href="/espace-pro/resumes/{CODE}"' not in _every_page(client)
    assert f'href="/espace-pro/resumes/{CODE}"' in _every_page(client, "&tous=1")


def test_the_review_pages_need_a_counselor(client: TestClient) -> None:
    response = client.get("/espace-pro/resumes", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("/connexion")
    log_in(client)
    assert client.get("/espace-pro/resumes/Z9999").status_code == 404
