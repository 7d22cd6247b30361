"""ical.js (Thunderbird's parser), run under node: a calendar file as a calendar
app reads it, for the tests that check what a subscriber sees.

Without node the check is skipped on a developer's machine and fails on CI
(``CI=true``), which must run it (``.ci/run`` installs node and tests/js).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # runs node on our own script, fixed arguments (2026-12-06)  # nosec B404
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPAND_JS = ROOT / "tests" / "js" / "expand_ics.mjs"


def run_icaljs(tmp_path: Path, data: bytes, start: str, end: str) -> list[dict[str, object]]:
    """The events ical.js expands from ``data`` between two ISO dates."""
    node = shutil.which("node")
    if node is None:
        message = "node is not installed: the ical.js check needs Node.js"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run it)")
        pytest.skip(message)
    if not (ROOT / "tests" / "js" / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run 'npm install' in tests/js (make pytest does)")
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    result = subprocess.run(  # nosec B603
        [node, str(EXPAND_JS), str(path), start, end],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    )
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found
