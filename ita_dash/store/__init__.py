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
    if url := read_secrets(secrets_path).get("connections", {}).get("ita", {}).get("url"):
        return url
    return f"sqlite:///{DEFAULT_SQLITE}"


def builtin_database(secrets_path: Path = SECRETS) -> bool:
    """Whether no database is configured (no ``ITA_DATABASE_URL``, no ``[connections.ita]``), so the app runs on
    the built-in ``data/ita.db``: the only database the app fills with the demo province by itself (issue 12)."""
    return not os.environ.get("ITA_DATABASE_URL") and \
        not read_secrets(secrets_path).get("connections", {}).get("ita", {}).get("url")


_READ: dict[Path, tuple[tuple, dict]] = {}  # path → (its size and modification time, what it held then)


def read_secrets(secrets_path: Path = SECRETS) -> dict:
    """The secrets file's settings, parsed again only when the file changed (every page run asks for the database
    URL: issue 36 found the parse in every rerun). Callers must not change the dict they get."""
    try:
        stat = secrets_path.stat()
    except OSError:
        return {}
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    known = _READ.get(secrets_path)
    if known is not None and known[0] == stamp:
        return known[1]
    with secrets_path.open("rb") as handle:
        settings = tomllib.load(handle)
    _READ[secrets_path] = (stamp, settings)
    return settings


OPTIONS = ("ttl_seconds", "reads_per_minute", "units", "timeout_connect", "timeout_read")  # ours, beside the
# service account's fields


def sheets_settings(secrets_path: Path = SECRETS) -> dict | None:
    """``[connections.gsheets]`` of ``.streamlit/secrets.toml``: a service account's JSON fields, and optionally
    ``ttl_seconds`` (60), ``reads_per_minute`` (60, Google's default quota), ``timeout_connect`` (5 s) and
    ``timeout_read`` (20 s: how long any request to Google may wait) and ``units`` (unit-years read from a sheet,
    beside those linked in the database). None: no Google Sheets."""
    return read_secrets(secrets_path).get("connections", {}).get("gsheets") or None


def sheets_client(settings: dict):
    """gspread's HTTP client (with backoff and the timeouts of ``settings``) for the service account in it."""
    from .sheets.source import service_account_client

    return service_account_client({k: v for k, v in settings.items() if k not in OPTIONS}, sheets_timeout(settings))


def sheets_timeout(settings: dict) -> tuple[float, float]:
    """(connect, read) seconds for every request to Google: ``timeout_connect`` and ``timeout_read``."""
    from .sheets.source import TIMEOUT

    return (float(settings.get("timeout_connect", TIMEOUT[0])), float(settings.get("timeout_read", TIMEOUT[1])))


def open_store(url: str | None = None):
    """Open (and migrate) the SQL store; with Google Sheets configured, the store that also reads the units whose
    year is linked to a sheet (``python -m ita_dash sheets link``)."""
    sql = SqlStore(url or database_url())
    settings = sheets_settings()
    if not settings:
        return sql
    from .sheets.source import DEFAULT_TTL, READS_PER_MINUTE, SheetsSource
    from .sheets.store import SheetsStore

    source = SheetsSource(sheets_client(settings), ttl=float(settings.get("ttl_seconds", DEFAULT_TTL)),
                          reads_per_minute=int(settings.get("reads_per_minute", READS_PER_MINUTE)),
                          service_email=str(settings.get("client_email", "")))
    return SheetsStore(sql, source, configured_links(settings))


def configured_links(settings: dict) -> dict[tuple[str, int], str]:
    """``[connections.gsheets.units]``: ``"DEMO-01/2570" = "spreadsheet id"`` for each unit-year read from a sheet."""
    links = {}
    for key, spreadsheet_id in (settings.get("units") or {}).items():
        code, _, year = str(key).rpartition("/")
        if not code or not year.isdigit():
            raise StoreError(f"การตั้งค่า [connections.gsheets.units] ไม่ถูกต้อง: “{key}” ต้องเป็น รหัสหน่วย/ปีงบประมาณ "
                             "เช่น DEMO-01/2570")
        links[(code, int(year))] = str(spreadsheet_id)
    return links


__all__ = ["NotFound", "SqlStore", "Store", "StoreError", "builtin_database", "database_url", "open_store"]
