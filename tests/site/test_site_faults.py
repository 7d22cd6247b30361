"""The example site with its database gone: a plain 503, not a traceback.

The site's own WSGI application (``example_site.wsgi``) runs in a fresh
Python process with the ``test`` settings and a ``DATABASE_URL`` naming a
SQLite file in a folder that does not exist, and is called as a WSGI server
would call it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from example_site.demo_server import environment

REPO = Path(__file__).resolve().parents[2]

# Calls the WSGI application for each path given; prints one JSON object.
CALL_WSGI = """
import io, json, sys
from wsgiref.util import setup_testing_defaults
from example_site.wsgi import application

answers = {}
for path in sys.argv[1:]:
    environ = {"PATH_INFO": path, "HTTP_HOST": "127.0.0.1", "SERVER_NAME": "127.0.0.1"}
    setup_testing_defaults(environ)
    environ["wsgi.errors"] = io.StringIO()
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status
        seen["headers"] = dict(headers)

    body = b"".join(application(environ, start_response)).decode("utf-8")
    answers[path] = {**seen, "body": body}
print(json.dumps(answers))
"""


def call_site(db_path: Path, *paths: str) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", CALL_WSGI, *paths],
        cwd=REPO,
        env={**environment(db_path), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_with_its_database_gone_the_site_answers_a_plain_503(tmp_path):
    missing = tmp_path / "gone" / "site.sqlite3"
    answers, log = call_site(missing, "/", "/conversations/", "/conversations/calendar.ics")
    for path, answer in answers.items():
        assert answer["status"].startswith("503 "), (path, answer["status"])
        assert answer["headers"]["Retry-After"] == "60"
        assert answer["headers"]["Content-Type"] == "text/html; charset=utf-8"
        body = answer["body"]
        assert "<h1>Temporarily unavailable</h1>" in body
        for leak in ("Traceback", "OperationalError", 'File "', "sqlite", str(tmp_path)):
            assert leak not in body, (path, leak)
    # The reason is in the site's log (standard error), with its traceback.
    assert "Database unavailable while handling GET /conversations/" in log
    assert "unable to open database file" in log
    assert not missing.parent.exists()  # and nothing was created


def test_with_its_database_back_the_same_site_answers(site_db):
    answers, _log = call_site(site_db, "/conversations/")
    assert answers["/conversations/"]["status"].startswith("200 ")
    assert "Conversations for Kindness" in answers["/conversations/"]["body"]
