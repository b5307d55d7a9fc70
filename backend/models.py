"""SQLAlchemy 2 models. Every imported row keeps ``source``, ``licence``, ``source_date`` and
``verified``; ``dataset`` + ``external_id`` identify it for idempotent re-imports.

ROME "secteurs d'activité" (``ActivitySector``, many-to-many with ``Career``) and the MILO code of
Missions locales (``Structure.milo_code``) come with migration 0200.

Issue 4 (accounts, offer management, callbacks) adds its own tables and a migration; the
``owner_id`` / ``status`` columns below are ready for it (``owner_id`` gets its foreign key then).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Provenance:
    """Columns every imported row carries."""

    dataset: Mapped[str] = mapped_column(String(40), index=True)
    external_id: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(120))
    source_date: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)


class Meta(Base):
    """Key/value settings of the database, e.g. ``data_version`` (bumped on every data change)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Dataset(Base):
    """One bundled dataset as last imported (checksum, counts, provenance)."""

    __tablename__ = "datasets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    checksum: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    rejected_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Sector(Base):
    """ROME grand domain (one letter, ``H`` = industry) or professional domain (``H29``)."""

    __tablename__ = "sectors"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # "grand_domain" | "domain"
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"), nullable=True)
    source: Mapped[str] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(120))
    source_date: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)


class Career(Base):
    """A ROME v460 job sheet ("fiche métier")."""

    __tablename__ = "careers"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    domain_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"), index=True)
    grand_domain_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"), index=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    onisep_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    onisep_label: Mapped[str | None] = mapped_column(String(300), nullable=True)
    source: Mapped[str] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(120))
    source_date: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)

    job_titles: Mapped[list[JobTitle]] = relationship(
        back_populates="career", order_by="JobTitle.label", cascade="all, delete-orphan"
    )
    #: ROME "secteurs d'activité" and sous-secteurs listing this career (read-only here: the
    #: importer writes ``career_activity_sectors``).
    activity_sectors: Mapped[list[ActivitySector]] = relationship(
        secondary="career_activity_sectors", order_by="ActivitySector.label", viewonly=True
    )


class CareerSummaryReview(Base):
    """A counselor confirmed a career summary written by Total Accès.

    Kept apart from ``careers`` (which every import rewrites) and tied to the text it confirmed by
    its SHA-256: when the bundled text changes, the old confirmation no longer applies. The
    account is kept as a bare id, as in the audit log (accounts may be deleted).
    """

    __tablename__ = "career_summary_reviews"
    career_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobTitle(Base):
    """A ROME appellation: one of the names people give a career."""

    __tablename__ = "job_titles"
    code_ogr: Mapped[str] = mapped_column(String(12), primary_key=True)
    career_code: Mapped[str] = mapped_column(ForeignKey("careers.code"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    career: Mapped[Career] = relationship(back_populates="job_titles")


class ActivitySector(Base):
    """A ROME "secteur d'activité" (``kind="activity_sector"``, e.g. ``99`` Bâtiment et travaux
    publics, with a plain-language ``definition`` for some) or one of its sous-secteurs
    (``kind="sub_sector"``, ``parent_code`` = its sector). Numeric codes of the ROME v460 tree;
    they never collide with the letter codes of ``sectors`` (grand domains and domains)."""

    __tablename__ = "activity_sectors"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # "activity_sector" | "sub_sector"
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("activity_sectors.code"), nullable=True, index=True
    )
    definition: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(120))
    source_date: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)

    careers: Mapped[list[Career]] = relationship(
        secondary="career_activity_sectors", order_by="Career.code", viewonly=True
    )


class CareerActivitySector(Base):
    """Many-to-many: a career listed under an activity sector or sub-sector. A sector lists
    the careers of its own list and of its sub-sectors'."""

    __tablename__ = "career_activity_sectors"
    sector_code: Mapped[str] = mapped_column(
        ForeignKey("activity_sectors.code", ondelete="CASCADE"), primary_key=True
    )
    career_code: Mapped[str] = mapped_column(
        ForeignKey("careers.code", ondelete="CASCADE"), primary_key=True, index=True
    )


class Structure(Provenance, Base):
    """A place that helps young people: Mission locale, CIO, E2C, EPIDE, micro-lycée, CFA, ESAT..."""

    __tablename__ = "structures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    postcode: Mapped[str | None] = mapped_column(String(10), nullable=True)
    commune: Mapped[str] = mapped_column(String(200))
    code_insee: Mapped[str | None] = mapped_column(String(5), nullable=True, index=True)
    departement: Mapped[str | None] = mapped_column(String(3), nullable=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    coord_precision: Mapped[str] = mapped_column(String(20))  # "address" | "commune"
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    website: Mapped[str | None] = mapped_column(String(300), nullable=True)
    opening_hours: Mapped[str | None] = mapped_column(String(500), nullable=True)
    age_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    building_accessibility: Mapped[str | None] = mapped_column(Text, nullable=True)
    verification_note: Mapped[str | None] = mapped_column(String(300), nullable=True)
    #: Missions locales: code of the matching entry of the 2023 MILO referential (``69266S00``),
    #: None when none matched (see ``verification_note`` and backend/data/NOTICE.md).
    milo_code: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    #: From a synced source (data·inclusion): merges one place listed by several sources.
    siret: Mapped[str | None] = mapped_column(String(14), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # "active" | "closed"
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __table_args__ = (Index("ix_structures_lat_lon", "lat", "lon"),)


class Offer(Provenance, Base):
    """An internship offer. Generated sample offers have ``is_example=True``."""

    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    employer: Mapped[str] = mapped_column(String(300))
    commune: Mapped[str] = mapped_column(String(200))
    code_insee: Mapped[str] = mapped_column(String(5), index=True)
    departement: Mapped[str | None] = mapped_column(String(3), nullable=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    #: Space-separated, e.g. "H2913 H2909" (filtered by prefix).
    rome_codes: Mapped[str] = mapped_column(String(100))
    #: Space-separated levels among 3e, 2nde, cap, bac_pro, bts.
    levels: Mapped[str] = mapped_column(String(60))
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    weeks: Mapped[int | None] = mapped_column(Integer, nullable=True)
    places_left: Mapped[int] = mapped_column(Integer)
    #: Space-separated among telephone, email, formulaire, sur_place.
    contact_modes: Mapped[str] = mapped_column(String(100))
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    workplace_accessibility: Mapped[str | None] = mapped_column(Text, nullable=True)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A real offer published elsewhere (La bonne alternance): one applies there, not here.
    apply_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    #: When a synced offer was last read from its source (None: not from a live source).
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    #: Why a moderator sent an employer's offer back (status back to ``draft``); shown to them.
    moderation_note: Mapped[str | None] = mapped_column(String(300), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structures.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __table_args__ = (Index("ix_offers_lat_lon", "lat", "lon"),)


class StructureSource(Base):
    """One row of an official source that a place comes from (a place may have several, merged
    by SIRET or by name, address and commune). ``gone``: the source no longer lists it."""

    __tablename__ = "structure_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structures.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(200))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source_updated_at: Mapped[str | None] = mapped_column(String(10), nullable=True)
    gone: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_structure_sources_source_id"),
    )


class SyncRun(Base):
    """A ``totalacces sync`` run and its report (added, changed, closed, rejected with reasons)."""

    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(40), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # running | done | failed | refused
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)


class SyncLock(Base):
    """Held while a sync runs: two syncs never run at once (a row per lock name)."""

    __tablename__ = "sync_locks"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
