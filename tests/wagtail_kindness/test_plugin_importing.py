"""Importing an archive into pages and snippets, and exporting it back (the commands)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Page, PageLogEntry, Revision

from kindness_core import jsonio
from kindness_core.archive import Archive
from kindness_core.series import Conversation, Person, Resource, ResourceKind, Series
from wagtail_kindness.importing import import_into_site, read_archive
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker
from wagtail_kindness.text import html_to_paragraphs, paragraphs_to_html

GABBY = "Gabby Matthews=Gabrielle Matthews"
LONDON = ZoneInfo("Europe/London")


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def database_state() -> tuple:
    """Everything an import writes, to compare before and after."""
    pages = list(
        Page.objects.order_by("path").values_list("pk", "path", "title", "live", "latest_revision")
    )
    return (
        pages,
        list(Speaker.objects.order_by("pk").values_list("pk", "name", "aliases", "job_title")),
        PageLogEntry.objects.count(),
    )


@pytest.fixture
def seeded(db, seed_path):
    output = run("kindness_import", str(seed_path), "--alias", GABBY)
    return ConversationSeriesPage.objects.get(), output


def test_seed_import_makes_19_live_pages_with_speakers_and_pending_resources(seeded):
    series, output = seeded
    assert "Conversations: 19 created, 0 updated, 0 unchanged" in output
    assert "no conversation for April 2023" in output  # the importer's warning is shown
    pages = list(series.conversations())
    assert len(pages) == 19
    assert all(page.live for page in ConversationPage.objects.child_of(series))
    assert series.title == "Conversations for Kindness"
    assert series.schedule_description == "Third Thursday of every month at 6:00pm UK time"
    assert "All are welcome" in series.joining

    october = series.conversations().get(date=dt.date(2022, 10, 20))
    assert october.title == "Gathering of Kindness"
    assert october.start == dt.datetime(2022, 10, 20, 18, 0, tzinfo=LONDON)
    assert [p.speaker.name for p in october.people.all()] == [
        "Cath Crock",
        "Sue Robins",
        "Nicki Macklin",
    ]
    # Summaries are rich text paragraphs; resources are pending, with no address or file.
    assert october.body[0].block_type == "paragraph"
    assert october.body[0].value.source.startswith("<p>Cath Crock, Sue Robins")
    kinds = [(c.block_type, c.value.is_pending) for c in october.resources]
    assert kinds == [("summary", True), ("recording", True)]
    assert all("pending" not in c["value"] for c in october.resources.raw_data)  # no flag
    assert all(c.value.to_core().url is None for c in october.resources)
    assert october.resources[0].value["document"] is None

    # Gabby and Gabrielle Matthews are one speaker, who keeps the alias.
    gabrielle = Speaker.objects.get(name="Gabrielle Matthews")
    assert not Speaker.objects.filter(name="Gabby Matthews").exists()
    assert gabrielle.alias_list == ["Gabby Matthews"]
    assert gabrielle.parts.count() == 2
    assert Speaker.find("Gabby Matthews") == gabrielle
    # Sue Robins spoke twice and is one snippet.
    assert Speaker.objects.get(name="Sue Robins").parts.count() == 2


def test_importing_twice_changes_nothing(seeded, seed_path):
    before = database_state()
    output = run("kindness_import", str(seed_path), "--alias", GABBY)
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output
    assert "Speakers: 0 created, 0 updated" in output
    assert "Series /conversations-for-kindness/: unchanged" in output
    assert database_state() == before


def test_the_alias_is_remembered_by_the_speaker(seeded, seed_path):
    # Once Gabrielle keeps the alias, an import without --alias matches her too.
    output = run("kindness_import", str(seed_path))
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output
    assert "look like the same person" in output  # the importer still reports the pair


def test_without_alias_the_duplicate_is_reported_and_two_speakers_made(db, seed_path):
    output = run("kindness_import", str(seed_path))
    assert "'Gabby Matthews'" in output
    assert "--alias 'Gabby Matthews=Gabrielle Matthews'" in output
    assert Speaker.objects.filter(name__endswith="Matthews").count() == 2


def test_an_editors_change_is_kept_and_reported_then_replaced_with_overwrite(seeded, seed_path):
    series, _ = seeded
    page = series.conversations().get(date=dt.date(2024, 2, 15))
    page.conversation_title = "Edited by hand"
    page.save_revision().publish()
    output = run("kindness_import", str(seed_path), "--alias", GABBY)
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output
    kept = "title changed in the CMS since the last import (kept); --overwrite replaces it"
    assert kept in output
    page.refresh_from_db()
    assert page.conversation_title == "Edited by hand"
    output = run("kindness_import", str(seed_path), "--alias", GABBY, "--overwrite")
    assert "Conversations: 0 created, 1 updated, 18 unchanged" in output
    page.refresh_from_db()
    assert page.title.startswith("Using ‘Clean Language’")


def test_export_import_export_gives_identical_json(seeded, tmp_path):
    first = tmp_path / "first.json"
    run("kindness_export", "-o", str(first))
    document = json.loads(first.read_text(encoding="utf-8"))
    assert len(document["conversations"]) == 19
    october = next(c for c in document["conversations"] if c["key"].endswith("/2022-10"))
    assert october["summary"].startswith("Cath Crock, Sue Robins and Nicki Macklin discuss")
    assert [r["pending"] for r in october["resources"]] == [True, True]
    assert document["series"]["description"].count("\n\n") == 2  # three paragraphs

    # An empty site: no series, no conversations, no speakers.
    ConversationSeriesPage.objects.get().delete()
    Speaker.objects.all().delete()
    assert not ConversationPage.objects.exists()

    output = run("kindness_import", str(first))
    assert "Conversations: 19 created" in output
    second = tmp_path / "second.json"
    run("kindness_export", "-o", str(second))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")

    # And importing the export over itself changes nothing.
    output = run("kindness_import", str(second))
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output


def test_export_to_standard_output(seeded):
    out = io.StringIO()
    call_command("kindness_export", "--series", "/conversations-for-kindness/", stdout=out)
    assert jsonio.loads(out.getvalue()).series.name == "Conversations for Kindness"


def test_dry_run_saves_nothing(db, seed_path):
    before = database_state()
    output = run("kindness_import", str(seed_path), "--dry-run", "--alias", GABBY)
    assert "Dry run, nothing saved: would have Series /conversations-for-kindness/: created" in (
        output
    )
    assert "Conversations: 19 created" in output
    assert database_state() == before


def test_import_into_a_given_path(home, seed_path):
    run("kindness_import", str(seed_path), "--series", "/conversations/")
    series = ConversationSeriesPage.objects.get()
    assert series.url_path.endswith("/conversations/")
    assert series.get_parent().pk == home.pk
    assert series.conversations().count() == 19


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "archive page text"),
        (b"\x00\x01\x02binary", "archive page text"),
        (b"Just an introduction, no headings.", "archive page text"),
        (b'{"version": 99}', "JSON document"),
        (b'{"version": 1, "series": 3}', "JSON document"),
        (b"{not json", "JSON document"),
    ],
)
def test_a_bad_file_is_a_one_line_error_and_writes_nothing(db, tmp_path, content, expected):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = database_state()
    with pytest.raises(CommandError) as error:
        run("kindness_import", str(bad))
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{bad}: not a readable {expected}")
    assert database_state() == before


def test_a_missing_file_and_a_bad_alias_are_one_line_errors(db, tmp_path):
    with pytest.raises(CommandError, match=r"^cannot read .*missing\.txt: no such file"):
        run("kindness_import", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="must be OLD=NEW"):
        run("kindness_import", str(tmp_path / "missing.txt"), "--alias", "Gabby")


def test_a_failure_half_way_rolls_everything_back(db, seed_path, tmp_path):
    # Two conversations in one month: the second fails after the series and the
    # first conversation were written; the transaction undoes them.
    found = read_archive(seed_path.read_bytes())
    document = json.loads(jsonio.dumps(found.archive))
    clash = dict(document["conversations"][-1])
    clash["key"] = clash["key"][:-2] + "99"  # another key, same month
    document["conversations"].append(clash)
    bad = tmp_path / "clash.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    before = database_state()
    with pytest.raises(CommandError, match="one conversation a month") as error:
        run("kindness_import", str(bad))
    assert "\n" not in str(error.value)
    assert database_state() == before


def test_the_command_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no headings here", encoding="utf-8")
    script = (
        "import django, sys; django.setup(); "
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'kindness_import', sys.argv[1]])"
    )
    env_root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script, str(bad)],
        cwd=env_root,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(env_root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("CommandError:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_summaries_are_escaped_and_read_back():
    text = "Fish & chips <script>alert(1)</script>\nsecond line\n\nA second paragraph."
    html = paragraphs_to_html(text)
    assert "<script>" not in html
    assert html == (
        "<p>Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt;<br/>second line</p>"
        "<p>A second paragraph.</p>"
    )
    assert html_to_paragraphs(html) == text


def test_resources_with_addresses_and_postponed_conversations(series):
    start = dt.datetime(2024, 3, 28, 18, 0, tzinfo=LONDON)
    core_series = series.to_core_series()
    archive = Archive(
        series=core_series,
        conversations=(
            Conversation(
                key=core_series.conversation_key(2024, 3),
                start=start,
                end=start + dt.timedelta(hours=1),
                title="Moved <a week>",
                status="postponed",
                previous_start=dt.datetime(2024, 3, 21, 18, 0, tzinfo=LONDON),
                summary="Kindness & <b>care</b>.",
                people=(Person(name="Hesham Abdalla", honorific="Dr"),),
                resources=(
                    Resource(
                        kind=ResourceKind.RECORDING,
                        title="Recording",
                        url="https://www.youtube.com/watch?v=abcdefghijk",
                    ),
                    Resource(
                        kind=ResourceKind.SUMMARY,
                        title="Insights and summary",
                        url="https://example.org/insights.pdf",
                    ),
                ),
                themes=("education", "leadership"),
            ),
        ),
    )
    report = import_into_site(archive, series=series)
    assert str(report.conversations) == "1 created, 0 updated, 0 unchanged"
    page = ConversationPage.objects.get()
    assert page.date == dt.date(2024, 3, 21)
    assert page.postponed_date == dt.date(2024, 3, 28)
    assert page.status == "postponed"
    assert page.body[0].value.source == "<p>Kindness &amp; &lt;b&gt;care&lt;/b&gt;.</p>"
    core = page.to_core(series=series)
    assert core.summary == "Kindness & <b>care</b>."
    assert core.previous_start == dt.datetime(2024, 3, 21, 18, 0, tzinfo=LONDON)
    assert core.resources[0].url == "https://www.youtube.com/watch?v=abcdefghijk"
    # A summary given only by its address stays a link to that address.
    assert core.resources[1].url == "https://example.org/insights.pdf"
    assert sorted(core.themes) == ["education", "leadership"]
    again = import_into_site(archive, series=series)
    assert str(again.conversations) == "0 created, 0 updated, 1 unchanged"


def test_an_existing_speaker_is_matched_by_alias_and_not_overwritten(series, speaker):
    core_series = Series(key="conversations", name="Conversations for Kindness")
    start = dt.datetime(2024, 2, 15, 18, 0, tzinfo=LONDON)
    archive = Archive(
        series=core_series,
        conversations=(
            Conversation(
                key="conversations/2024-02",
                start=start,
                people=(Person(name="Hesham", job_title="Something else"),),
            ),
        ),
    )
    report = import_into_site(archive, series=series)
    assert str(report.speakers) == "0 created, 0 updated, 1 unchanged"
    speaker.refresh_from_db()
    assert speaker.job_title == "Consultant"
    assert ConversationPage.objects.get().people.get().speaker == speaker


def test_an_existing_page_of_the_month_is_updated_not_duplicated(series):
    add_conversation(series, dt.date(2024, 2, 15), title="Draft title")
    core_series = series.to_core_series()
    start = dt.datetime(2024, 2, 15, 18, 0, tzinfo=LONDON)
    archive = Archive(
        series=core_series,
        conversations=(Conversation(key="elsewhere/2024-02", start=start, title="Clean Language"),),
    )
    report = import_into_site(archive, series=series)
    assert str(report.conversations) == "0 created, 0 updated, 1 unchanged"
    assert ConversationPage.objects.get().title == "Draft title"  # not written by an import
    assert [(c.field, c.recorded, c.kept) for c in report.conflicts] == [("title", False, True)]
    report = import_into_site(archive, series=series, overwrite=True)
    assert ConversationPage.objects.get().title == "Clean Language"
    assert ConversationPage.objects.count() == 1


# -- long imports: progress, and interruptions that leave nothing behind -------


def long_document(seed_path: Path, extra: int) -> dict:
    """The seed archive as the JSON document, with ``extra`` older months added.

    Each added month has its own new speaker; the seed's February 2024 is
    retitled, so importing it over the seed updates one page first.
    """
    found = read_archive(seed_path.read_bytes(), aliases={"Gabby Matthews": "Gabrielle Matthews"})
    document = json.loads(jsonio.dumps(found.archive))
    document["warnings"] = []
    newest = document["conversations"][0]
    assert newest["key"].endswith("/2024-02")
    newest["title"] = "Using Clean Language, retold"
    template = document["conversations"][-1]  # July 2022
    year, month = 2022, 6
    for n in range(extra):
        day = third_thursday(year, month)
        start = dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=LONDON)
        document["conversations"].append(
            {
                **template,
                "key": f"conversations-for-kindness/{year}-{month:02d}",
                "start": start.isoformat(),
                "end": (start + dt.timedelta(hours=1)).isoformat(),
                "title": f"Archive conversation {n + 1}",
                "people": [{**template["people"][0], "name": f"Guest Speaker {n + 1}"}],
            }
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return document


def full_state() -> tuple:
    """What an import could change, with the export of the series (if any)."""
    out = io.StringIO()
    if ConversationSeriesPage.objects.exists():
        call_command("kindness_export", stdout=out)
    return (
        database_state(),
        Revision.objects.count(),
        list(Speaker.objects.order_by("pk").values()),
        out.getvalue(),
    )


@pytest.fixture
def long_file(seed_path, tmp_path) -> Path:
    path = tmp_path / "long.json"
    path.write_text(json.dumps(long_document(seed_path, 41)), encoding="utf-8")  # 60 in all
    return path


def test_a_long_import_shows_its_progress(db, long_file):
    out, err = io.StringIO(), io.StringIO()
    call_command("kindness_import", str(long_file), stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "Conversations: 25 of 60 imported…",
        "Conversations: 50 of 60 imported…",
    ]
    assert "Conversations: 60 created, 0 updated, 0 unchanged" in out.getvalue()
    assert "Speakers: 71 created" in out.getvalue()  # 30 from the seed, 41 new
    # Quiet with --verbosity 0; the seed's 19 conversations are too few for a line.
    err = io.StringIO()
    call_command("kindness_import", str(long_file), verbosity=0, stdout=out, stderr=err)
    assert err.getvalue() == ""


def test_the_seed_import_prints_no_progress_line(db, seed_path):
    err = io.StringIO()
    call_command(
        "kindness_import", str(seed_path), "--alias", GABBY, stdout=io.StringIO(), stderr=err
    )
    assert "imported…" not in err.getvalue()


def refuse_inserts_from(count: int) -> None:
    """A database trigger: inserting a conversation page fails once ``count`` rows exist.

    The database itself refuses the write, part-way through the import, as a
    full disk or a lost connection would.
    """
    table = ConversationPage._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER kindness_refuse BEFORE INSERT ON {table} "
                f"WHEN (SELECT COUNT(*) FROM {table}) >= {count} "
                "BEGIN SELECT RAISE(ABORT, 'no space left for this row'); END"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION kindness_refuse() RETURNS trigger AS $$ BEGIN "
                f"IF (SELECT COUNT(*) FROM {table}) >= {count} THEN "
                "RAISE EXCEPTION 'no space left for this row'; END IF; RETURN NEW; END "
                "$$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER kindness_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION kindness_refuse()"
            )
        else:
            pytest.skip(f"no refusing trigger written for {connection.vendor}")


def drop_refusal() -> None:
    table = ConversationPage._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER kindness_refuse ON {table}")
        else:
            cursor.execute("DROP TRIGGER kindness_refuse")


def test_a_write_refused_part_way_leaves_the_site_exactly_as_it_was(seeded, long_file):
    before = full_state()
    assert before[3]  # the export of the 19 seed conversations
    refuse_inserts_from(19 + 9)  # the 10th new conversation fails, after 9 and an update
    with pytest.raises(CommandError) as error:
        run("kindness_import", str(long_file))
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("the database refused the import (no space left for this row")
    assert message.endswith("nothing was saved")
    assert full_state() == before

    # The same file goes in whole once the database accepts it.
    drop_refusal()
    output = run("kindness_import", str(long_file))
    assert "Conversations: 41 created, 1 updated, 18 unchanged" in output


def test_an_interrupt_part_way_rolls_everything_back(seeded, long_file):
    series, _ = seeded
    before = full_state()
    seen = []

    def interrupt(done: int, total: int) -> None:
        seen.append(done)
        if done == 30:  # past the update and the first eleven new pages
            raise KeyboardInterrupt

    found = read_archive(long_file.read_bytes())
    with pytest.raises(KeyboardInterrupt):
        import_into_site(found.archive, series=series, progress=interrupt)
    assert seen == list(range(1, 31))
    assert full_state() == before


class CtrlCOnProgress(io.StringIO):
    """Standard error of a terminal where Ctrl-C is pressed at the first progress line."""

    def write(self, text: str) -> int:
        if "imported…" in text:
            raise KeyboardInterrupt
        return super().write(text)


def test_ctrl_c_during_the_command_saves_nothing(seeded, long_file):
    before = full_state()
    with pytest.raises(CommandError, match=r"^interrupted: nothing was saved$") as error:
        call_command(
            "kindness_import", str(long_file), stdout=io.StringIO(), stderr=CtrlCOnProgress()
        )
    assert error.value.returncode == 130
    assert full_state() == before


def test_series_by_page_id_and_by_the_address_of_another_site(series, other_series, seed_path):
    run("kindness_import", str(seed_path), "--series", str(other_series.pk))
    assert other_series.conversations().count() == 19
    assert series.conversations().count() == 0
    out = run("kindness_import", str(seed_path), "--series", "http://other.example/conversations/")
    assert "Series http://other.example/conversations/: unchanged" in out
    assert "19 unchanged" in out
    exported = io.StringIO()
    call_command("kindness_export", "--series", str(other_series.pk), stdout=exported)
    assert len(json.loads(exported.getvalue())["conversations"]) == 19
    exported = io.StringIO()
    call_command("kindness_export", "--series", "/conversations/", stdout=exported)
    assert json.loads(exported.getvalue())["conversations"] == []  # the default site's


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("999999", r"^--series 999999: no page has the id 999999$"),
        ("HOME", r"^--series \d+ is a page, not a conversation series"),
    ],
)
def test_a_bad_page_id_is_one_line_exit_2_and_writes_nothing(
    home, series, seed_path, value, message
):
    value = str(home.pk) if value == "HOME" else value
    before = database_state()
    for args in (("kindness_import", str(seed_path)), ("kindness_export",)):
        with pytest.raises(CommandError, match=message) as error:
            run(*args, "--series", value)
        assert error.value.returncode == 2
    with pytest.raises(CommandError, match=r"^--locale fr: no such locale on this site"):
        run("kindness_export", "--locale", "fr")
    assert database_state() == before
