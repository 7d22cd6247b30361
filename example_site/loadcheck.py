"""The example site under load while its pages are published and unpublished.

Run as ``python -m example_site.loadcheck [--duration 30] [--readers 32]``
from the repository root (``make test-load`` runs it through
``tests/site/test_site_load_edits.py``; a benchmark may import :func:`run`
too).  It:

1. makes a throwaway database: SQLite in a temporary folder (WAL, from
   ``example_site/settings/base.py``), or, when ``DATABASE_URL`` names
   PostgreSQL, a new database on that server (dropped afterwards); then
   ``migrate`` and ``load_demo`` (the real archive);
2. serves the example site (``test`` settings, archive pages of 5) with
   gunicorn on a free 127.0.0.1 port;
3. for ``--duration`` seconds, ``--readers`` threads request ``/``,
   ``/conversations/`` and ``/conversations/calendar.ics`` one after the
   other, while an editor process (``example_site/load_editor.py``) publishes
   or unpublishes one conversation page every ``--interval`` seconds through
   Wagtail's own calls (``revision.publish()``, ``page.unpublish()``);
4. checks that no response was a 5xx, no request failed, every body was
   whole, every edit went through, and that the archive then served (every
   page of it, from each worker) and ``calendar.ics`` show exactly the live
   conversations the database holds.

It prints one screen: requests, requests per second, statuses, edits,
median and 99th percentile times.  Times are for people; the verdict
(exit status 0 or 1) never depends on them.  Everything is bounded by
timeouts, so a hang fails instead of blocking.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import http.client
import json
import os
import secrets
import select
import shutil
import socket
import subprocess  # runs our own manage.py, gunicorn and editor only (2026-12-06)  # nosec B404
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from example_site.demo_server import manage, running

REPO = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "kindness_load_settings"
SERIES = "/conversations/"
PATHS = ("/", SERIES, SERIES + "calendar.ics")
PER_PAGE = 5  # so that the archive has several pages to follow
#: Per request, waiting in gunicorn's queue included: 32 readers on 2 busy cores can
#: wait a while.  A worker busy with one request for WORKER_TIMEOUT is restarted.
SOCKET_TIMEOUT = 60.0
WORKER_TIMEOUT = 30
SETUP_TIMEOUT = 600.0  # migrate, load_demo
SETTINGS_TEXT = """\
from example_site.settings.test import *  # noqa: F403

WAGTAILKINDNESS_ARCHIVE_PER_PAGE = {per_page}
{extra}
# Tracebacks of any 500 go to gunicorn's log (DEBUG is off).
LOGGING = {{
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {{"stderr": {{"class": "logging.StreamHandler"}}}},
    "loggers": {{
        "django.request": {{"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
        "wagtail_kindness": {{"handlers": ["stderr"], "level": "WARNING"}},
    }},
}}
"""
#: ``--plain-sqlite``: Django's SQLite defaults (rollback journal, deferred
#: transactions, 5 s busy timeout), to see what the example site's options buy.
PLAIN_SQLITE = 'DATABASES["default"]["OPTIONS"] = {}  # noqa: F405\n'


@dataclasses.dataclass
class Outcome:
    """What one run saw; ``problems`` empty means it passed."""

    backend: str
    readers: int
    workers: int
    seed: int = 0
    seconds: float = 0.0
    statuses: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    times: dict[str, list[float]] = dataclasses.field(
        default_factory=lambda: {path: [] for path in PATHS}
    )
    errors: list[str] = dataclasses.field(default_factory=list)
    bad_bodies: list[str] = dataclasses.field(default_factory=list)
    edits: dict = dataclasses.field(default_factory=dict)
    final: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len(self.errors)

    def summary(self) -> str:
        rate = self.requests / self.seconds if self.seconds else 0.0
        lines = [
            f"load with edits: {self.backend}, gunicorn {self.workers} workers, "
            f"{self.readers} readers, {self.seconds:.1f} s, editor seed {self.seed}",
            f"requests {self.requests} ({rate:.1f} req/s); statuses "
            + ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
            + f"; connection errors {len(self.errors)}; bad bodies {len(self.bad_bodies)}",
            f"edits {self.edits.get('published', 0) + self.edits.get('unpublished', 0)} "
            f"({self.edits.get('published', 0)} published, "
            f"{self.edits.get('unpublished', 0)} unpublished, "
            f"{len(self.edits.get('errors', []))} failed)",
        ]
        every = [t for times in self.times.values() for t in times]
        for path, times in [*self.times.items(), ("all", every)]:
            lines.append(
                f"  {path:<28} {len(times):>6}  p50 {percentile(times, 0.5):7.3f} s"
                f"  p99 {percentile(times, 0.99):7.3f} s"
            )
        if self.final:
            lines.append(self.final)
        lines += [f"PROBLEM: {problem}" for problem in self.problems[:12]]
        lines.append("OK" if self.ok else f"FAILED ({len(self.problems)} problems)")
        return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- the database and the server ------------------------------------------------


@contextlib.contextmanager
def database(folder: Path):
    """Yields (DATABASE_URL, backend label): PostgreSQL from DATABASE_URL, else SQLite."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'site.sqlite3'}", "SQLite"
        return
    import psycopg

    name = f"kindness_load_{secrets.token_hex(4)}"
    with psycopg.connect(given, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.info.server_version
    parts = urlsplit(given)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), f"PostgreSQL {version // 10000}"
    finally:
        with psycopg.connect(given, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(folder: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DATABASE_URL=database_url,
        PYTHONPATH=os.pathsep.join([str(folder), str(REPO)]),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int):
    """Serve the site; yields the port.  The socket is bound here and handed over."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    command = [
        sys.executable, "-m", "gunicorn", "example_site.wsgi", f"--workers={workers}",
        f"--bind=fd://{sock.fileno()}", f"--timeout={WORKER_TIMEOUT}", "--graceful-timeout=10",
        "--log-level=warning",
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (this Python's gunicorn, fixed arguments, 2026-12-06)  # nosec B603
            command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
        )  # fmt: skip
    sock.close()
    try:
        with running(process, lambda: get(port, "/")[0] == 200, what="gunicorn"):
            yield port
    except RuntimeError as error:
        raise RuntimeError(f"{error}:\n{log.read_text()[-3000:]}") from None


def get(port: int, path: str) -> tuple[int, bytes]:
    """GET a path; (status, body), or (0, error) if the request failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=SOCKET_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        return 0, f"{type(error).__name__}: {error}".encode()
    finally:
        conn.close()


# -- the readers ------------------------------------------------------------------


def whole(path: str, body: bytes) -> bool:
    """A 200 body that ends as it should (no truncated page or calendar)."""
    if path.endswith(".ics"):
        return body.startswith(b"BEGIN:VCALENDAR") and body.rstrip().endswith(b"END:VCALENDAR")
    return body.rstrip().endswith(b"</html>")


def read_until(stop: threading.Event, port: int, first: int, outcome: Outcome, lock) -> None:
    turn = first
    while not stop.is_set():
        path = PATHS[turn % len(PATHS)]
        turn += 1
        started = time.monotonic()
        status, body = get(port, path)
        elapsed = time.monotonic() - started
        with lock:
            if status == 0:
                outcome.errors.append(f"{path}: {body.decode()}")
                continue
            outcome.statuses[status] += 1
            outcome.times[path].append(elapsed)
            if status == 200 and not whole(path, body):
                outcome.bad_bodies.append(f"{path}: {len(body)} bytes ending {body[-60:]!r}")


@contextlib.contextmanager
def editor(env: dict[str, str], duration: float, interval: float, seed: int):
    """Start the editor; yields a function that lets it go and returns its JSON result."""
    command = [
        sys.executable, "-m", "example_site.load_editor",
        f"--duration={duration}", f"--interval={interval}", f"--seed={seed}",
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 (our own editor module, fixed arguments, 2026-12-06)  # nosec B603
        command, env=env, cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        if not ready or process.stdout.readline().strip() != "ready":
            process.kill()
            raise RuntimeError(f"the editor did not start:\n{process.communicate()[1][-3000:]}")

        def go():
            process.stdin.write("go\n")
            process.stdin.flush()

        def finish() -> dict:
            out, err = process.communicate(timeout=duration + 120)
            if process.returncode != 0:
                raise RuntimeError(f"the editor failed:\n{err[-3000:]}")
            return json.loads(out.strip().splitlines()[-1])

        yield go, finish
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


# -- the final check ----------------------------------------------------------------


class ArchiveParser(HTMLParser):
    """The entries (link, title) of one archive page and its "next" link."""

    def __init__(self):
        super().__init__()
        self.entries: list[list[str]] = []
        self.next: str | None = None
        self._in_title = False
        self._link: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h4" and "kindness-entry__title" in (attrs.get("class") or "").split():
            self._in_title = True
        elif tag == "a" and self._in_title:
            self._link, self._text = attrs.get("href"), []
        elif tag == "a" and attrs.get("rel") == "next":
            self.next = attrs.get("href")

    def handle_data(self, data):
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.entries.append([urlsplit(self._link).path, "".join(self._text).strip()])
            self._link = None
        elif tag == "h4":
            self._in_title = False


def served_archive(port: int) -> tuple[list[list[str]], int]:
    """Every entry of the archive, following its "next" links; (entries, pages)."""
    entries, path, pages = [], SERIES, 0
    while path is not None and pages < 100:
        status, body = get(port, path)
        if status != 200:
            raise AssertionError(f"{path} answered {status}")
        parser = ArchiveParser()
        parser.feed(body.decode())
        entries += parser.entries
        pages += 1
        path = urljoin(SERIES, parser.next) if parser.next else None
    return entries, pages


def served_calendar(port: int) -> list[list[str]]:
    """(page path, summary) of every conversation event of calendar.ics."""
    import icalendar

    status, body = get(port, SERIES + "calendar.ics")
    if status != 200:
        raise AssertionError(f"calendar.ics answered {status}")
    events = []
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        url = event.get("url")
        if url and urlsplit(str(url)).path != SERIES:
            events.append([urlsplit(str(url)).path, str(event.get("summary"))])
    return sorted(events)


def difference(what: str, served: list, expected: list) -> str | None:
    if served == expected:
        return None
    missing = [e for e in expected if e not in served]
    extra = [e for e in served if e not in expected]
    return (
        f"{what} differs from the database: {len(served)} served, {len(expected)} expected, "
        f"missing {missing[:3]}, not expected {extra[:3]}"
        + ("" if missing or extra else f", order or repeats: {served[:6]}")
    )


def check_final(port: int, expected: dict, outcome: Outcome, workers: int) -> None:
    """Several times each, so that every worker (and its cache) is asked."""
    pages = 0
    for attempt in range(1, 2 * workers + 3):
        try:
            archive, pages = served_archive(port)
            calendar = served_calendar(port)
        except AssertionError as error:
            outcome.problems.append(f"final fetch {attempt}: {error}")
            break
        found = [
            difference(f"the archive (fetch {attempt})", archive, expected["archive"]),
            difference(f"calendar.ics (fetch {attempt})", calendar, expected["calendar"]),
        ]
        if any(found):
            outcome.problems += [problem for problem in found if problem]
            break
    outcome.final = (
        f"final: archive {len(expected['archive'])} of {expected['all']} conversations live on "
        f"{pages} pages, calendar.ics {len(expected['calendar'])} conversation events; "
        f"served {2 * workers + 2} times each"
    )


# -- the run ------------------------------------------------------------------------


def run(
    *,
    duration: float = 30.0,
    readers: int = 32,
    workers: int = 2,
    interval: float = 1.0,
    seed: int | None = None,
    plain_sqlite: bool = False,
) -> Outcome:
    folder = Path(tempfile.mkdtemp(prefix="kindness-load-"))
    try:
        with database(folder) as (database_url, backend):
            sqlite = database_url.startswith("sqlite")
            extra = PLAIN_SQLITE if sqlite and plain_sqlite else ""
            label = backend + (" (WAL)" if sqlite and not plain_sqlite else "")
            (folder / f"{SETTINGS_MODULE}.py").write_text(
                SETTINGS_TEXT.format(per_page=PER_PAGE, extra=extra)
            )
            env = environment(folder, database_url)
            setup = {"env": env, "cwd": REPO, "timeout": SETUP_TIMEOUT}
            manage(None, "migrate", "--no-input", "-v", "0", **setup)
            manage(None, "load_demo", **setup)
            seed = secrets.randbelow(10**6) if seed is None else seed
            outcome = Outcome(backend=label, readers=readers, workers=workers, seed=seed)
            log = folder / "gunicorn.log"
            with gunicorn(env, log, workers) as port:
                with editor(env, duration, interval, seed) as (go, finish):
                    load(port, outcome, duration, readers, go)
                    edits = finish()
                outcome.edits = edits
                check_final(port, edits["truth"], outcome, workers)
            judge(outcome, log)
            return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load(port: int, outcome: Outcome, duration: float, readers: int, go) -> None:
    stop, lock = threading.Event(), threading.Lock()
    threads = [
        threading.Thread(target=read_until, args=(stop, port, i, outcome, lock), daemon=True)
        for i in range(readers)
    ]
    started = time.monotonic()
    go()
    for thread in threads:
        thread.start()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=SOCKET_TIMEOUT + 10)
    outcome.seconds = time.monotonic() - started
    if any(thread.is_alive() for thread in threads):
        outcome.problems.append("a reader did not finish within its timeout")


def judge(outcome: Outcome, log: Path) -> None:
    failed = sum(n for code, n in outcome.statuses.items() if code >= 500)
    if failed:
        outcome.problems.append(f"{failed} responses were 5xx")
    if set(outcome.statuses) - {200}:
        outcome.problems.append(f"statuses other than 200: {dict(outcome.statuses)}")
    if outcome.errors:
        outcome.problems.append(f"{len(outcome.errors)} requests failed: {outcome.errors[:3]}")
    if outcome.bad_bodies:
        cut = outcome.bad_bodies
        outcome.problems.append(f"{len(cut)} bodies cut short: {cut[:2]}")
    if outcome.edits.get("errors"):
        outcome.problems.append(f"edits failed: {outcome.edits['errors'][:3]}")
    if not outcome.edits.get("published") or not outcome.edits.get("unpublished"):
        outcome.problems.append(f"the editor did not both publish and unpublish: {outcome.edits}")
    if not all(outcome.times.values()):
        outcome.problems.append("some address was never requested")
    text = log.read_text(errors="replace")
    if outcome.problems and ("Traceback" in text or "ERROR" in text):
        outcome.problems.append("gunicorn's log:\n" + text[-4000:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (30)")
    parser.add_argument("--readers", type=int, default=32, help="concurrent readers (32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between edits")
    parser.add_argument("--seed", type=int, default=None, help="the editor's random choices")
    parser.add_argument(
        "--plain-sqlite", action="store_true", help="SQLite without WAL and IMMEDIATE, to compare"
    )
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.readers < 1 or args.workers < 1 or args.interval <= 0:
        parser.error("duration, interval, readers and workers must be positive")
    outcome = run(
        duration=args.duration,
        readers=args.readers,
        workers=args.workers,
        interval=args.interval,
        seed=args.seed,
        plain_sqlite=args.plain_sqlite,
    )
    print(outcome.summary())
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
