"""A throwaway PostgreSQL 15 cluster for the tests, run as the ``postgres`` OS user.

``PgCluster.start()`` runs ``initdb`` in a fresh temporary folder owned by ``postgres`` (trust
authentication, TCP on 127.0.0.1 and a free port, socket in that folder), starts it with
``pg_ctl`` and waits until it accepts connections. ``stop()`` stops it and removes the folder.
Any failure raises ``PgUnavailable`` with the reason: the tests never skip PostgreSQL silently.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("TOTALACCES_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "postgres"


class PgUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    def __init__(self) -> None:
        self.port = 0
        self.root: Path | None = None
        self._counter = 0

    def _as_postgres(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", PG_USER, "--", *cmd]
        elif pwd.getpwuid(os.geteuid()).pw_name != PG_USER:
            raise PgUnavailable(
                "Impossible de lancer PostgreSQL : il faut être root (pour passer à l'utilisateur "
                f"« {PG_USER} ») ou être cet utilisateur."
            )
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    def start(self) -> PgCluster:
        if not (PG_BIN / "initdb").exists():
            raise PgUnavailable(f"PostgreSQL 15 introuvable : {PG_BIN}/initdb n'existe pas.")
        try:
            pw = pwd.getpwnam(PG_USER)
        except KeyError:
            raise PgUnavailable(f"L'utilisateur système « {PG_USER} » n'existe pas.") from None
        self.root = Path(tempfile.mkdtemp(prefix="totalacces-pg-"))
        os.chmod(self.root, 0o700)
        os.chown(self.root, pw.pw_uid, pw.pw_gid) if os.geteuid() == 0 else None
        data = self.root / "data"
        res = self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            PG_USER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if res.returncode != 0:
            raise PgUnavailable(f"initdb a échoué : {res.stderr.strip() or res.stdout.strip()}")
        self.port = free_port()
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        res = self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        if res.returncode != 0:
            log = (
                (self.root / "log").read_text(errors="replace")
                if (self.root / "log").exists()
                else ""
            )
            raise PgUnavailable(f"pg_ctl start a échoué : {res.stderr.strip()} {log[-2000:]}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise PgUnavailable(f"PostgreSQL ne répond pas sur le port {self.port}.")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={PG_USER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if data.exists():
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None
