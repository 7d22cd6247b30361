"""``kindness_import`` and ``kindness_export`` reach the series of every language.

``--series`` takes a page id, a path as the site serves it (``/fr/conversations/``,
with ``i18n_patterns``' language prefix) or a full address, and ``--locale``
reads a path without prefix in that language's tree.  A bad value is one line
and exit code 2, and nothing is written.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections
from wagtail.models import Page

from kindness_core import jsonio
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

from .conftest import add_conversation, third_thursday, translate


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export(*args) -> dict:
    out, _err = run("kindness_export", *args)
    return json.loads(out)


def pages_state() -> list:
    return list(
        Page.objects.order_by("path").values_list("pk", "path", "title", "locale_id", "live")
    )


@pytest.fixture
def bilingual(series, series_fr):
    """English February and March; French February (a translation) and April (French only)."""
    february = add_conversation(series, third_thursday(2024, 2), title="Kindness and courage")
    add_conversation(series, third_thursday(2024, 3), title="Kindness at work")
    translate(february, "fr", conversation_title="Bienveillance et courage")
    add_conversation(series_fr, third_thursday(2024, 4), title="Bienveillance au travail")
    return series, series_fr


def assert_all_french(series_fr, count):
    pages = ConversationPage.objects.child_of(series_fr)
    assert pages.count() == count
    assert {page.locale.language_code for page in pages} == {"fr"}


@pytest.mark.parametrize(
    "where",
    [
        "/fr/conversations/",
        "fr/conversations",
        "http://localhost/fr/conversations/",
        "https://conversations.example.org/fr/conversations/",  # Wagtail: the default site
    ],
)
def test_import_into_the_french_series_by_path_or_address(series, series_fr, seed_path, where):
    english_before = ConversationPage.objects.child_of(series).count()
    # The series was made by hand: --overwrite lets the archive's fields replace its own.
    out, _err = run("kindness_import", str(seed_path), "--series", where, "--overwrite")
    assert "Series /fr/conversations/: updated" in out
    assert "Conversations: 19 created" in out
    assert_all_french(series_fr, 19)
    assert ConversationPage.objects.child_of(series).count() == english_before
    assert ConversationSeriesPage.objects.count() == 2


def test_import_by_page_id_and_by_locale(series, series_fr, seed_path):
    run("kindness_import", str(seed_path), "--series", str(series_fr.pk), "--overwrite")
    assert_all_french(series_fr, 19)
    assert ConversationPage.objects.child_of(series).count() == 0
    # The English path read in the French tree: the translation of the page there.
    out, _err = run(
        "kindness_import", str(seed_path), "--series", "/conversations/", "--locale", "fr"
    )
    assert "Series /fr/conversations/: unchanged" in out
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in out
    # An id with --locale: that page's translation.
    out, _err = run("kindness_import", str(seed_path), "--series", str(series.pk), "--locale", "fr")
    assert "Series /fr/conversations/: unchanged" in out
    assert ConversationPage.objects.child_of(series).count() == 0


def test_the_french_path_is_found_under_the_french_root_when_slugs_differ(
    series, series_fr, seed_path
):
    series_fr.slug = "conversations-bienveillance"
    series_fr.save_revision().publish()
    out, _err = run(
        "kindness_import", str(seed_path), "--series", "/fr/conversations-bienveillance/",
        "--overwrite",
    )  # fmt: skip
    assert "Series /fr/conversations-bienveillance/: updated" in out
    # The English path and --locale fr: the translation of the English series.
    out, _err = run(
        "kindness_import", str(seed_path), "--series", "/conversations/", "--locale", "fr"
    )
    assert "Series /fr/conversations-bienveillance/: unchanged" in out
    assert_all_french(series_fr, 19)


@pytest.mark.parametrize(
    "args",
    [("--series", "/fr/rencontres/"), ("--series", "/rencontres/", "--locale", "fr")],
)
def test_a_new_series_is_created_in_the_tree_of_its_language(home, home_fr, seed_path, args):
    out, _err = run("kindness_import", str(seed_path), *args)
    assert "Series /fr/rencontres/: created" in out
    created = ConversationSeriesPage.objects.get()
    assert created.locale.language_code == "fr"
    assert created.get_parent().pk == home_fr.pk
    assert_all_french(created, 19)


def test_export_of_the_french_series_holds_only_french_pages(bilingual):
    _series, series_fr = bilingual
    for args in (
        ("--series", "/fr/conversations/"),
        ("--series", str(series_fr.pk)),
        ("--series", "http://localhost/fr/conversations/"),
        ("--series", "/conversations/", "--locale", "fr"),
        ("--locale", "fr"),  # the only French series
    ):
        document = export(*args)
        titles = sorted(c["title"] for c in document["conversations"])
        assert titles == ["Bienveillance au travail", "Bienveillance et courage"], args
        assert document["series"]["name"] == "Conversations pour la bienveillance"
    english = export("--series", "/conversations/")
    assert sorted(c["title"] for c in english["conversations"]) == [
        "Kindness and courage",
        "Kindness at work",
    ]
    assert export("--locale", "en") == english


def test_the_french_export_imports_back_into_the_french_series(bilingual, tmp_path):
    _series, series_fr = bilingual
    out, _err = run("kindness_export", "--series", "/fr/conversations/")
    path = tmp_path / "fr.json"
    path.write_text(out, encoding="utf-8")
    before = pages_state()
    out, _err = run("kindness_import", str(path), "--series", "/fr/conversations/")
    assert "Conversations: 0 created, 0 updated, 2 unchanged" in out
    assert pages_state() == before
    assert jsonio.loads(path.read_text(encoding="utf-8")).series.name == series_fr.title


def test_without_series_several_languages_ask_for_a_choice(bilingual, seed_path):
    with pytest.raises(CommandError, match="several conversation series") as error:
        run("kindness_export")
    assert error.value.returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--series", "999999"), r"^--series 999999: no page has the id 999999$"),
        (("--series", "/fr/nowhere/"), r"^no conversation series at /fr/nowhere/"),
        (("--series", "/fr/"), r"^--series /fr/ is a .*, not a conversation series"),
        (("--series", "HOME"), r"^--series \d+ is a .*, not a conversation series"),
        (
            ("--series", "/conversations/", "--locale", "xx"),
            r"^--locale xx: no such locale .*en, es, fr",
        ),
        (("--locale", "de"), r"^--locale de: no such locale"),
        (("--series", "/fr/conversations/", "--locale", "es"), r"is in fr, not in --locale es"),
        (("--series", "/es/conversations/"), r"the site has no es home page yet"),
        (("--series", "SERIES", "--locale", "es"), r"has no es translation"),
    ],
)
def test_bad_series_values_are_one_line_and_write_nothing(
    bilingual, home, seed_path, tmp_path, args, message
):
    args = tuple(
        {"HOME": str(home.pk), "SERIES": str(bilingual[0].pk)}.get(arg, arg) for arg in args
    )
    before = pages_state()
    output = tmp_path / "out.json"
    with pytest.raises(CommandError, match=message) as error:
        run("kindness_export", *args, "-o", str(output))
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    assert not output.exists()
    if "/fr/nowhere/" in args:  # an import creates a series there: not an error
        return
    with pytest.raises(CommandError, match=message) as error:
        run("kindness_import", str(seed_path), *args)
    assert error.value.returncode == 2
    assert pages_state() == before


def test_an_import_under_a_missing_french_parent_is_refused(bilingual, seed_path):
    before = pages_state()
    with pytest.raises(CommandError, match="its parent page does not exist") as error:
        run("kindness_import", str(seed_path), "--series", "/fr/nulle-part/rencontres/")
    assert error.value.returncode == 2
    assert pages_state() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["kindness_export", "--locale", "xx"],
        ["kindness_export", "--series", "/fr/nowhere/"],
        ["kindness_import", "SEED", "--series", "999999"],
    ],
)
def test_the_real_command_exits_2_with_one_line(bilingual, seed_path, capsys, argv, monkeypatch):
    argv = [str(seed_path) if arg == "SEED" else arg for arg in argv]
    before = pages_state()
    # Django's run_from_argv closes every connection when the command ends: on
    # PostgreSQL that would end the test's own transaction (SQLite's in-memory
    # test database ignores it).  Only that clean-up is left out.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as done:
        ManagementUtility(["manage.py", *argv]).execute()
    assert done.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("CommandError: ")
    assert "Traceback" not in captured.err
    assert pages_state() == before
