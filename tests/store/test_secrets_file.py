"""The secrets file is read again only when it changes (issue 36: every page run asks for the database URL)."""

from __future__ import annotations

import os
import tomllib

from ita_dash.store import database_url, read_secrets


def test_the_secrets_file_is_parsed_once_and_again_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("ITA_DATABASE_URL", raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.ita]\nurl = "sqlite:///one.db"\n', encoding="utf-8")
    parsed = []
    original = tomllib.load
    monkeypatch.setattr(tomllib, "load", lambda handle: parsed.append(1) or original(handle))
    assert [database_url(secrets) for _ in range(50)] == ["sqlite:///one.db"] * 50
    assert len(parsed) == 1
    secrets.write_text('[connections.ita]\nurl = "sqlite:///two.db"\n', encoding="utf-8")
    os.utime(secrets, ns=(1, 2_000_000_000_000_000_000))  # a new modification time, however fast the disk
    assert database_url(secrets) == "sqlite:///two.db" and len(parsed) == 2
    secrets.unlink()
    assert read_secrets(secrets) == {} and database_url(secrets).endswith("data/ita.db")
