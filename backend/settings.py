"""Backend settings, from environment variables (pydantic-settings, prefix ``TOTALACCES_``).

``DATABASE_URL`` (no prefix, also accepted as ``TOTALACCES_DATABASE_URL``) selects the database:
by default a SQLite file ``totalacces.db`` under ``TOTALACCES_DATA_DIR`` (default ``var/`` in the
project folder). ``postgresql://...`` URLs use psycopg 3.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUNDLED_DATA_DIR = Path(__file__).resolve().parent / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TOTALACCES_", extra="ignore")

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "TOTALACCES_DATABASE_URL")
    )
    data_dir: Path = PROJECT_DIR / "var"
    #: Folder of the bundled datasets that ``totalacces import`` loads.
    import_dir: Path = BUNDLED_DATA_DIR
    #: Seconds a process trusts its in-memory search snapshot before checking the data version.
    cache_check_seconds: float = 1.0
    #: uvicorn worker processes for ``totalacces serve``.
    workers: int = 1
    #: ``totalacces sync``: the sources' credentials (never printed: SecretStr) and the BAN host.
    datainclusion_token: SecretStr | None = None
    lba_token: SecretStr | None = None
    ban_domain: str = "api-adresse.data.gouv.fr"

    def secret(self, name: str) -> str | None:
        value = getattr(self, name)
        return value.get_secret_value() if value is not None else None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'totalacces.db').as_posix()}"


def get_settings() -> Settings:
    return Settings()
