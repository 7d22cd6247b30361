"""The demo data: the real archive text, loaded by load_demo, idempotently."""

from __future__ import annotations

from example_site.demo import ARCHIVE
from example_site.demo_server import manage


def test_the_demo_reads_the_seed_archive_of_the_tests(seed_path, site_db):
    """One copy of the archive: ``load_demo`` reads the tests' seed by default."""
    assert seed_path == ARCHIVE
    out = manage(
        site_db,
        "shell",
        "-c",
        "from example_site.home.management.commands.load_demo import Command;"
        "print(Command().create_parser('manage.py', 'load_demo').parse_args([]).archive)",
    )
    assert str(seed_path) in out.splitlines()  # after the shell's own "objects imported"


def test_load_demo_twice_changes_nothing(site_db):
    report = manage(site_db, "load_demo")
    assert "Home page: unchanged" in report
    assert "Series /conversations/: unchanged" in report
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in report
    assert "Speakers: 0 created, 0 updated" in report


def test_the_demo_has_no_accounts_and_no_invented_links(site_db):
    out = manage(
        site_db,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "from wagtail_kindness.models import ConversationPage, Speaker;"
        "print('users', get_user_model().objects.count());"
        "pages = ConversationPage.objects.live();"
        "print('pages', pages.count());"
        "print('links', sum(1 for p in pages for r in p.resources if r.value.href));"
        "print('pending', sum(1 for p in pages for r in p.resources if r.value.is_pending));"
        "print('matthews', Speaker.objects.filter(name__endswith='Matthews').count())",
    )
    assert "users 0" in out
    assert "pages 19" in out
    assert "links 0" in out
    assert "pending 0" not in out
    assert "matthews 1" in out


def test_the_demo_series_takes_sign_ups_without_an_invented_link(site_db):
    """Sign-up on, the archive's own joining text kept, the private joining link empty."""
    out = manage(
        site_db,
        "shell",
        "-c",
        "from wagtail_kindness.models import ConversationSeriesPage;"
        "s = ConversationSeriesPage.objects.get();"
        "print('mode', s.join_mode);"
        "print('private', repr(s.meeting_url));"
        "print('public', repr(s.join_url));"
        "print('text', 'third Thursday' in s.joining)",
    )
    assert "mode signup" in out
    assert "private ''" in out
    assert "public ''" in out
    assert "text True" in out
