"""The demo in another language: ``manage.py load_demo --translate fr`` (``make run-i18n``).

The home page and the series, with its conversations, are copied into the
language's locale with Wagtail's own ``copy_for_translation`` (the series with
its subtree, as the admin's "Translate" action with "include subtree" does),
and the copies are published.  Only the site's own words are translated (the
home page's and the series' introductions, the series' title), and only when
they are still the demo's: the conversations keep the archive's text, which an
editor would translate.  Running it again translates only what has no
translation yet (a conversation added since); it never republishes a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import strip_tags
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

__all__ = ["DEMO_WORDS", "DemoWords", "translate_demo"]

#: The series' introduction as load_demo writes it from the archive.
SERIES_INTRO = (
    "<p>Every month Kindness in Healthcare community members from around the world come "
    "together for a Conversation for Kindness, for conversation and reflections about kindness "
    "in healthcare. Each conversation has a focus on listening, learning, thinking differently "
    "and mobilising for action, and an open culture of sharing resources, ideas and "
    "energy.</p><p>Guest speakers usually lead the conversation before members divide into "
    "smaller break-out groups for further reflection.</p><p>Below you can see insights, "
    "presentations and videos from the meetings.</p>"
)
SERIES_TITLE = "Conversations for Kindness"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoWords:
    """The demo's own words in one language (``None``: keep the English)."""

    home_intro: str | None = None
    series_title: str | None = None
    series_intro: str | None = None


DEMO_WORDS: dict[str, DemoWords] = {
    "fr": DemoWords(
        home_intro=(
            "<p>Chaque mois, des membres de la communauté Kindness in Healthcare venus du monde "
            "entier se retrouvent pour une Conversation pour la bienveillance.</p>"
        ),
        series_title="Conversations pour la bienveillance",
        series_intro=(
            "<p>Chaque mois, des membres de la communauté Kindness in Healthcare venus du monde "
            "entier se retrouvent pour une Conversation pour la bienveillance, pour échanger et "
            "réfléchir ensemble à la bienveillance dans le soin. Chaque conversation met l’accent "
            "sur l’écoute, l’apprentissage, la capacité à penser autrement et la mobilisation "
            "pour agir, dans une culture ouverte de partage de ressources, d’idées et "
            "d’énergie.</p><p>Des intervenants invités ouvrent généralement la conversation, "
            "puis les membres se répartissent en petits groupes pour approfondir la "
            "réflexion.</p><p>Vous trouverez ci-dessous les idées, les présentations et les "
            "vidéos des rencontres.</p>"
        ),
    ),
}


def _same_text(html: str, expected: str) -> bool:
    return " ".join(strip_tags(html).split()) == " ".join(strip_tags(expected).split())


def _publish(page: Page) -> None:
    page.save_revision(log_action=True).publish()


def _translate_home(home, locale: Locale, words: DemoWords, *, home_intro: str) -> str:
    translation = home.get_translation_or_none(locale)
    if translation is not None:
        return "unchanged"
    translation = home.copy_for_translation(locale).specific
    if words.home_intro and _same_text(home.intro, home_intro):
        translation.intro = words.home_intro
    _publish(translation)
    return "translated"


def _translate_series(series: ConversationSeriesPage, locale: Locale, words: DemoWords) -> str:
    translation = series.get_translation_or_none(locale)
    if translation is not None:
        return "unchanged"
    # The series and its conversations, as "Translate" with "include subtree" does.
    CopyPageForTranslationAction(series, locale, include_subtree=True).execute(
        skip_permission_checks=True
    )
    translation = series.get_translation(locale).specific
    if words.series_title and series.title == SERIES_TITLE:
        translation.title = words.series_title
    if words.series_intro and _same_text(series.intro, SERIES_INTRO):
        translation.intro = words.series_intro
    _publish(translation)
    return "translated"


def translate_demo(home, series: ConversationSeriesPage, language: str, *, home_intro: str):
    """Translate the demo into ``language``; the report's lines."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    words = DEMO_WORDS.get(language, DemoWords())
    conversations = ConversationPage.objects.child_of(series).order_by("path")
    translated = set(
        Page.objects.filter(locale=locale)
        .filter(translation_key__in=conversations.values("translation_key"))
        .values_list("translation_key", flat=True)
    )
    lines = [
        f"Home page ({language}): {_translate_home(home, locale, words, home_intro=home_intro)}",
        f"Series ({language}): {_translate_series(series, locale, words)}",
    ]
    made = 0
    for conversation in conversations:
        if conversation.translation_key in translated:
            continue  # translated before: published, or an editor's draft, left alone
        translation = conversation.get_translation_or_none(locale)
        if translation is None:  # added since the series was translated
            translation = conversation.copy_for_translation(locale)
        if conversation.live:
            _publish(translation.specific)
        made += 1
    lines.append(f"Conversations ({language}): {made} translated")
    if language not in DEMO_WORDS:
        lines.append(
            f"No demo words in {language!r}: the copies keep the English text, to translate "
            "in the admin."
        )
    return lines
