"""``ImportRecord``: what an import last wrote to a page, to tell an editor's change from its own.

One row per page an import wrote (a series page or a conversation page):
:attr:`~ImportRecord.written` holds, per field the import manages, the value
it last wrote (as JSON: dates and times as ISO strings, streams as their raw
blocks, people as ``[speaker id, role, name]``, themes as names).  A re-import
(:mod:`wagtail_kindness.importing.write`) compares the page with it: a field
still as recorded may be updated; one that differs was changed in the CMS and
is kept (and reported) unless the import is told to overwrite.

It is a model of its own, not a page field, so it is not part of a page's
revisions (restoring an old revision does not bring back an old record) and
:meth:`Page.copy` does not copy it: a copy was not written by an import.
Deleting the page deletes its record.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["ImportRecord"]


class ImportRecord(models.Model):
    """What ``kindness_import`` (or ``load_demo``) last wrote to one page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="kindness_import_record",
        verbose_name=pgettext_lazy("import record", "page"),
    )
    #: Field name -> the JSON value the import last wrote (a field it kept is
    #: absent, or holds what it wrote before).
    written = models.JSONField(_("written"), default=dict)
    #: A resource's address -> the id of the Wagtail document the import made
    #: of it (``--fetch-documents``), so a later import finds it again.
    documents = models.JSONField(pgettext_lazy("import record", "documents"), default=dict)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")

    def __str__(self) -> str:
        return f"import record of page {self.page_id} ({self.imported_at:%Y-%m-%d %H:%M})"
