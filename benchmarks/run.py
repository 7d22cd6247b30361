"""``make bench``: median times and query counts of the plugin's pages, and of the core.

Run as ``python -m benchmarks.run [--sizes 20,200,2000,10000] [--repeat 15]``
from the repository root.  It fills a throwaway SQLite database in a
temporary directory with N conversations (about N/3 speakers, two people,
two resources and two themes each, one a month, newest two months ago) and,
for each N, requests every route in-process with Django's test ``Client``:
the median of ``--repeat`` timed requests after two warm-up ones, and the
queries of one more.  The archive (and the calendar up to N=2,000) is also
measured "cold": every cache cleared before each request.  The same run
measures the floors (a bare Wagtail page, a static file through WhiteNoise),
the alternative (an archive written the way Wagtail tutorials do) and the
core alone.

It prints one table and writes it as JSON to ``benchmarks/results/latest.json``
(``--out``).  Times are wall-clock and noisy on a shared machine: compare the
ratios within one run, never numbers across machines.
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

from benchmarks.mail import measure_mail
from benchmarks.report import ratios, table
from example_site.demo import ARCHIVE

ROOT = Path(__file__).resolve().parent.parent


def _setup(tmp: Path) -> None:
    os.environ["KINDNESS_BENCH_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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

    def urls(self) -> dict[str, str]:
        from wagtail_kindness.models import ConversationPage

        series = self.series
        middle = ConversationPage.objects.child_of(series).order_by("path")[self.count // 2]
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
    _drain(first)
    clear()
    _drain(client.get(url, headers=headers))
    clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
        _drain(response)
    queries = len(captured.captured_queries)  # now: the log is reset by the next request
    times = []
    for _ in range(repeat):
        clear()  # not timed
        began = time.perf_counter()
        _drain(client.get(url, headers=headers))
        times.append(time.perf_counter() - began)
    return {
        "available": True,
        "status": response.status_code,
        "median_ms": round(statistics.median(times) * 1000, 3),
        "queries": queries,
        "bytes": len(_drain(response)),
        "repeat": repeat,
    }


def _drain(response) -> bytes:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


#: Routes also measured with the cache cleared before each request (and up to which N).
COLD = {"archive (first page)": None, "calendar.ics": 2000}


def measure_site(data: Data, repeat: int, naive_max: int) -> dict:
    from django.test import Client

    client = Client()
    found = {}
    for name, url in data.urls().items():
        if name == "naive tutorial archive" and data.count > naive_max:
            found[name] = {"available": False, "status": f"skipped above N={naive_max}"}
            continue
        times = max(3, repeat // 5) if name == "naive tutorial archive" else repeat
        found[name] = _measure(client, url, times)
        if name in COLD:
            cold, up_to = f"{name}, cold cache", COLD[name]
            if up_to is not None and data.count > up_to:
                found[cold] = {"available": False, "status": f"skipped above N={up_to}"}
            else:
                found[cold] = _measure(client, url, max(3, repeat // 3), cold=True)
        if name == "calendar.ics" and found[name].get("available"):
            etag = client.get(url).headers.get("ETag")
            if etag:
                found["calendar.ics, conditional GET (304)"] = _measure(
                    client, url, repeat, {"If-None-Match": etag}
                )
    return found


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200,2000,10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--naive-max", type=int, default=2000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))

    tmp = Path(tempfile.mkdtemp(prefix="kindness-bench-"))
    try:
        _setup(tmp)
        results: dict = {"machine": machine(), "sizes": sizes, "site": {}, "fill_seconds": {}}
        data = Data()
        for n in sizes:
            results["fill_seconds"][n] = data.grow_to(n)
            print(f"N={n:,}: filled in {results['fill_seconds'][n]:.1f} s", file=sys.stderr)
            results["site"][str(n)] = measure_site(data, args.repeat, args.naive_max)
        results["core"] = measure_core(args.repeat)
        results["mail"] = measure_mail()
        results["ratios"] = ratios(results, sizes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = table(results, sizes)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".json.tmp")
    partial.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    partial.replace(out)
    print(f"\nwritten: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
