"""``make bench``: median times and query counts of the plugin's pages, and of the core.

Run as ``python -m benchmarks.run [--sizes 20,200,2000,10000] [--repeat 15]``
from the repository root.  It fills a throwaway database (a SQLite file in a
temporary directory; with ``DATABASE_URL``, a ``test_<NAME>`` database next to
the one named, dropped at the end) with N conversations (about N/3 speakers,
two people, two resources and two themes each, one a month, newest two months
ago) and, for each N, requests every route in-process with Django's test
``Client``: the median of ``--repeat`` timed requests after two warm-up ones,
and the queries of one more.  The archive, year, speaker and theme routes and
the calendar are also measured "cold" (every cache cleared before each
request; ``--cold-max N``: not above N); six routes "after a publication" (a
conversation they show republished, untimed, before each timed request) and
three with ``If-None-Match`` (``benchmarks/changes.py``).  The same run
measures the floors (a bare Wagtail page, a static file through WhiteNoise),
the alternative (an archive written the way Wagtail tutorials do), the core
alone, the joining emails (``benchmarks/mail.py``) and ``kindness_import``
(``benchmarks/import_bench.py``, in another process); ``--parts`` chooses.

It prints one table and writes it as JSON to ``benchmarks/results/latest.json``
(``latest-postgres.json`` on PostgreSQL; ``--out``).  ``--databases
sqlite,postgres`` runs one pass on each, one after the other, each in its own
process: the PostgreSQL one in a throwaway cluster (``.ci/postgres run --``)
unless ``DATABASE_URL`` already names one.  Times are wall-clock and noisy on
a shared machine: compare the ratios within one run, never numbers across
machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.changes import drain, measure_changes
from benchmarks.mail import measure_mail
from benchmarks.passes import current_database, measure_import, out_path, run_passes
from benchmarks.report import ratios, table, targets
from example_site.demo import ARCHIVE

ROOT = Path(__file__).resolve().parent.parent


def _setup(tmp: Path):
    """Django set up on a fresh database; returns the function that drops it."""
    os.environ["KINDNESS_BENCH_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":  # a file in ``tmp``, deleted with it
        call_command("migrate", verbosity=0)
        return lambda: None
    # Another database (DATABASE_URL): a test_<NAME> database next to the one
    # named, created, migrated and dropped as Django's test runner does.
    named = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(named, verbosity=0)


# -- data ---------------------------------------------------------------------


class Data:
    """The site: a series page, a bare page and the conversations added so far."""

    def __init__(self) -> None:
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model
        from wagtail.models import Site

        from benchmarks.bench_app.models import BarePage
        from wagtail_kindness.models import ConversationSeriesPage, Theme

        home = Site.objects.get(is_default_site=True).root_page
        self.series = ConversationSeriesPage(
            title="Conversations for Kindness",
            slug="conversations",
            intro="<p>Every month community members come together.</p>",
            joining="<p>All are welcome.</p>",
            contact="<p>Contact us to join.</p>",
            join_url="https://example.org/join",
            schedule_timezone="Europe/London",
        )
        home.add_child(instance=self.series)
        self.series.save_revision().publish()
        self.bare = BarePage(title="A bare page", slug="bare")
        home.add_child(instance=self.bare)
        self.bare.save_revision().publish()
        content = b"%PDF-1.4 kindness" * 64
        self.document = get_document_model().objects.create(
            title="Insights", file=ContentFile(content, name="insights.pdf"), file_size=len(content)
        )
        self.tags = [Theme.objects.create(name=f"theme {n}", slug=f"theme-{n}") for n in range(12)]
        self.speakers: list = []
        self.count = 0
        self.last_day = dt.date.today() - dt.timedelta(days=60)

    def grow_to(self, total: int) -> float:
        """Add conversations until there are ``total``; returns the seconds it took."""
        from django.db import transaction
        from django.db.models import F
        from wagtail.models import Page

        from wagtail_kindness.models import ConversationPage, Speaker

        began = time.perf_counter()
        with transaction.atomic():
            wanted_speakers = max(2, total // 3)
            new = [
                Speaker(name=f"Speaker {n}", slug=f"speaker-{n}", organisation="Kindness Trust")
                for n in range(len(self.speakers), wanted_speakers)
            ]
            self.speakers += Speaker.objects.bulk_create(new)
            self._add_pages(range(self.count, total))
            added = total - self.count
            Page.objects.filter(pk=self.series.pk).update(numchild=F("numchild") + added)
            self.series.refresh_from_db()
            self.count = total
        assert ConversationPage.objects.child_of(self.series).count() == total
        return time.perf_counter() - began

    def _day(self, n: int, total: int) -> dt.date:
        """The third Thursday of the n-th month before the last: one a month.

        The core allows one conversation a month per series (its keys are
        ``series/YYYY-MM``) in the years 1900 to 2999 (as the admin does), so
        once the months back to January 1900 are taken the next ones go on
        after the last month: 10,000 conversations span 1900 to the 2700s.
        """
        last = self.last_day.year * 12 + self.last_day.month - 1
        back = last - 1900 * 12  # months from January 1900 to the last one
        months = last - n if n <= back else last + (n - back)
        first = dt.date(months // 12, months % 12 + 1, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)

    def _add_pages(self, numbers: range, batch: int = 500) -> None:
        # Page rows in bulk (treebeard paths computed here), then the
        # ConversationPage rows with Django's own multi-row INSERT: Django
        # cannot bulk_create a multi-table-inherited model in one call.
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Page

        from wagtail_kindness.models import ConversationPage, ConversationPerson, ConversationTheme

        series = self.series
        content_type = ContentType.objects.get_for_model(ConversationPage)
        now = dt.datetime.now(dt.UTC)
        numbers = list(numbers)
        for at in range(0, len(numbers), batch):
            chunk = numbers[at : at + batch]
            pages, rows = [], []
            for n in chunk:
                day = self._day(n, len(numbers))
                slug = f"{day:%Y-%m-%d}-{n}"
                base = Page(
                    title=f"Conversation {n}",
                    draft_title=f"Conversation {n}",
                    slug=slug,
                    path=Page._get_path(series.path, series.depth + 1, n + 1),
                    depth=series.depth + 1,
                    numchild=0,
                    url_path=f"{series.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=series.locale_id,
                    translation_key=uuid.uuid4(),
                )
                pages.append(base)
            Page.objects.bulk_create(pages)
            for n, base in zip(chunk, pages, strict=True):
                day = self._day(n, len(numbers))
                row = ConversationPage(
                    page_ptr_id=base.pk,
                    conversation_title=f"Conversation {n}",
                    date=day,
                    status="held",
                    standfirst=f"What we learnt at conversation {n}.",
                    resources=[
                        ("summary", {"title": "", "document": self.document, "pending": False}),
                        ("recording", {"title": "", "url": f"https://vimeo.com/{n + 1}"}),
                    ],
                )
                row._kindness_series = series
                row.start = row.effective_start(series)
                rows.append(row)
            fields = ConversationPage._meta.local_concrete_fields
            ConversationPage._base_manager._insert(rows, fields=fields, using="default")
            speakers = self.speakers
            ConversationPerson.objects.bulk_create(
                person
                for n, base in zip(chunk, pages, strict=True)
                for person in (
                    ConversationPerson(
                        page_id=base.pk,
                        speaker=speakers[n % len(speakers)],
                        role="speaker",
                        sort_order=0,
                    ),
                    ConversationPerson(
                        page_id=base.pk,
                        speaker=speakers[(n * 7 + 1) % len(speakers)],
                        role="host",
                        sort_order=1,
                    ),
                )
            )
            ConversationTheme.objects.bulk_create(
                ConversationTheme(content_object_id=base.pk, tag=self.tags[(n + k) % 12])
                for n, base in zip(chunk, pages, strict=True)
                for k in (0, 5)
            )

    def middle(self):
        """The conversation in the middle of the tree (the one the conversation rows use)."""
        from wagtail_kindness.models import ConversationPage

        return ConversationPage.objects.child_of(self.series).order_by("path")[self.count // 2]

    def urls(self) -> dict[str, str]:
        series = self.series
        middle = self.middle()
        year = self.last_day.year - 1  # the 12 months before the newest year: at every N
        speaker = middle.people.first().speaker
        return {
            "archive (first page)": series.url,
            "one year": f"{series.url}{year}/",
            "one speaker": f"{series.url}speakers/{speaker.slug}/",
            "one theme": f"{series.url}themes/theme-3/",
            "conversation page": middle.url,
            "calendar.ics": f"{series.url}calendar.ics",
            "RSS feed": f"{series.url}feed/",
            "API listing": (
                f"/api/v2/pages/?type=wagtail_kindness.ConversationPage&child_of={series.pk}"
            ),
            "bare Wagtail page (floor)": self.bare.url,
            "static file via WhiteNoise (floor)": "/static/wagtail_kindness/css/kindness.css",
            "naive tutorial archive": f"/naive/{series.pk}/",
        }


# -- measuring ----------------------------------------------------------------


def _measure(
    client, url: str, repeat: int, headers: dict | None = None, *, cold: bool = False
) -> dict:
    """Median time and queries of ``url``; ``cold``: the cache cleared before each request."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def clear() -> None:
        for cache in caches.all(initialized_only=True) if cold else ():
            cache.clear()

    headers = headers or {}
    try:
        clear()
        first = client.get(url, headers=headers)
    except Exception as error:  # reported in the table, the run goes on
        return {"available": False, "status": f"error: {type(error).__name__}"}
    if first.status_code not in (200, 304):
        return {"status": first.status_code, "available": False}
    drain(first)
    if not cold:  # a cold request does the same work every time: one warm-up is enough
        drain(client.get(url, headers=headers))
    clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
        drain(response)
    queries = len(captured.captured_queries)  # now: the log is reset by the next request
    times = []
    for _ in range(repeat):
        clear()  # not timed
        began = time.perf_counter()
        drain(client.get(url, headers=headers))
        times.append(time.perf_counter() - began)
    return {
        "available": True,
        "status": response.status_code,
        "median_ms": round(statistics.median(times) * 1000, 3),
        "queries": queries,
        "bytes": len(drain(response)),
        "repeat": repeat,
    }


#: Routes also measured "cold": every cache cleared before each request.
COLD = ("archive (first page)", "one year", "one speaker", "one theme", "calendar.ics")


def measure_site(data: Data, repeat: int, naive_max: int, cold_max: int | None = None) -> dict:
    """Every row at the current N; ``cold_max``: no cold rows above that N."""
    from django.test import Client

    client = Client()
    found = {}
    urls = data.urls()
    for name, url in urls.items():
        if name == "naive tutorial archive" and data.count > naive_max:
            found[name] = {"available": False, "status": f"skipped above N={naive_max}"}
            continue
        times = max(3, repeat // 5) if name == "naive tutorial archive" else repeat
        found[name] = _measure(client, url, times)
        if name in COLD:
            cold = f"{name}, cold cache"
            if cold_max is not None and data.count > cold_max:
                found[cold] = {"available": False, "status": f"skipped above N={cold_max}"}
            else:
                found[cold] = _measure(client, url, max(3, repeat // 3), cold=True)
    found.update(measure_changes(client, data, urls, repeat, max(3, repeat // 3), _measure))
    # Each route's rows together: warm, cold, after a publication, conditional.
    order = {name: at for at, name in enumerate(urls)}
    return dict(sorted(found.items(), key=lambda item: order.get(item[0].split(", ")[0], 0)))


def measure_core(repeat: int) -> dict:
    import random

    from kindness_core.importing.importer import import_archive
    from kindness_core.schedule.recurrence import Schedule

    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London")
    start = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)

    def timed(func, times: int) -> float:
        found = []
        for _ in range(times):
            began = time.perf_counter()
            func()
            found.append(time.perf_counter() - began)
        return statistics.median(found) * 1000

    expanded = len(schedule.between(start, end))
    rng = random.Random(7)  # noqa: S311 - reproducible dates, not secrets
    moments = [start + dt.timedelta(seconds=rng.randrange(100 * 365 * 86400)) for _ in range(1000)]
    # The repository's copy of the seed archive, and nothing else: no fallback.
    text = ARCHIVE.read_text(encoding="utf-8")
    result = import_archive(text)
    return {
        "expand 100 years of a monthly rule": {
            "median_ms": round(timed(lambda: schedule.between(start, end), repeat), 3),
            "occurrences": expanded,
        },
        "next() from any date (1,000 dates)": {
            "median_ms": (
                batch := round(
                    timed(lambda: [schedule.next(after=m) for m in moments], max(3, repeat // 3)),
                    3,
                )
            ),
            "per_call_us": round(batch, 1),  # ms for 1,000 calls = µs per call
        },
        "import the seed archive text x100": {
            "median_ms": round(
                timed(lambda: [import_archive(text) for _ in range(100)], max(3, repeat // 5)), 3
            ),
            "conversations": len(result.archive.conversations),
            "seed": ARCHIVE.relative_to(ROOT).as_posix(),
        },
    }


def database() -> str:
    """The database measured: engine and server version."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


def machine() -> dict:
    import django
    import wagtail

    def _version(name: str) -> str | None:
        try:
            from importlib.metadata import version

            return version(name)
        except Exception:
            return None

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "whitenoise": _version("whitenoise"),
        "database": database(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip(),
    }


def run_here(args, out: Path) -> int:
    """Every N on the database of this process (``DATABASE_URL``, else SQLite)."""
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="kindness-bench-"))
    teardown = None
    try:
        teardown = _setup(tmp)
        results: dict = {"machine": machine(), "sizes": sizes, "site": {}, "fill_seconds": {}}
        print(f"database: {results['machine']['database']}", file=sys.stderr)
        data = Data()
        for n in sizes:
            results["fill_seconds"][n] = data.grow_to(n)
            print(f"N={n:,}: filled in {results['fill_seconds'][n]:.1f} s", file=sys.stderr)
            began = time.perf_counter()
            results["site"][str(n)] = measure_site(data, args.repeat, args.naive_max, args.cold_max)
            print(f"N={n:,}: measured in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        parts = set(args.parts.split(","))
        results["core"] = measure_core(args.repeat) if "core" in parts else {}
        results["mail"] = measure_mail() if "mail" in parts else {}
        results["import"] = measure_import(args.import_sizes) if "import" in parts else {}
        results["ratios"] = ratios(results, sizes)
        results["targets"] = targets(results, sizes)
    finally:
        if teardown is not None:
            teardown()
        shutil.rmtree(tmp, ignore_errors=True)
    text = table(results, sizes)
    print(f"## {results['machine']['database']}\n")
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".json.tmp")
    partial.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    partial.replace(out)
    print(f"\nwritten: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200,2000,10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--naive-max", type=int, default=2000)
    parser.add_argument(
        "--cold-max", type=int, default=None, help="no cold-cache rows above this N (default: all)"
    )
    parser.add_argument(
        "--import-sizes",
        default="1000",
        help="N of benchmarks/import_bench.py, run after the pages ('none': skip it)",
    )
    parser.add_argument(
        "--parts",
        default="site,core,mail,import",
        help="what to measure besides the pages: core, mail (2,000 emails: minutes), import",
    )
    parser.add_argument(
        "--databases",
        default=None,
        help="sqlite,postgres: one pass on each, one after the other (postgres in a throwaway "
        "cluster of .ci/postgres unless DATABASE_URL names one); default: DATABASE_URL or SQLite",
    )
    parser.add_argument(
        "--out",
        default=None,
        help="the JSON (default: benchmarks/results/latest.json, latest-postgres.json)",
    )
    args = parser.parse_args(argv)
    current = current_database()
    wanted = args.databases.split(",") if args.databases else [current]
    if unknown := [name for name in wanted if name not in ("sqlite", "postgres", current)]:
        parser.error(f"--databases: unknown {', '.join(unknown)} (sqlite, postgres)")
    outs = {name: out_path(args.out, name, first=name == wanted[0]) for name in wanted}
    if wanted == [current]:
        return run_here(args, outs[current])
    return run_passes(args, wanted, outs)


if __name__ == "__main__":
    raise SystemExit(main())
