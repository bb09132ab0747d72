"""Storage: where a unit's ITA year is kept. Pages get a store from :func:`open_store` and never know which."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .base import NotFound, Store, StoreError
from .sql import SqlStore

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = ROOT / "data" / "ita.db"
SECRETS = ROOT / ".streamlit" / "secrets.toml"


def database_url(secrets_path: Path = SECRETS) -> str:
    """``ITA_DATABASE_URL``, else ``[connections.ita] url`` in ``.streamlit/secrets.toml``, else ``data/ita.db``."""
    if url := os.environ.get("ITA_DATABASE_URL"):
        return url
    if secrets_path.is_file():
        with secrets_path.open("rb") as handle:
            secrets = tomllib.load(handle)
        if url := secrets.get("connections", {}).get("ita", {}).get("url"):
            return url
    return f"sqlite:///{DEFAULT_SQLITE}"


def open_store(url: str | None = None) -> SqlStore:
    """Open (and migrate) the SQL store."""
    return SqlStore(url or database_url())


__all__ = ["NotFound", "SqlStore", "Store", "StoreError", "database_url", "open_store"]
