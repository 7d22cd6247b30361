"""The signed links of the joining emails: confirm a sign-up, cancel a place.

A token is signed with the site's ``SECRET_KEY`` and a salt per purpose (a
cancel token never confirms), and holds the registration's id and random
key: it names one registration, cannot be guessed, and stops working when
that registration is erased.  Confirmation tokens expire after
``WAGTAILKINDNESS_JOIN_CONFIRM_MAX_AGE``; cancel tokens live as long as the
registration (the retention period erases it).

Tokens travel in the query string (``?t=…``): Wagtail's page routes accept
no ``:`` in a path.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.urls import NoReverseMatch, reverse

from .. import conf
from ..models import Registration

__all__ = [
    "CANCEL",
    "CONFIRM",
    "BadLink",
    "link",
    "make_token",
    "one_click_link",
    "read_token",
    "route_path",
]

CONFIRM = "confirm"
CANCEL = "cancel"
_SALT = "wagtail_kindness.joining.{}"


class BadLink(Exception):
    """A link that is not ours, was altered, has expired or names nobody."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def make_token(registration, purpose: str) -> str:
    return signing.dumps([registration.pk, registration.key], salt=_SALT.format(purpose))


def read_token(token: str, purpose: str):
    """The :class:`~wagtail_kindness.models.Registration` a token names, or :class:`BadLink`."""
    max_age = conf.join_confirm_max_age() if purpose == CONFIRM else None
    try:
        pk, key = signing.loads(token, salt=_SALT.format(purpose), max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error
    registration = Registration.objects.filter(pk=pk, key=key).select_related("series").first()
    if registration is None:
        raise BadLink
    return registration


def route_path(series, name: str, request=None) -> str:
    """The address of one of the series' joining routes (``join/``, ``join/sent/``…),
    relative to the site as the page's own ``get_url`` is."""
    base = series.get_url(request) or "/"
    base = base if base.endswith("/") else base + "/"
    return base + series.reverse_subpage(name).lstrip("/")


def link(registration, purpose: str, request=None) -> str:
    """The full address of the series' confirm or cancel route for this registration."""
    series = registration.series
    base = series.get_full_url(request) + series.reverse_subpage(f"join_{purpose}_route")
    return f"{base}?{urlencode({'t': make_token(registration, purpose)})}"


def one_click_link(registration, request=None) -> str | None:
    """The RFC 8058 one-click address (``List-Unsubscribe-Post``), or ``None``.

    Mail programs POST to it without cookies, so it cannot be a page route
    (Wagtail's ``serve`` view checks CSRF): it is the plugin's own URL
    ``wagtail_kindness_unsubscribe`` (``wagtail_kindness.urls``), which a site
    includes for ``calendar.ics`` too.  Without it, emails carry only the
    cancel page's link.
    """
    try:
        path = reverse("wagtail_kindness_unsubscribe")
    except NoReverseMatch:
        return None
    root = registration.series.get_site().root_url
    return f"{root}{path}?{urlencode({'t': make_token(registration, CANCEL)})}"
