"""What one import looks up once: speakers (by name or alias) and themes (by name).

A speaker is matched by :meth:`Speaker.find <wagtail_kindness.models.Speaker.find>`
once per name the archive gives (the answer kept for the rest of the import);
a theme already in the database is read once, with the others, when the import
starts, and one made by the import is read back once.  Speakers keep no
import record: the import only fills a speaker's empty fields and never
overwrites a filled one (:func:`speaker_for`).
"""

from __future__ import annotations

from collections.abc import Mapping

from kindness_core.archive import Archive
from kindness_core.series import Person

from ..models import ConversationPage, Speaker, Theme
from .report import ImportReport

__all__ = ["Known", "record_aliases", "speaker_for"]


class Known:
    """What one import has looked up already: speakers by the name the archive gives,
    themes by their exact name (those already in the database read at once)."""

    def __init__(self, archive: Archive) -> None:
        self.speakers: dict[str, Speaker] = {}
        names = {name for conversation in archive.conversations for name in conversation.themes}
        self.themes: dict[str, Theme] = (
            {theme.name: theme for theme in Theme.objects.filter(name__in=names)} if names else {}
        )

    def add_theme(self, page: ConversationPage, name: str) -> None:
        """Tag ``page`` with the theme ``name`` (found or created as taggit does, once)."""
        theme = self.themes.get(name)
        page.themes.add(theme if theme is not None else name)
        if theme is None and (made := Theme.objects.filter(name=name).first()) is not None:
            self.themes[name] = made


def speaker_for(
    person: Person, report: ImportReport, touched: dict[int, str], known: Known
) -> Speaker:
    speaker = known.speakers.get(person.name)
    if speaker is None:
        speaker = Speaker.find(person.name)
    if speaker is None:
        speaker = Speaker.objects.create(
            name=person.name,
            honorific=person.honorific or "",
            job_title=(person.job_title or "")[:255],
            organisation=(person.organisation or "")[:255],
        )
        touched[speaker.pk] = "created"
        known.speakers[person.name] = speaker
        return speaker
    known.speakers[person.name] = speaker
    # Fill in what the snippet lacks; never overwrite what an editor wrote.
    changed = False
    for field, value in (
        ("honorific", person.honorific),
        ("job_title", person.job_title),
        ("organisation", person.organisation),
    ):
        if value and not getattr(speaker, field):
            setattr(speaker, field, value[:255])
            changed = True
    if changed:
        speaker.save()
        touched.setdefault(speaker.pk, "updated")
    else:
        touched.setdefault(speaker.pk, "unchanged")
    return speaker


def record_aliases(aliases: Mapping[str, str], touched: dict[int, str]) -> None:
    """Keep each alias on the speaker it names, so later imports match it too."""
    for old, new in aliases.items():
        speaker = Speaker.find(new)
        if speaker is None or speaker.answers_to(old):
            continue
        speaker.aliases = "\n".join([*speaker.alias_list, Person.split_honorific(old)[1]])
        speaker.save()
        if touched.get(speaker.pk) != "created":
            touched[speaker.pk] = "updated"
