"""The mail ledger: claim a :class:`~wagtail_kindness.models.Delivery`, send it as a task, retry.

Every email of the plugin goes through :func:`enqueue`: the row
(registration, kind and occasion, unique in the database) is created in the
caller's transaction, and the sending task is enqueued when that
transaction commits — nothing is sent inside the web request's transaction,
and with a worker nothing is sent inside the request at all.  The task
claims nothing new: it sends the row it is given unless it was sent already.

Tasks use Django's tasks framework (``django.tasks`` on Django 6, the
``django-tasks`` package on 5.2), with the backend
``WAGTAILKINDNESS_JOIN_TASK_BACKEND``.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

try:  # Django 6.1: mail goes through "mailers"; get_connection() is deprecated
    from django.core.mail import mailers
except ImportError:  # Django 5.2 and 6.0
    mailers = None
from django.core.mail import get_connection

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks package (a Wagtail dependency)
    from django_tasks import task

from .. import conf
from ..models import Delivery
from . import compose

__all__ = ["claim", "enqueue", "new_connection", "reclaim", "send_delivery", "send_now", "skip"]

logger = logging.getLogger(__name__)


def new_connection():
    """A new connection of the site's default mail backend (the caller opens and closes it)."""
    return mailers.default if mailers is not None else get_connection()


def claim(registration, kind: str, occasion: str = "", *, state: str = Delivery.State.CLAIMED):
    """The new ledger row for this mail, or ``None`` if it exists (sent or being sent)."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                registration=registration,
                kind=kind,
                occasion=occasion,
                state=state,
                claimed_at=timezone.now(),
            )
    except IntegrityError:
        return None


def skip(registration, kind: str, occasion: str = ""):
    """Record this mail as done without sending it (e.g. an older reminder that
    a nearer one replaces): a ``sent`` row with no ``sent_at``.  ``None`` if
    the row existed."""
    return claim(registration, kind, occasion, state=Delivery.State.SENT)


def reclaim(delivery, *, now, stale_before) -> bool:
    """Take a failed mail (with tries left), or one claimed before ``stale_before``
    and never finished (its process died), for sending again.

    One conditional ``UPDATE``: of two processes that try at once, exactly one
    changes the row and gets ``True``; the other gets ``False`` and leaves it.
    """
    retry = Q(state=Delivery.State.FAILED, tries__lt=conf.join_max_tries())
    stuck = Q(state=Delivery.State.CLAIMED, claimed_at__lt=stale_before)
    won = Delivery.objects.filter(
        retry | stuck, pk=delivery.pk, claimed_at=delivery.claimed_at
    ).update(state=Delivery.State.CLAIMED, claimed_at=now)
    if won:
        delivery.state = Delivery.State.CLAIMED
        delivery.claimed_at = now
    return bool(won)


def enqueue(registration, kind: str, occasion: str = ""):
    """Claim this mail and send it once the current transaction commits.

    Returns the :class:`~wagtail_kindness.models.Delivery`, or ``None`` when
    this mail was already claimed (it is never sent twice).
    """
    delivery = claim(registration, kind, occasion)
    if delivery is not None:
        pk = delivery.pk
        transaction.on_commit(
            lambda: send_delivery.using(backend=conf.join_task_backend()).enqueue(pk)
        )
    return delivery


@task()
def send_delivery(delivery_id: int) -> str:
    """The task: send one claimed mail (arguments are JSON: its id)."""
    delivery = (
        Delivery.objects.filter(pk=delivery_id).select_related("registration__series").first()
    )
    if delivery is None:  # erased meanwhile
        return "gone"
    return send_now(delivery)


def send_now(delivery, *, connection=None, meeting=None, now=None) -> str:
    """Send one mail of the ledger and record the outcome ("sent", "failed", "skipped").

    A failure is recorded (its error's class, never its text: it may hold the
    address) and tried again by ``kindness_send_reminders`` up to
    ``WAGTAILKINDNESS_JOIN_MAX_TRIES`` times.
    """
    if delivery.state == Delivery.State.SENT:
        return "skipped"
    try:
        message = compose.message(delivery, connection=connection, meeting=meeting, now=now)
        if message is None:  # nothing to say any more (e.g. the place was cancelled)
            delivery.state = Delivery.State.SENT
            delivery.save(update_fields=["state"])
            return "skipped"
        if connection is not None:  # the caller's open connection, reused
            connection.send_messages([message])
        else:
            message.send()
    except Exception as error:  # any failure of a send is recorded and retried
        delivery.state = Delivery.State.FAILED
        delivery.tries += 1
        delivery.error = type(error).__name__[:100]
        delivery.save(update_fields=["state", "tries", "error"])
        logger.warning(
            "wagtail_kindness: %s could not be sent (%s, try %s of %s)",
            delivery,
            delivery.error,
            delivery.tries,
            conf.join_max_tries(),
        )
        return "failed"
    delivery.state = Delivery.State.SENT
    delivery.tries += 1
    delivery.sent_at = timezone.now()
    delivery.error = ""
    delivery.save(update_fields=["state", "tries", "sent_at", "error"])
    return "sent"
