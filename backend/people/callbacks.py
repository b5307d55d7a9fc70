"""Entry points for the web pages (``backend/web/people_bridge.py``): the same service functions
as the API, accepting the web form's words too (``telephone``, ``retour_ecole``, a free commune)."""

from __future__ import annotations

from backend.people.services.callbacks import callback_status, create_callback, erase, export

__all__ = ["callback_status", "create_callback", "export", "erase"]
