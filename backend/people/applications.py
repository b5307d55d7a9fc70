"""Entry points for the web pages (``backend/web/people_bridge.py``)."""

from __future__ import annotations

from backend.people.services.applications import applications_for, create_application

__all__ = ["applications_for", "create_application"]
