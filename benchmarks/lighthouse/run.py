"""``make lighthouse``: Lighthouse scores of the example site, served as in production.

A throw-away demo database (``example_site.demo_server.prepare_database``:
migrate + ``load_demo``), ``collectstatic`` into a temporary directory, the
site under gunicorn (2 workers) on 127.0.0.1 with ``benchmarks/lighthouse/settings.py``
(the production settings: DEBUG off, WhiteNoise with hashed, compressed files),
behind a pretend TLS proxy (``X-Forwarded-Proto: https``, as ``make loadtest``).
Lighthouse (npm, pinned in ``benchmarks/lighthouse/package.json``) drives
Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) over the home
page, the archive and one conversation, once as a phone (Lighthouse's default:
simulated slow 4G, 4x CPU slowdown) and once with ``--preset=desktop``.

The table of the four category scores is printed and written to
``benchmarks/results/lighthouse.txt``, with every audit that did not pass; the
JSON reports go to ``benchmarks/lighthouse/reports/`` (not committed).

    python -m benchmarks.lighthouse.run [--out FILE] [--form-factors mobile,desktop]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from example_site.demo_server import (
    MANAGE,
    answers,
    free_port,
    manage,
    prepare_database,
    running,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
REPORTS = HERE / "reports"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "lighthouse.txt"
SETTINGS = "benchmarks.lighthouse.settings"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync"
)
# What a TLS-terminating proxy adds: without it the production settings redirect to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
FORM_FACTORS = {
    "mobile": [],  # Lighthouse's default: Moto G Power, simulated slow 4G, 4x CPU slowdown
    "desktop": ["--preset=desktop"],
}
LATEST_CONVERSATION = (
    "from wagtail_kindness.models import ConversationPage;"
    "print(ConversationPage.objects.live().order_by('-start').first().url)"
)


class LighthouseError(Exception):
    """A step of the run failed; the message says which and how to fix it."""


def environment(db_path: Path, static_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_SECRET_KEY=f"lighthouse-only-{time.time_ns()}-not-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{db_path.resolve()}",
        KINDNESS_LIGHTHOUSE_STATIC_ROOT=str(static_root),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        PYTHONUNBUFFERED="1",
    )
    return env


def fetch(url: str) -> int:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)  # noqa: S310 (127.0.0.1)
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        response.read()
        return response.status


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, timeout: float = 60.0) -> Iterator[str]:
    """The site under gunicorn (2 workers) on a free port; yields ``http://127.0.0.1:PORT``."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "example_site.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--forwarded-allow-ips=127.0.0.1",
        ],
        cwd=REPO,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    ready = lambda: answers(url + "/", headers=PROXY_HEADERS)  # noqa: E731
    what = "gunicorn (make lighthouse installs it with '.[bench]')"
    with running(process, ready, what=what, timeout=timeout):
        yield url


def lighthouse(url: str, report: Path, form_factor: str, chrome: str) -> dict:
    """Run Lighthouse on ``url``; its JSON result (also written to ``report``).

    Tried twice: Lighthouse sometimes fails to record Chromium's trace
    ("NO_NAVSTART"), and says to run it again.
    """
    try:
        return _lighthouse(url, report, form_factor, chrome)
    except LighthouseError as error:
        print(f"lighthouse: {url} ({form_factor}) failed, once more: {error}", file=sys.stderr)
        return _lighthouse(url, report, form_factor, chrome)


def _lighthouse(url: str, report: Path, form_factor: str, chrome: str) -> dict:
    done = subprocess.run(  # noqa: S603 (our pinned lighthouse, fixed arguments)
        [
            str(LIGHTHOUSE),
            url,
            *FORM_FACTORS[form_factor],
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={json.dumps(PROXY_HEADERS)}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not report.is_file():
        raise LighthouseError(f"lighthouse failed on {url} ({form_factor}):\n{done.stderr}")
    result = json.loads(report.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise LighthouseError(f"lighthouse on {url}: {result['runtimeError']}")
    return result


def score(result: dict, category: str) -> str:
    value = result["categories"][category]["score"]
    return "n/a" if value is None else str(round(value * 100))


def failures(result: dict) -> list[str]:
    """The scored audits that did not pass, worst first: ``id (score): title; value``."""
    rows = []
    for audit in result["audits"].values():
        mode = audit.get("scoreDisplayMode")
        if mode not in ("binary", "numeric", "metricSavings") or audit.get("score") is None:
            continue
        if audit["score"] >= 1:
            continue
        value = f"; {audit['displayValue']}" if audit.get("displayValue") else ""
        rows.append(
            (audit["score"], f"{audit['id']} ({audit['score']:.2f}): {audit['title']}{value}")
        )
    return [text for _, text in sorted(rows)]


def chrome_version(result: dict) -> str:
    agent = result.get("environment", {}).get("hostUserAgent", "")
    found = re.search(r"Chrome/([\d.]+)", agent)
    return found.group(1) if found else "?"


def benchmark_range(results: list[tuple[str, str, dict]]) -> str:
    found = sorted(
        round(index)
        for _, _, result in results
        if (index := result.get("environment", {}).get("benchmarkIndex"))
    )
    if not found:
        return "unknown"
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}-{found[-1]}"


def table(results: list[tuple[str, str, dict]]) -> list[str]:
    width = max(len(path) for path, _, _ in results)
    lines = [
        f"| {'page':<{width}} | form    | " + " | ".join(f"{c:>14}" for c in CATEGORIES) + " |",
        f"|{'-' * (width + 2)}|---------|" + "|".join("-" * 15 + ":" for _ in CATEGORIES) + "|",
    ]
    for path, form, result in results:
        scores = " | ".join(f"{score(result, c):>14}" for c in CATEGORIES)
        lines.append(f"| {path:<{width}} | {form:<7} | {scores} |")
    return lines


def run(out: Path, form_factors: list[str], chrome: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="kindness-lighthouse-") as tmp:
        db_path = Path(tmp) / "db.sqlite3"
        print("lighthouse: migrate + load_demo …", file=sys.stderr)
        prepare_database(db_path)
        conversation = manage(db_path, "shell", "-c", LATEST_CONVERSATION).strip().splitlines()[-1]
        env = environment(db_path, Path(tmp) / "static")
        subprocess.run(  # noqa: S603
            [sys.executable, str(MANAGE), "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
        )
        REPORTS.mkdir(exist_ok=True)
        results = []
        with gunicorn(env) as base:
            for path in ("/", "/conversations/", conversation):
                try:
                    fetch(base + path)  # warm the workers and their caches
                except urllib.error.HTTPError as error:
                    raise LighthouseError(f"{path} answered HTTP {error.code}") from None
                for form in form_factors:
                    name = path.strip("/").replace("/", "_") or "home"
                    print(f"lighthouse: {path} ({form}) …", file=sys.stderr)
                    report = REPORTS / f"{name}.{form}.json"
                    results.append((path, form, lighthouse(base + path, report, form, chrome)))
    first = results[0][2]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# make lighthouse {now}: Lighthouse {first['lighthouseVersion']},"
        f" Chromium {chrome_version(first)}, nproc {os.cpu_count()}, gunicorn 2 workers,"
        " production settings (DEBUG off, WhiteNoise, collectstatic), SQLite, demo archive",
        "# mobile = Lighthouse default (simulated slow 4G, 4x CPU slowdown);"
        " desktop = --preset=desktop. One run each: performance varies by a few points.",
        f"# Lighthouse's CPU benchmarkIndex {benchmark_range(results)} (it expects about 1000+:"
        " lower means a slow or busy machine, and lower mobile performance scores).",
        *table(results),
        "",
        "Audits that did not pass:",
    ]
    for path, form, result in results:
        bad = failures(result)
        lines.append(f"- {path} ({form}): {'none' if not bad else ''}")
        lines.extend(f"    {text}" for text in bad)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--form-factors", default="mobile,desktop")
    args = parser.parse_args(argv)
    forms = [f.strip() for f in args.form_factors.split(",") if f.strip()]
    unknown = [f for f in forms if f not in FORM_FACTORS]
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    problem = None
    if unknown or not forms:
        problem = f"--form-factors: use mobile and/or desktop, not {args.form_factors!r}"
    elif not LIGHTHOUSE.is_file():
        problem = f"{LIGHTHOUSE} is missing: run npm install in {HERE} (make lighthouse does)"
    elif not Path(chrome).is_file():
        problem = f"Chromium not found at {chrome}: apt-get install -y chromium, or set CHROME_PATH"
    if problem:
        print(f"lighthouse: {problem}", file=sys.stderr)
        return 2
    try:
        lines = run(args.out, forms, chrome)
    except (LighthouseError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
