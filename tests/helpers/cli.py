"""``python -m ita_dash`` run as a person runs it, in its own process (``cli``)."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers.environment import ROOT

# --- moved

def cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "ita_dash", *(["--db", db] if db else []), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
