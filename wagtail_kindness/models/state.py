"""``OutputsVersion``: the database row the cached outputs' keys depend on.

One row (primary key 1) holding a random token and when it last changed.
The signal handlers of :mod:`wagtail_kindness.signals` replace the token in
the transaction of the change they follow, and
:func:`wagtail_kindness.caching.series_state` reads it with one primary-key
query: every process (every gunicorn worker, each with its own cache) sees a
change as soon as it is committed, at a cost that does not depend on the
size of the archive.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, models, transaction
from django.utils import timezone

__all__ = ["OutputsVersion"]

#: The primary key of the only row.
ROW = 1


class OutputsVersion(models.Model):
    """The version of every series' cached calendar, feeds and archive list."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=ROW)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "outputs version"

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls) -> tuple[str, dt.datetime | None]:
        """(token, changed_at); ``("", None)`` before the first change.

        One primary-key query.  A database failure is not caught.
        """
        found = cls.objects.filter(pk=ROW).values_list("token", "changed_at").first()
        return found if found is not None else ("", None)

    @classmethod
    def bump(cls) -> None:
        """Replace the token: one UPDATE (an INSERT the first time).

        Run in the caller's transaction, so the new token is seen by other
        processes exactly when the change it follows is.
        """
        fields = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        if cls.objects.filter(pk=ROW).update(**fields):
            return
        try:
            with transaction.atomic():  # a savepoint: another process may insert first
                cls.objects.create(pk=ROW, **fields)
        except IntegrityError:
            cls.objects.filter(pk=ROW).update(**fields)
