"""The request dependencies every router uses: one database session, one snapshot.

**One transaction rule.** ``get_session`` gives a session of the application's factory
(``app.state.session_factory``, made by ``backend.app.create_app``). What a request writes is
committed by the service that writes it (``session.commit()`` inside the service, once the write
is complete and audited); whatever is left uncommitted when the request ends is rolled back when
the session closes. The API, the people side and the web pages all take their session from here.

Async on purpose: the teardown of a *sync* generator dependency needs a worker thread, and when
every worker waits for a pooled connection held by a finished request, nobody can give it back (a
deadlock under load). Closing here, on the event loop, is quick.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from backend.services.snapshot import Snapshot


async def get_session(request: Request) -> AsyncIterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()  # rolls back what the request did not commit


async def snapshot(request: Request) -> Snapshot:
    """The per-process search snapshot (in memory; one cheap SQL query a second at most)."""
    return request.app.state.snapshots.get()  # type: ignore[no-any-return]


Db = Annotated[Session, Depends(get_session)]
Snap = Annotated[Snapshot, Depends(snapshot)]
