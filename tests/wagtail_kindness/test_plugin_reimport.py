"""Re-importing respects editors' work (issue 17 §6), and the audio resource block.

An import records what it wrote to each page (``ImportRecord``); a re-import
updates a field only while the page still holds what the import wrote.  A
field an editor changed in the CMS (a revision published as the admin does)
is kept and reported as a conflict, unless ``--overwrite``; ``--dry-run``
shows the conflicts and saves nothing.  Real database, real pages, the real
command.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Page, Revision

from example_site.demo_server import manage, prepare_database
from kindness_core.archive import Archive
from kindness_core.series import Conversation, Resource, ResourceKind
from wagtail_kindness.blocks import AudioBlock
from wagtail_kindness.importing import import_into_site, read_archive, site_path
from wagtail_kindness.models import (
    ConversationPage,
    ConversationPerson,
    ConversationSeriesPage,
    ImportRecord,
    Speaker,
)

GABBY = "Gabby Matthews=Gabrielle Matthews"
#: A conversation of the seed: 15 February 2024, "Using ‘Clean Language’ …".
FEBRUARY = dt.date(2024, 2, 15)


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def reimport(seed_path: Path, *options: str) -> str:
    return run("kindness_import", str(seed_path), "--alias", GABBY, *options)


@pytest.fixture
def seeded(db, seed_path) -> ConversationSeriesPage:
    output = reimport(seed_path)
    assert "Conversations: 19 created" in output
    return ConversationSeriesPage.objects.get()


def conversation(day: dt.date = FEBRUARY) -> ConversationPage:
    return ConversationPage.objects.get(date=day)


def edit_as_an_editor(change: Callable[[ConversationPage], None], day=FEBRUARY) -> None:
    """Change the page and publish a revision of it, as the admin's "Publish" does."""
    page = conversation(day)
    change(page)
    page.save_revision().publish()


def _stream(page, name) -> list:
    return [(item["type"], item["value"]) for item in getattr(page, name).raw_data]


def _add_recording(page):
    raw = list(page.resources.raw_data)
    raw.append(
        {
            "type": "recording",
            "value": {"title": "Video", "url": "https://www.youtube.com/watch?v=abcdefghijk"},
        }
    )
    page.resources = json.dumps([{"type": i["type"], "value": i["value"]} for i in raw])


def _drop_a_person(page):
    page.people = list(page.people.all())[:-1]


#: An editor's change in the CMS, per field the import manages: (field, change, read).
EDITS = [
    ("themes", lambda p: p.themes.add("added by an editor"), lambda p: sorted(p.themes.names())),
    (
        "title",
        lambda p: setattr(p, "conversation_title", "Retitled by an editor"),
        lambda p: p.conversation_title,
    ),
    (
        "standfirst",
        lambda p: setattr(p, "standfirst", "A standfirst the editor wrote."),
        lambda p: p.standfirst,
    ),
    (
        "body",
        lambda p: setattr(
            p, "body", json.dumps([{"type": "paragraph", "value": "<p>Rewritten.</p>"}])
        ),
        lambda p: _stream(p, "body"),
    ),
    ("resources", _add_recording, lambda p: _stream(p, "resources")),
    (
        "people",
        _drop_a_person,
        lambda p: [(x.speaker.name, x.role) for x in p.people.all()],
    ),
    ("time", lambda p: setattr(p, "time", dt.time(19, 30)), lambda p: p.time),
    ("status", lambda p: setattr(p, "status", "cancelled"), lambda p: p.status),
]
EDIT_IDS = [field for field, _change, _read in EDITS]


def conflict_line(page: Page, field: str, *, kept: bool = True, recorded: bool = True) -> str:
    why = (
        f"{field} changed in the CMS since the last import"
        if recorded
        else f"{field} differs from the archive and was not written by an import"
    )
    end = "(kept); --overwrite replaces it" if kept else "(replaced: --overwrite)"
    return f"{site_path(page)}: {why} {end}"


# -- the record -------------------------------------------------------------------------


def test_an_import_records_what_it_wrote_to_each_page(seeded):
    pages = [seeded, *ConversationPage.objects.all()]
    assert ImportRecord.objects.count() == len(pages) == 20
    record = conversation().kindness_import_record
    assert record.written["title"] == conversation().conversation_title
    assert record.written["date"] == "2024-02-15"
    assert [row[1] for row in record.written["people"]] == [
        p.role for p in conversation().people.all()
    ]
    assert sorted(seeded.kindness_import_record.written) == sorted(
        ["title", "intro", "joining", "contact", "join_url", "schedule"]
    )


def test_the_record_is_in_no_revision_and_no_copy(seeded):
    page = conversation()
    assert "kindness_import_record" not in json.dumps(page.latest_revision.content)
    copy = page.copy(to=seeded, update_attrs={"date": dt.date(2030, 1, 17), "slug": "copied"})
    assert copy.pk != page.pk
    assert not ImportRecord.objects.filter(page=copy).exists()
    assert ImportRecord.objects.filter(page=page).exists()
    # A copy of the whole series: no copied page carries a record.
    home = seeded.get_parent()
    series_copy = seeded.copy(
        recursive=True, to=home, update_attrs={"slug": "copied-series", "title": "Copy"}
    )
    copied = Page.objects.descendant_of(series_copy, inclusive=True)
    assert copied.count() == 21  # the series, its 19 pages and the copy made above
    assert not ImportRecord.objects.filter(page__in=copied).exists()
    # Deleting a page deletes its record.
    page.delete()
    assert not ImportRecord.objects.filter(page_id=page.pk).exists()


# -- an editor's change is kept and reported ----------------------------------------------


def test_the_issues_case_a_theme_an_editor_added_is_kept_and_reported(seeded, seed_path):
    edit_as_an_editor(lambda p: p.themes.add("compassion"))
    output = reimport(seed_path)
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output  # not "1 updated"
    assert "compassion" in conversation().themes.names()
    assert conflict_line(conversation(), "themes") in output
    assert "Conflicts: 1 field changed in the CMS kept" in output


@pytest.mark.parametrize(("field", "change", "read"), EDITS, ids=EDIT_IDS)
def test_each_field_an_editor_changed_is_kept_then_replaced_with_overwrite(
    seeded, seed_path, field, change, read
):
    imported = read(conversation())
    edit_as_an_editor(change)
    edited = read(conversation())
    assert edited != imported

    output = reimport(seed_path)
    assert read(conversation()) == edited
    assert conflict_line(conversation(), field) in output
    assert output.count("changed in the CMS since the last import") == 1  # only that field
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output

    output = reimport(seed_path, "--overwrite")
    assert read(conversation()) == imported
    assert conflict_line(conversation(), field, kept=False) in output
    assert "Conversations: 0 created, 1 updated, 18 unchanged" in output

    # Replaced, it is the import's again: the next import has nothing to say.
    output = reimport(seed_path)
    assert "Conflicts" not in output
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output


def test_a_conflict_is_reported_at_every_import_until_resolved(seeded, seed_path):
    edit_as_an_editor(lambda p: setattr(p, "conversation_title", "Mine"))
    for _ in range(2):
        assert conflict_line(conversation(), "title") in reimport(seed_path)
    # The editor puts back the imported title: the conflict is gone.
    title = conversation().kindness_import_record.written["title"]
    edit_as_an_editor(lambda p: setattr(p, "conversation_title", title))
    assert "Conflicts" not in reimport(seed_path)


def test_dry_run_prints_the_conflicts_and_saves_nothing(seeded, seed_path):
    edit_as_an_editor(lambda p: p.themes.add("compassion"))
    edit_as_an_editor(lambda p: setattr(p, "standfirst", "Mine."), day=dt.date(2022, 10, 20))
    revisions = Revision.objects.count()
    records = list(ImportRecord.objects.order_by("pk").values_list("written", "imported_at"))
    for options in [("--dry-run",), ("--dry-run", "--overwrite")]:
        output = reimport(seed_path, *options)
        assert output.startswith("Series: ")  # the line report comes first
        assert "Dry run, nothing saved" in output
        kept = "--overwrite" not in options
        assert conflict_line(conversation(), "themes", kept=kept) in output
        assert conflict_line(conversation(dt.date(2022, 10, 20)), "standfirst", kept=kept) in output
        assert Revision.objects.count() == revisions
        assert "compassion" in conversation().themes.names()
        assert (
            list(ImportRecord.objects.order_by("pk").values_list("written", "imported_at"))
            == records
        )


def test_a_field_the_editor_did_not_touch_still_updates(seeded, seed_path):
    edit_as_an_editor(lambda p: p.themes.add("compassion"))
    found = read_archive(seed_path.read_bytes(), aliases={"Gabby Matthews": "Gabrielle Matthews"})
    renamed = tuple(
        dataclasses.replace(c, title="A corrected title", summary="A corrected summary.")
        if c.start.date() == FEBRUARY
        else c
        for c in found.archive.conversations
    )
    archive = Archive(series=found.archive.series, conversations=renamed)
    report = import_into_site(archive, series=seeded)
    assert str(report.conversations) == "0 created, 1 updated, 18 unchanged"
    page = conversation()
    assert page.conversation_title == "A corrected title"
    assert page.body[0].value.source == "<p>A corrected summary.</p>"
    assert "compassion" in page.themes.names()
    assert [(c.field, c.kept) for c in report.conflicts] == [("themes", True)]
    # The record follows what was written: the title is the import's again.
    assert page.kindness_import_record.written["title"] == "A corrected title"


def test_an_archive_change_to_a_field_the_editor_changed_is_a_conflict(seeded, seed_path):
    edit_as_an_editor(lambda p: setattr(p, "conversation_title", "The editor's"))
    found = read_archive(seed_path.read_bytes(), aliases={"Gabby Matthews": "Gabrielle Matthews"})
    archive = Archive(
        series=found.archive.series,
        conversations=tuple(
            dataclasses.replace(c, title="The archive's new title")
            if c.start.date() == FEBRUARY
            else c
            for c in found.archive.conversations
        ),
    )
    report = import_into_site(archive, series=seeded)
    assert conversation().conversation_title == "The editor's"
    assert [(c.field, c.recorded, c.kept) for c in report.conflicts] == [("title", True, True)]
    report = import_into_site(archive, series=seeded, overwrite=True)
    assert conversation().conversation_title == "The archive's new title"


def _retitled(seed_path: Path, title: str) -> Archive:
    found = read_archive(seed_path.read_bytes(), aliases={"Gabby Matthews": "Gabrielle Matthews"})
    return Archive(
        series=found.archive.series,
        conversations=tuple(
            dataclasses.replace(c, title=title) if c.start.date() == FEBRUARY else c
            for c in found.archive.conversations
        ),
    )


@pytest.mark.parametrize("what", ["conversation", "series"])
def test_a_draft_an_editor_has_not_published_is_never_published_over(seeded, seed_path, what):
    page = conversation() if what == "conversation" else seeded
    field = "conversation_title" if what == "conversation" else "intro"
    setattr(page, field, "<p>A draft in progress</p>" if what == "series" else "Work in progress")
    draft = page.save_revision()  # saved, not published: a draft
    archive = _retitled(seed_path, "The archive's new title")
    if what == "series":
        archive = Archive(
            series=dataclasses.replace(archive.series, description="A new introduction."),
            conversations=archive.conversations,
        )
    report = import_into_site(archive, series=ConversationSeriesPage.objects.get())
    page = Page.objects.get(pk=page.pk).specific
    assert page.latest_revision_id == draft.pk  # the draft is still the latest revision
    assert page.has_unpublished_changes
    drafts = [c for c in report.conflicts if c.draft]
    assert [(c.path, c.kept) for c in drafts] == [(site_path(page), True)]
    assert "has a draft an editor has not published" in str(drafts[0])
    assert "--overwrite publishes over it" in str(drafts[0])
    report = import_into_site(archive, series=ConversationSeriesPage.objects.get(), overwrite=True)
    page = Page.objects.get(pk=page.pk).specific
    assert not page.has_unpublished_changes
    assert [c.kept for c in report.conflicts if c.draft] == [False]


def test_an_editor_who_makes_the_archives_change_has_no_conflict(seeded, seed_path):
    found = read_archive(seed_path.read_bytes(), aliases={"Gabby Matthews": "Gabrielle Matthews"})
    edit_as_an_editor(lambda p: setattr(p, "conversation_title", "Agreed"))
    archive = Archive(
        series=found.archive.series,
        conversations=tuple(
            dataclasses.replace(c, title="Agreed") if c.start.date() == FEBRUARY else c
            for c in found.archive.conversations
        ),
    )
    report = import_into_site(archive, series=seeded)
    assert report.conflicts == []
    assert str(report.conversations) == "0 created, 0 updated, 19 unchanged"
    assert conversation().kindness_import_record.written["title"] == "Agreed"


def test_the_series_pages_fields_are_kept_too(seeded, seed_path):
    seeded.title = "Our conversations"
    seeded.intro = "<p>An introduction the editor wrote.</p>"
    seeded.schedule_time = dt.time(19, 0)
    seeded.save_revision().publish()
    output = reimport(seed_path)
    for field in ("title", "intro", "schedule"):
        assert conflict_line(seeded, field) in output
    assert "Series /conversations-for-kindness/: unchanged" in output
    seeded.refresh_from_db()
    assert (seeded.title, seeded.schedule_time) == ("Our conversations", dt.time(19, 0))
    output = reimport(seed_path, "--overwrite")
    seeded.refresh_from_db()
    assert seeded.title == "Conversations for Kindness"
    assert seeded.schedule_time == dt.time(18, 0)


def test_rich_text_saved_by_the_admin_is_not_an_editors_change(seeded, seed_path):
    """Draftail adds ``data-block-key`` to every block it saves: the text is the same."""
    keyed = re.sub(r"<p>", '<p data-block-key="a1b2c">', seeded.intro)
    assert keyed != seeded.intro
    seeded.intro = keyed
    seeded.save_revision().publish()
    edit_as_an_editor(
        lambda p: setattr(
            p,
            "body",
            json.dumps(
                [
                    {"type": "paragraph", "value": re.sub(r"<p>", '<p data-block-key="x9">', v)}
                    for _t, v in _stream(p, "body")
                ]
            ),
        )
    )
    output = reimport(seed_path)
    assert "Conflicts" not in output
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output


# -- pages with no record ----------------------------------------------------------------


def test_a_page_made_by_hand_is_never_overwritten_silently(series, speaker):
    day = third_thursday(2024, 3)
    page = add_conversation(
        series,
        day,
        title="Written by hand",
        people=[(speaker, "speaker")],
        themes=["hand-made"],
    )
    start = dt.datetime.combine(day, dt.time(18, 0), tzinfo=series.zone)
    archive = Archive(
        series=series.to_core_series(),
        conversations=(
            Conversation(
                key=series.to_core_series().conversation_key(2024, 3),
                start=start,
                title="From the archive",
                summary="What the archive says.",
                resources=(Resource(kind=ResourceKind.SUMMARY, title="Insights and summary"),),
                themes=("imported",),
            ),
        ),
    )
    report = import_into_site(archive, series=series)
    fields = {c.field for c in report.conflicts if c.path == site_path(page)}
    assert {"title", "people", "themes"} <= fields
    assert all(not c.recorded and c.kept for c in report.conflicts)
    # Its empty fields are filled in: that discards nothing.
    assert not {"body", "resources"} & fields
    assert str(report.conversations) == "0 created, 1 updated, 0 unchanged"
    page = ConversationPage.objects.get(pk=page.pk)
    assert page.conversation_title == "Written by hand"
    assert list(page.themes.names()) == ["hand-made"]
    assert page.body[0].value.source == "<p>What the archive says.</p>"
    assert [c.block_type for c in page.resources] == ["summary"]
    # The fields that agree are recorded; the others are not the import's.
    written = page.kindness_import_record.written
    assert "date" in written
    assert "title" not in written
    lines = "\n".join(report.lines())
    assert conflict_line(page, "title", recorded=False) in lines

    report = import_into_site(archive, series=series, overwrite=True)
    page = ConversationPage.objects.get(pk=page.pk)
    assert page.conversation_title == "From the archive"
    assert list(page.themes.names()) == ["imported"]
    assert page.kindness_import_record.written["title"] == "From the archive"


def test_pages_imported_before_records_were_kept(seeded, seed_path):
    """An upgrade: pages the import wrote, with no record yet."""
    ImportRecord.objects.all().delete()
    revisions = Revision.objects.count()
    output = reimport(seed_path)
    assert "Conflicts" not in output  # every field is as the archive says
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output
    assert ImportRecord.objects.count() == 20  # recorded now, without a new revision
    assert Revision.objects.count() == revisions
    # Without its record, an editor's change cannot be told from an old import's
    # value: reported as "not written by an import", kept.
    ImportRecord.objects.filter(page=conversation()).delete()
    edit_as_an_editor(lambda p: p.themes.add("compassion"))
    output = reimport(seed_path)
    assert conflict_line(conversation(), "themes", recorded=False) in output
    assert "compassion" in conversation().themes.names()


def test_speakers_keep_what_an_editor_filled_in(seeded, seed_path):
    """Speakers keep no record: the import only fills empty fields, never a filled one."""
    speaker = Speaker.objects.get(name="Sue Robins")
    speaker.job_title = "Author and advocate (edited)"
    speaker.save()
    output = reimport(seed_path)
    assert "Speakers: 0 created, 0 updated" in output
    speaker.refresh_from_db()
    assert speaker.job_title == "Author and advocate (edited)"
    assert ConversationPerson.objects.filter(speaker=speaker).count() == 2


# -- load_demo ------------------------------------------------------------------------------


def test_load_demo_again_keeps_an_editors_theme_and_says_so(tmp_path):
    # The example site's own dependencies (the "example" extra) run it.
    pytest.importorskip("whitenoise", reason="the example site needs the 'example' extra")
    database = tmp_path / "demo.sqlite3"
    prepare_database(database)
    edit = (
        "from wagtail_kindness.models import ConversationPage;"
        "p = ConversationPage.objects.get(date='2024-02-15');"
        "p.themes.add('compassion');"
        "p.save_revision().publish();"
        "print('path', p.url_path)"
    )
    manage(database, "shell", "-c", edit)
    report = manage(database, "load_demo")
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in report
    assert re.search(
        r"/conversations/[^ ]+/: themes changed in the CMS since the last import \(kept\); "
        r"--overwrite replaces it",
        report,
    )
    assert "Series /conversations/: unchanged" in report
    read = (
        "from wagtail_kindness.models import ConversationPage;"
        "print(sorted(ConversationPage.objects.get(date='2024-02-15').themes.names()))"
    )
    assert "compassion" in manage(database, "shell", "-c", read)
    report = manage(database, "load_demo", "--overwrite")
    assert "(replaced: --overwrite)" in report
    assert "compassion" not in manage(database, "shell", "-c", read)


# -- audio ----------------------------------------------------------------------------------

AUDIO_FILE = "https://media.example.org/episodes/kindness-march.mp3"
PODCAST_PAGE = "https://podcasts.example.org/show/kindness/episode-12"


@pytest.fixture
def audio_page(series) -> ConversationPage:
    core = series.to_core_series()
    start = dt.datetime.combine(third_thursday(2024, 3), dt.time(18, 0), tzinfo=series.zone)
    archive = Archive(
        series=core,
        conversations=(
            Conversation(
                key=core.conversation_key(2024, 3),
                start=start,
                title="Listening",
                resources=(
                    Resource(kind=ResourceKind.AUDIO, title="The episode", url=AUDIO_FILE),
                    Resource(kind=ResourceKind.AUDIO, title="On the podcast", url=PODCAST_PAGE),
                    Resource(kind=ResourceKind.AUDIO, title="Audio", url=None),
                ),
            ),
        ),
    )
    report = import_into_site(archive, series=series)
    assert report.conversations.created == 1
    again = import_into_site(archive, series=series)
    assert str(again.conversations) == "0 created, 0 updated, 1 unchanged"
    return ConversationPage.objects.get()


def test_an_audio_resource_is_an_audio_block(audio_page, series):
    assert [c.block_type for c in audio_page.resources] == ["audio", "audio", "audio"]
    core = audio_page.to_core(series=series)
    assert [(r.kind, r.url) for r in core.resources] == [
        (ResourceKind.AUDIO, AUDIO_FILE),
        (ResourceKind.AUDIO, PODCAST_PAGE),
        (ResourceKind.AUDIO, None),
    ]
    values = [c.value for c in audio_page.resources]
    assert [v.is_audio_file for v in values] == [True, False, False]
    assert values[2].is_pending
    assert str(values[2].kind_label) == "Audio"


@pytest.mark.parametrize(
    ("url", "plays"),
    [
        ("https://x.example/a.MP3", True),
        ("https://x.example/a.m4a?download=1", True),
        ("https://x.example/ep.ogg#t=10", True),
        ("https://x.example/ep.opus", True),
        ("https://x.example/mp3/episode", False),
        ("https://open.spotify.example/episode/123", False),
        ("https://x.example/a.mp3.html", False),
    ],
)
def test_only_an_audio_file_is_played_on_the_page(url, plays):
    block = AudioBlock()
    value = block.to_python({"title": "", "url": url})
    assert value.is_audio_file is plays


def test_the_audio_block_renders_a_player_that_loads_nothing_before_play(client, audio_page):
    html = client.get(audio_page.url).content.decode()
    player = re.search(r"<audio [^>]*>", html).group(0)
    assert 'preload="none"' in player
    assert f'src="{AUDIO_FILE}"' in player
    assert html.count("<audio ") == 1  # the podcast's page is a link, not a player
    assert f'<a href="{PODCAST_PAGE}">Listen to “On the podcast”</a>' in html
    assert "Audio: coming soon" in html


def test_an_audio_resource_is_exported_and_imported_back(audio_page, tmp_path):
    first = tmp_path / "first.json"
    run("kindness_export", "-o", str(first))
    document = json.loads(first.read_text(encoding="utf-8"))
    (only,) = document["conversations"]
    assert [(r["kind"], r.get("url")) for r in only["resources"]][:2] == [
        ("audio", AUDIO_FILE),
        ("audio", PODCAST_PAGE),
    ]
    output = run("kindness_import", str(first))
    assert "Conversations: 0 created, 0 updated, 1 unchanged" in output


def test_an_audio_resource_is_an_audio_object_in_the_pages_json_ld(client, audio_page):
    html = client.get(audio_page.url).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    recorded = json.loads(script).get("recordedIn", [])
    recorded = recorded if isinstance(recorded, list) else [recorded]
    audio = {(r["@type"], r.get("contentUrl") or r.get("embedUrl")) for r in recorded}
    assert audio == {("AudioObject", AUDIO_FILE), ("AudioObject", PODCAST_PAGE)}


def test_a_field_an_editor_emptied_stays_empty_and_is_reported(seeded, seed_path):
    day = dt.date(2022, 10, 20)  # the seed gives it people, a summary and resources
    edit_as_an_editor(lambda p: setattr(p, "resources", "[]"), day=day)
    output = reimport(seed_path)
    assert conflict_line(conversation(day), "resources") in output
    assert len(conversation(day).resources) == 0
