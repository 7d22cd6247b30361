"""A translation or an alias of a conversation is the same meeting in another language.

Wagtail makes a page's version in another locale by copying it (the admin's
"Translate": ``copy_for_translation``, ``Page.copy(reset_translation_key=False)``)
or by aliasing it (``WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE``: ``create_alias``)
under the parent's translation.  A series keeps one conversation a month
(``months``), so when the destination series already has a page in the
source's month, that page *is* the meeting in that language:

* if the two pages' translation groups have no locale in common, they become
  one group (:func:`link`: the existing page's group takes the source's
  ``translation_key``, in its revisions too, in one transaction) and that page
  is used instead of a new one;
* if they do (the existing page is already the version of another page in a
  locale of the source's group), nothing is written and
  :class:`TranslationRefused` (a ``ValidationError``) says which pages hold the
  month; the admin shows it as a message ("Translate": ``views.translation``;
  a new page's ``SYNC_PAGE_TREE`` aliases: ``copy_hooks``).

:func:`translation_to_use` is the rule, for ``ConversationPage.copy()`` and
``create_alias()``; :func:`plan_versions` tells the admin beforehand what
"Translate" and ``SYNC_PAGE_TREE``'s aliases will link or refuse;
:func:`translation_moves` lists the translations Wagtail's move view moves
along with a page (with ``SYNC_PAGE_TREE``), so a move into a taken month is
refused for them too; :func:`alias_clashes` says when publishing a page would
move one of its aliases (which follow its date) into a taken month.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Revision

from kindness_core.series import month_label

from .languages import output_locale
from .months import linked_title, page_in_month

logger = logging.getLogger(__name__)

__all__ = [
    "SameMeetingInEveryLanguage",
    "TranslationRefused",
    "alias_clashes",
    "clashing_aliases",
    "language_name",
    "link",
    "linked_message",
    "missing_locales",
    "plan_versions",
    "sync_page_tree",
    "translation_moves",
    "translation_to_use",
]


class TranslationRefused(ValidationError):
    """A conversation's version in a locale would be a second page for a month."""


def sync_page_tree() -> bool:
    """Wagtail's ``WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE``: new pages get aliases."""
    return bool(getattr(settings, "WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE", False))


def _as_series(page):
    if page is None:
        return None
    page = page.specific
    return page if hasattr(page, "next_free_occurrence") else None


def language_name(locale) -> str:
    """The locale's language in the active language ("French"), else its display name."""
    try:
        return str(translation.get_language_info(locale.language_code)["name_translated"])
    except KeyError:
        return locale.get_display_name() or locale.language_code


def _group(page):
    return Page.objects.filter(translation_key=page.translation_key)


def _own_translation(source, locale_id):
    found = _group(source).filter(locale_id=locale_id).exclude(pk=source.pk).first()
    return found.specific if found is not None else None


def _clash(source, holder):
    """A page of ``holder``'s group in a locale that ``source``'s group has too, or ``None``."""
    source_locales = _group(source).values_list("locale_id", flat=True)
    clash = _group(holder).filter(locale_id__in=source_locales).order_by("pk").first()
    return clash.specific_deferred if clash is not None else None


def _plan(source, parent, locale_id):
    """``(page, message)``: the page to use (``None``: make one), or why none can be."""
    series = _as_series(parent)
    day = getattr(source, "date", None)
    holder = page_in_month(series, day) if series is not None and day else None
    own = _own_translation(source, locale_id)
    if holder is None or (own is not None and holder.pk == own.pk):
        return own, None
    values = {
        "page": source.get_admin_display_title(),
        "series": series.title,
        "month": month_label(day, output_locale()),
        "title": linked_title(holder),
        "language": language_name(Locale.objects.get(pk=locale_id)),
    }
    if own is not None:
        values["own"] = linked_title(own)
        text = _(
            "“{page}” cannot have another {language} version: it already has one (“{own}”), "
            "and “{series}” has another conversation in {month} (“{title}”). Each month has "
            "one conversation: change the date of one of them first."
        )
        return None, format_html(text, **values)
    clash = _clash(source, holder)
    if clash is None:
        return holder, None
    values["other"] = linked_title(clash)
    values["other_language"] = language_name(clash.locale)
    text = _(
        "“{page}” cannot have a {language} version: “{series}” already has a conversation "
        "in {month} (“{title}”), and it is the {language} version of another page, "
        "“{other}” ({other_language}). Each month has one conversation: change the date "
        "of one of them first, or translate into another series."
    )
    return None, format_html(text, **values)


def link(source, holder) -> None:
    """Make ``holder``'s translation group part of ``source``'s (one transaction).

    Every page of ``holder``'s group takes ``source.translation_key``, and so
    does the content of their revisions (publishing or reverting one keeps the
    group).  The groups must have no locale in common (see :func:`plan_versions`).
    """
    old, new = holder.translation_key, source.translation_key
    if old == new:
        return
    with transaction.atomic():
        pks = list(Page.objects.filter(translation_key=old).values_list("pk", flat=True))
        Page.objects.filter(pk__in=pks).update(translation_key=new)
        revisions = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pks])
        for revision in revisions.only("pk", "content").iterator():
            if revision.content.get("translation_key") == str(old):
                revision.content["translation_key"] = str(new)
                revision.save(update_fields=["content"])
        apps.get_model("wagtail_kindness", "OutputsVersion").bump()
    holder.translation_key = new


def translation_to_use(source, parent, locale):
    """The existing page that is ``source`` in ``locale`` under ``parent``, or ``None``.

    ``None``: the month is free there, Wagtail makes the page.  Else the page
    holding the month, linked to ``source`` (:func:`link`), or ``source``'s own
    version in ``locale``.  Raises :class:`TranslationRefused` when neither can be.
    """
    page, message = _plan(source, parent, locale.pk)
    if message is not None:
        raise TranslationRefused(message)
    if page is not None:
        link(source, page)
    return page


def missing_locales(page) -> list[Locale]:
    """The locales ``page`` has no version in (where ``SYNC_PAGE_TREE`` aliases it)."""
    have = _group(page).values_list("locale_id", flat=True)
    return list(Locale.objects.exclude(pk__in=have).order_by("pk"))


def plan_versions(source, locales) -> tuple[list[tuple[Locale, Page]], dict[int, SafeString]]:
    """What making ``source``'s versions in ``locales`` would do (nothing is written).

    ``([(locale, page to link)], {locale pk: why refused})``, for each locale
    whose tree has the translation of ``source``'s parent (Wagtail's rule).
    """
    links, refused = [], {}
    parent = source.get_parent()
    for locale in locales:
        destination = parent.get_translation_or_none(locale)
        if destination is None:
            continue
        page, message = _plan(source, destination, locale.pk)
        if message is not None:
            refused[locale.pk] = message
        elif page is not None and page.translation_key != source.translation_key:
            links.append((locale, page))
    return links, refused


def linked_message(source, page) -> SafeString:
    """What the editor is told when ``page``, holding the month, became ``source``'s version."""
    series = page.get_parent()
    values = {
        "title": linked_title(page),
        "language": language_name(page.locale),
        "month": month_label(page.date, output_locale()),
        "series": series.get_admin_display_title(),
        "page": source.get_admin_display_title(),
    }
    text = _(
        "“{title}”, the {language} conversation of {month} that “{series}” already had, "
        "is now the translation of “{page}” (each month has one conversation)."
    )
    return format_html(text, **values)


def clashing_aliases(page) -> list[tuple[Page, Page]]:
    """``[(alias, the page holding its new month)]``: the aliases of ``page`` (which
    follow its date) that would land in a month their own series already has."""
    if not page.pk or not getattr(page, "date", None):
        return []
    found = []
    for alias in type(page).objects.filter(alias_of_id=page.pk).order_by("pk"):
        series = _as_series(alias.get_parent())
        other = page_in_month(series, page.date, exclude_pk=alias.pk) if series else None
        if other is not None:
            found.append((alias, other))
    return found


def alias_clashes(page) -> list[SafeString]:
    """Why ``page`` cannot be published as it is: an alias of it, which follows its
    date, would take a month its own series already has (nothing is written)."""
    problems = []
    for alias, other in clashing_aliases(page):
        values = {
            "page": page.get_admin_display_title(),
            "series": alias.get_parent().title,
            "alias": linked_title(alias),
            "month": month_label(page.date, output_locale()),
            "title": linked_title(other),
        }
        text = _(
            "“{page}” is not published: its alias in “{series}” (“{alias}”) follows its "
            "date, and “{series}” already has a conversation in {month} (“{title}”). Each "
            "month has one conversation: change the date of one of them first."
        )
        problems.append(format_html(text, **values))
    return problems


def translation_moves(page, destination) -> list[tuple[Page, Page]]:
    """``[(translation, its new parent)]``: what Wagtail's move view moves with ``page``.

    With ``SYNC_PAGE_TREE``, the versions of ``page`` under a translation of
    its parent move to the translation of ``destination`` in their locale.
    """
    if not sync_page_tree():
        return []
    parent_versions = set(page.get_parent().get_translations().values_list("pk", flat=True))
    moves = []
    for version in Page.objects.translation_of(page, inclusive=False).specific():
        if version.get_parent().pk not in parent_versions:
            continue
        target = destination.get_translation_or_none(version.locale)
        if target is not None:
            moves.append((version, target))
    return moves


class SameMeetingInEveryLanguage:
    """A conversation page mixin: its versions in other locales are the same meeting.

    ``copy_as_translation()`` (``Page.copy(reset_translation_key=False)``, the
    admin's "Translate") and ``create_alias()`` into another locale use the
    destination series' page of the month, linked (:func:`translation_to_use`),
    if there is one, else Wagtail's own; ``copy_for_translation()`` makes
    nothing (``None``) in a locale the admin already declined for this page
    (``copy_hooks.link_or_decline_aliases``, before ``SYNC_PAGE_TREE``'s hook);
    ``update_aliases()`` (a publication) leaves alone an alias that would follow
    the new date into a month its series already has (:func:`clashing_aliases`;
    the admin's edit view refuses such a publication first, with a message:
    this covers the others, e.g. a workflow's approval or code).
    """

    def update_aliases(self, *, revision=None, _content=None, _updated_ids=None):
        held = [alias.pk for alias, _other in clashing_aliases(self)]
        if held:
            logger.warning(
                "wagtail_kindness: page %s published; its aliases %s keep their month, "
                "which their series already has: each month has one conversation",
                self.pk,
                held,
            )
        return super().update_aliases(
            revision=revision, _content=_content, _updated_ids=[*(_updated_ids or []), *held]
        )

    def copy_as_translation(self, recursive=False, to=None, update_attrs=None, **kwargs):
        destination = to or self.get_parent()
        locale = (update_attrs or {}).get("locale") or destination.locale
        with transaction.atomic():
            if locale.pk != self.locale_id and (
                existing := translation_to_use(self, destination, locale)
            ):
                return existing
            return super().copy(recursive=recursive, to=to, update_attrs=update_attrs, **kwargs)

    copy_as_translation.alters_data = True

    def create_alias(self, *, parent=None, update_locale=None, **kwargs):
        other_locale = update_locale is not None and update_locale.pk != self.locale_id
        with transaction.atomic():
            if other_locale and kwargs.get("reset_translation_key", True) is False:
                destination = parent or self.get_parent()
                if (existing := translation_to_use(self, destination, update_locale)) is not None:
                    return existing
            return super().create_alias(parent=parent, update_locale=update_locale, **kwargs)

    create_alias.alters_data = True

    def copy_for_translation(self, locale, *args, **kwargs):
        if locale.pk in getattr(self, "_kindness_no_version_in", ()):
            return None
        return super().copy_for_translation(locale, *args, **kwargs)

    copy_for_translation.alters_data = True
