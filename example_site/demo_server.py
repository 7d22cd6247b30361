"""Run the demo site on a throw-away database: for the browser tests and ``make screenshots``.

``prepared_database(path)`` migrates a fresh SQLite file and runs
``load_demo``; ``serve(path)`` starts ``runserver`` on a free 127.0.0.1 port
with the example site's ``test`` settings and yields its address.  With
``settings=I18N_SETTINGS`` (and ``translate=("fr",)`` for the database) they do
the same for the site in English and French (tests/site/test_site_i18n_browser.py).
``manage()`` and ``running()`` are shared with ``example_site/loadcheck.py``
(``make test-load``) and ``benchmarks/lighthouse/run.py``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess  # runs our own manage.py only (2026-11-26)  # nosec B404
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent
MANAGE = SITE_DIR / "manage.py"
SETTINGS = "example_site.settings.test"
I18N_SETTINGS = "example_site.settings.test_i18n"


def environment(db_path: Path, settings: str = SETTINGS) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=f"sqlite:///{Path(db_path).resolve()}",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(
    db_path: Path | None,
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    settings: str = SETTINGS,
) -> str:
    """Run ``manage.py ARGS`` against ``db_path``; its output, or an error with the output.

    ``env`` replaces the environment made for ``db_path`` (``db_path`` is then
    ``None``): ``example_site/loadcheck.py`` passes its own settings and
    database.  ``cwd`` and ``timeout`` (seconds) are :func:`subprocess.run`'s;
    ``settings`` is the settings module for ``db_path``.
    """
    if env is None:
        if db_path is None:
            raise ValueError("manage() needs a database path or an environment")
        env = environment(db_path, settings)
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments, 2026-11-26)  # nosec B603
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def prepare_database(
    db_path: Path, *, settings: str = SETTINGS, translate: tuple[str, ...] = ()
) -> str:
    """A fresh demo database at ``db_path`` (migrate, then load_demo); load_demo's report.

    ``translate``: the languages ``load_demo --translate`` adds (``I18N_SETTINGS``).
    """
    manage(db_path, "migrate", "--no-input", "-v", "0", settings=settings)
    languages = [f"--translate={language}" for language in translate]
    return manage(db_path, "load_demo", *languages, settings=settings)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str, *, headers: dict[str, str] | None = None) -> bool:
    """True once ``url`` answers with any HTTP status (False while nothing listens)."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1 only, 2026-11-26)
    try:
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310  # nosec B310
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def running(
    process: subprocess.Popen, ready: Callable[[], bool], *, what: str, timeout: float = 60.0
) -> Iterator[None]:
    """Wait until ``ready()`` while ``process`` runs; stop ``process`` when the block ends.

    Raises ``RuntimeError`` if the process exits first or ``timeout`` passes
    (shared by the browser tests, ``make lighthouse`` and ``make test-load``).
    """
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited before answering")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer within {timeout:.0f} s")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serve(
    db_path: Path, *, timeout: float = 60.0, settings: str = SETTINGS, port: int | None = None
) -> Iterator[str]:
    """Serve the site on ``db_path`` with ``settings``; yields ``http://127.0.0.1:PORT``.

    ``port``: a port chosen beforehand (e.g. to make it the Wagtail site's own, so
    that the links of the emails point at this server); a free one by default.
    """
    port = port or free_port()
    process = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments, 2026-11-26)  # nosec B603
        [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=environment(db_path, settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with running(process, lambda: answers(url + "/"), what="runserver", timeout=timeout):
            yield url
    except RuntimeError as error:
        output = process.stdout.read() if process.stdout else ""
        raise RuntimeError(f"{error}:\n{output}") from None
    finally:
        if process.stdout:
            process.stdout.close()
