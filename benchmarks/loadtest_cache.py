"""The Python half of ``make loadtest-cache`` (benchmarks/loadtest_cache.sh).

``python benchmarks/loadtest_cache.py addresses`` prints the demo Site's host (what
Wagtail's purges name in their ``Host`` header) and its most recent conversation's
path, on one line.

``python benchmarks/loadtest_cache.py publish-time`` publishes the same kind of
change (see ``publish``) and prints how long ``publish()`` took, in ms (the script
runs it without the frontend cache, for comparison).

``python benchmarks/loadtest_cache.py publish --cache http://127.0.0.1:PORT
--backend http://127.0.0.1:PORT --host HOST`` publishes a change to that
conversation (its title gets a unique marker, then ``save_revision().publish()``,
as an editor's "Publish" does), and measures through the HTTP cache how long
each address that shows the title (the series' archive, calendar and feeds, the
page and its calendar) takes to serve the new one after ``publish()`` returned
(one poller per address, in a tight loop, for at most ``--timeout`` seconds), then
fetches every address ``--repeat`` times and counts the stale answers.  Before
publishing it fetches each address twice through the cache (the second answer's
status and ``X-Cache``: HIT when it was cached) and notes the site's
``Cache-Control``.  It prints a Markdown table and exits 0 either way (the numbers
are for people, docs/performance.md).

Both run with the example site's production settings, from the environment the
shell script sets (the database, ``KINDNESS_FRONTEND_CACHE_URL``).
"""

from __future__ import annotations

import argparse
import http.client
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def latest_conversation():
    from wagtail_kindness.models import ConversationPage

    return ConversationPage.objects.live().order_by("-start").first()


def fetch(base: str, host: str, path: str) -> tuple[int, http.client.HTTPMessage, str]:
    """(status, headers, body with iCalendar lines unfolded) of one GET, as if over HTTPS."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, response.headers, body.replace("\r\n ", "")
    finally:
        conn.close()


def addresses(page) -> list[str]:
    series = page.get_parent().url
    return [
        series,
        page.url,
        f"{series}calendar.ics",
        f"{page.url}calendar.ics",
        f"{series}feed/",
        f"{series}feed/atom/",
    ]


def publish(args: argparse.Namespace) -> None:
    page = latest_conversation()
    paths = addresses(page)
    marker = f"kindness{secrets.token_hex(4)}"
    # Before: every address cached (two GETs: the second says HIT if it is), and
    # what the site says of it.
    before = {}
    for path in paths:
        fetch(args.cache, args.host, path)
        status, headers, _ = fetch(args.cache, args.host, path)
        before[path] = (status, headers.get("X-Cache", "-"), headers.get("Cache-Control", "-"))

    # The page title follows the conversation's own title field (refresh_derived).
    page.conversation_title = page.title = f"{marker} {page.title}"
    started = time.perf_counter()
    page.save_revision().publish()
    returned = time.perf_counter()

    # One poller per address, each in a tight loop, so that a slow one delays no other.
    def first_seen(path: str) -> float | None:
        while time.perf_counter() < returned + args.timeout:
            if marker in fetch(args.cache, args.host, path)[2]:
                return time.perf_counter() - returned
        return None

    with ThreadPoolExecutor(len(paths)) as pool:
        visible = dict(zip(paths, pool.map(first_seen, paths), strict=True))
    stale = dict.fromkeys(paths, 0)
    for _ in range(args.repeat):
        for path in paths:
            stale[path] += marker not in fetch(args.cache, args.host, path)[2]
    shown_by_site = {path: marker in fetch(args.backend, args.host, path)[2] for path in paths}

    print(f"publish() took {(returned - started) * 1000:.0f} ms; marker {marker}")
    head = f"stale of {args.repeat}"
    print(
        f"| {'address':<45} | {'before':>10} | {'visible after':>15} | {head:>11} | Cache-Control |"
    )
    print(f"|{'-' * 47}|{'-' * 11}:|{'-' * 16}:|{'-' * 12}:|{'-' * 15}|")
    for path in paths:
        if not shown_by_site[path]:
            seen = "not on site"
        elif visible[path] is None:
            seen = f"stale > {args.timeout:g} s"
        else:
            seen = f"{visible[path] * 1000:.0f} ms"
        status, cached, control = before[path]
        print(f"| {path:<45} | {status} {cached:>6} | {seen:>15} | {stale[path]:>11} | {control} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("addresses")
    sub.add_parser("publish-time")
    publishing = sub.add_parser("publish")
    publishing.add_argument("--cache", required=True, help="the HTTP cache, http://host:port")
    publishing.add_argument("--backend", required=True, help="the site itself, http://host:port")
    publishing.add_argument("--host", required=True, help="the Host header (the Site's hostname)")
    publishing.add_argument("--timeout", type=float, default=10.0)
    publishing.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    django.setup()
    if args.command == "publish-time":
        page = latest_conversation()
        page.conversation_title = page.title = f"kindness{secrets.token_hex(4)} {page.title}"
        started = time.perf_counter()
        page.save_revision().publish()
        print(f"{(time.perf_counter() - started) * 1000:.0f}")
    elif args.command == "addresses":
        page = latest_conversation()
        print(urlsplit(page.full_url).netloc, page.url)
    else:
        publish(args)


if __name__ == "__main__":
    main()
