"""``manage.py load_demo``: build the demo site from the real archive text.

A home page, the "Conversations for Kindness" series at ``/conversations/``
and its conversations, speakers and pending resources, read from the archive
page's text by ``kindness_core.importing.importer`` and written by
``wagtail_kindness.importing`` (no fixture).  Running it again changes nothing,
and never silently undoes an editor's work: a field changed in the admin since
the demo was loaded is kept and reported as a conflict (``--overwrite``
replaces it with the archive's).

The series takes sign-ups (``join_mode`` "signup", docs/howto/let-people-join.md)
and keeps the archive's own joining and contact text.  Its private joining link
stays empty: the demo never invents one; an organiser sets it in the admin
(the series' *Joining* panel).

``--translate fr`` (``make run-i18n``, with Wagtail's i18n on) then translates
the home page and the series with its conversations into French
(``example_site/home/demo_translation.py``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from example_site.demo import ARCHIVE
from example_site.home.demo_translation import translate_demo
from example_site.home.models import HomePage
from wagtail_kindness.importing import (
    ArchiveImportError,
    find_series,
    import_into_site,
    read_archive,
)
from wagtail_kindness.models import ConversationSeriesPage, JoinMode

#: The importer reports these two names as one person; the archive uses both.
ALIASES = {"Gabby Matthews": "Gabrielle Matthews"}
SERIES_PATH = "/conversations/"
#: The series' name, as the demo has always had it (not left to the page's heading).
SERIES_NAME = "Conversations for Kindness"
HOME_TITLE = "Kindness in Healthcare"
HOME_INTRO = (
    "<p>Every month Kindness in Healthcare community members from around the world come "
    "together for a Conversation for Kindness.</p>"
)


def _take_signups(series: ConversationSeriesPage) -> str:
    """The demo series in sign-up mode (a new revision only if it was not); a report line."""
    series = ConversationSeriesPage.objects.get(pk=series.pk)
    if series.join_mode == JoinMode.SIGNUP:
        return "Joining: sign-up (unchanged)"
    series.join_mode = JoinMode.SIGNUP
    series.save_revision(log_action=True).publish()
    return "Joining: sign-up (the private joining link is set in the admin)"


def _home(stdout) -> HomePage:
    """The default site's home page, made a HomePage (the Wagtail welcome page is replaced)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        root = Page.get_first_root_node()
        if root is None:
            raise CommandError("the page tree has no root: run migrate first")
        site = Site(hostname="localhost", port=80, root_page=root, is_default_site=True)
    current = site.root_page.specific if site.pk else None
    if isinstance(current, HomePage):
        stdout.write(f"Home page: unchanged ({current.title})")
        return current
    root = Page.get_first_root_node()
    home = HomePage(title=HOME_TITLE, slug="kindness-home", intro=HOME_INTRO)
    root.add_child(instance=home)
    home.save_revision(log_action=True).publish()
    site.root_page = home
    site.site_name = HOME_TITLE
    if (site.hostname, site.port) == ("localhost", 80):  # Wagtail's default: use runserver's
        site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a plain page with no children.
    if current is not None and type(current) is Page and not current.get_children().exists():
        current.delete()
    stdout.write(f"Home page: created ({home.title})")
    return home


class Command(BaseCommand):
    help = (
        "Build the demo: a home page and the Conversations for Kindness archive at "
        "/conversations/, from the real archive text. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--archive",
            default=str(ARCHIVE),
            metavar="FILE",
            help="the archive page text to load (default: the copy in example_site/demo/)",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace what an editor changed in the admin since the demo was loaded "
            "(without it, those fields are kept and reported as conflicts)",
        )
        parser.add_argument(
            "--translate",
            action="append",
            default=[],
            metavar="LANGUAGE",
            help="then translate the home page, the series and its conversations into LANGUAGE "
            "(one of WAGTAIL_CONTENT_LANGUAGES; needs WAGTAIL_I18N_ENABLED, as in "
            "example_site.settings.i18n); may be repeated",
        )

    def _check_languages(self, languages: list[str]) -> None:
        if not languages:
            return
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            raise CommandError(
                "--translate needs Wagtail's i18n: use the settings example_site.settings.i18n "
                "(make run-i18n)",
                returncode=2,
            )
        content = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        for language in languages:
            if language not in content:
                raise CommandError(
                    f"--translate {language}: not one of WAGTAIL_CONTENT_LANGUAGES "
                    f"({', '.join(content)})",
                    returncode=2,
                )
            if language == get_supported_content_language_variant(settings.LANGUAGE_CODE):
                raise CommandError(
                    f"--translate {language}: the demo is already in {language}", returncode=2
                )

    def handle(self, *args, archive, translate, overwrite=False, **options):
        self._check_languages(translate)
        try:
            data = Path(archive).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {archive}: {exc.strerror or exc}") from None
        try:
            found = read_archive(data, aliases=ALIASES, now=timezone.now(), series_name=SERIES_NAME)
            with transaction.atomic():
                home = _home(self.stdout)
                series = find_series(SERIES_PATH)
                report = import_into_site(
                    found.archive,
                    series=series,
                    parent=home,
                    slug=SERIES_PATH.strip("/"),
                    aliases=ALIASES,
                    overwrite=overwrite,
                )
                series = ConversationSeriesPage.objects.child_of(home).get(
                    slug=SERIES_PATH.strip("/")
                )
                joining = _take_signups(series)
                series.refresh_from_db()
                translated = []
                if translate:
                    for language in translate:
                        translated += translate_demo(home, series, language, home_intro=HOME_INTRO)
        except ArchiveImportError as exc:
            raise CommandError(str(exc)) from None
        for warning in found.warnings:
            if "look like the same person" not in warning:  # merged by ALIASES
                self.stdout.write(f"Note from the archive: {warning}")
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(joining)
        self.stdout.write(
            "Resources the archive announces without a link stay pending: "
            "add the files and addresses in the admin."
        )
        for line in translated:
            self.stdout.write(line)
