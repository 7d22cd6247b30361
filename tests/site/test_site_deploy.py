"""The example site's production settings: ``check --deploy`` and the security headers.

Both run ``example_site.settings.production`` in a subprocess, with the
environment that docs/howto/deploy.md documents:

* ``DJANGO_SECRET_KEY``: a long random value;
* ``DJANGO_ALLOWED_HOSTS``: the site's host names, comma-separated;
* ``DATABASE_URL``: here a copy of the demo database (SQLite).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from example_site.settings import csp
from wagtail_kindness.embeds import player_for

REPO = Path(__file__).resolve().parents[2]
MANAGE = REPO / "example_site" / "manage.py"
HOST = "kindness.example.org"
ONE_YEAR = 60 * 60 * 24 * 365


def production_env(db_path: Path, **changes: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="example_site.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},www.{HOST}",
        DATABASE_URL=f"sqlite:///{db_path}",
        PYTHONPATH=str(REPO),
    )
    env.update(changes)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_passes_with_no_warning(tmp_path):
    done = run(
        [str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path / "db.sqlite3"),
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues (1 silenced)." in output
    assert "WARNING" not in output


@pytest.mark.parametrize(
    ("variable", "message"),
    [
        ("DJANGO_SECRET_KEY", "set DJANGO_SECRET_KEY to a long random value"),
        ("DJANGO_ALLOWED_HOSTS", "set DJANGO_ALLOWED_HOSTS, e.g. kindness.example.org"),
    ],
)
def test_a_missing_variable_is_named(tmp_path, variable, message):
    done = run(
        [str(MANAGE), "check", "--deploy"],
        production_env(tmp_path / "db.sqlite3", **{variable: ""}),
    )
    assert done.returncode != 0
    assert message in done.stderr


# Runs under the production settings and prints what the responses carried.
# The one change: static files from the apps, as no collectstatic has run here
# (production's manifest storage needs it); the headers do not depend on it.
PROBE = """
import json
import django
from django.test.utils import override_settings

django.setup()
from django.contrib.auth import get_user_model
from django.test import Client

HOST = "kindness.example.org"
PLAIN = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def seen(response):
    cookies = {
        name: {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
        for name, morsel in response.cookies.items()
    }
    return {"status": response.status_code, "headers": dict(response.headers), "cookies": cookies}


with override_settings(STORAGES={**django.conf.settings.STORAGES, "staticfiles": PLAIN}):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "probe-password")
    client = Client(HTTP_HOST=HOST)
    found = {
        "plain": seen(client.get("/conversations/")),
        "secure": seen(client.get("/conversations/", secure=True)),
        "proxied": seen(client.get("/conversations/", HTTP_X_FORWARDED_PROTO="https")),
        "home": seen(client.get("/", secure=True)),
        "login": seen(client.get("/admin/login/", secure=True)),
        "logged_in": seen(
            client.post(
                "/admin/login/",
                {"username": "editor", "password": "probe-password"},
                secure=True,
            )
        ),
    }
print("PROBE " + json.dumps(found))
"""


@pytest.fixture(scope="module")
def responses(demo_database, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("deploy") / "site.sqlite3"
    db_path.write_bytes(demo_database.read_bytes())
    done = run(["-c", PROBE], production_env(db_path))
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


def test_plain_http_is_redirected_to_https(responses):
    plain = responses["plain"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == f"https://{HOST}/conversations/"


@pytest.mark.parametrize("name", ["secure", "proxied", "home"])
def test_public_pages_carry_the_security_headers(responses, name):
    response = responses[name]
    assert response["status"] == 200
    headers = response["headers"]
    assert headers["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = [part.split() for part in headers["Content-Security-Policy"].split(";")]
    policy = {name: values for name, *values in directives}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert sorted(policy["frame-src"]) == [
        "https://player.vimeo.com",
        "https://www.youtube-nocookie.com",
    ]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in headers


def test_the_admin_has_no_csp_but_the_other_headers(responses):
    login = responses["login"]
    assert login["status"] == 200
    assert "Content-Security-Policy" not in login["headers"]
    assert login["headers"]["X-Frame-Options"] == "DENY"
    assert login["headers"]["Strict-Transport-Security"].startswith(f"max-age={ONE_YEAR}")


def test_cookies_are_secure_and_same_site(responses):
    csrf = responses["login"]["cookies"]["csrftoken"]
    assert csrf == {"secure": True, "httponly": False, "samesite": "Lax"}
    logged_in = responses["logged_in"]
    assert logged_in["status"] == 302
    session = logged_in["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
    ],
)
def test_the_policy_allows_the_plugins_video_players(url):
    player = player_for(url)
    assert player is not None
    parts = urlsplit(player.embed_url)
    assert f"{parts.scheme}://{parts.netloc}" in csp.POLICY["frame-src"]


def test_the_policy_allows_no_other_frame():
    players = {
        player_for(url).embed_url
        for url in ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871")
    }
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in players}
    assert set(csp.POLICY["frame-src"]) == origins
