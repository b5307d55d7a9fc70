"""Who wrote a career summary: Total Accès, and whether a counselor confirmed this very text.

Every summary of ``backend/data/career_summaries_fr.yaml`` is the project's own text, written from
the ROME fiche's label and job titles (the open ROME files hold no definitions). Every surface says
so ("Résumé rédigé par Total Accès, pas encore relu par un conseiller.") until a counselor confirms
it in the pro area or through the API (``backend.people.services.career_reviews``). A confirmation
holds for the exact text it confirmed (its SHA-256): a rewritten summary is unconfirmed again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from backend.models import CareerSummaryReview
from backend.services.trust import date_words

WRITTEN = "total_acces"
REVIEWED = "counselor"

NOTES = {
    "written": "Résumé rédigé par Total Accès, pas encore relu par un conseiller.",
    "reviewed": "Résumé rédigé par Total Accès, relu par un conseiller le %(date)s.",
}


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Provenance:
    author: str  # WRITTEN or REVIEWED
    reviewed_at: datetime | None

    @property
    def note(self) -> str:
        if self.reviewed_at is None:
            return NOTES["written"]
        return NOTES["reviewed"] % {"date": date_words(self.reviewed_at.date().isoformat())}

    def as_dict(self) -> dict[str, str | None]:
        return {
            "summary_author": self.author,
            "summary_reviewed_at": self.reviewed_at.date().isoformat()
            if self.reviewed_at
            else None,
            "summary_note": self.note,
        }


NO_SUMMARY: dict[str, str | None] = {
    "summary_author": None,
    "summary_reviewed_at": None,
    "summary_note": None,
}


def provenance(session: Session, code: str, text: str | None) -> Provenance | None:
    """None when there is no summary; else who wrote it, confirmed or not."""
    if not text:
        return None
    review = session.get(CareerSummaryReview, code)
    if review is not None and review.text_sha256 == text_hash(text):
        return Provenance(REVIEWED, review.reviewed_at)
    return Provenance(WRITTEN, None)


def provenance_fields(session: Session, code: str, text: str | None) -> dict[str, str | None]:
    found = provenance(session, code, text)
    return found.as_dict() if found else dict(NO_SUMMARY)
