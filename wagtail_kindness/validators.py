"""The rule for web addresses, shared by model fields, forms, blocks and outputs.

One rule, in one place: :func:`kindness_core.series.is_web_url`.  The
admin's validator (:func:`validate_web_url`) refuses what it refuses, so an
editor can never save an address that an output (``calendar.ics``, the
feeds, the API, JSON-LD) would refuse; Django's ``URLValidator`` also checks
the host name, so the admin accepts a subset of what the core accepts.

:func:`web_url` is the other side, for stored values that came another way
(the shell, an import, an older version): a stored address the rule refuses
is left out of the outputs and logged, and the rest is served.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kindness_core.series import is_web_url

__all__ = [
    "WebURLField",
    "WebURLModelField",
    "validate_web_url",
    "web_url",
    "web_url_validator",
]

logger = logging.getLogger(__name__)

_MESSAGE = _(
    "Enter a web address starting with http:// or https://, without spaces or the "
    'characters < > " \\ ^ ` { | } (percent-encode them, e.g. %7C for |).'
)

#: Django's own words (and their translations, from Django's catalogue), for an
#: address whose host is wrong.
_INVALID = URLValidator.message

#: Django's check of the host name and the rest of the address.
web_url_validator = URLValidator(schemes=["http", "https"], message=_MESSAGE)


def validate_web_url(value: str) -> None:
    """Refuse anything but an absolute http(s) address that every output can carry.

    One error, whatever is wrong.  Its code is not ``"invalid"``: a form field
    would replace the message of that code by its own ``"Enter a valid URL."``.
    """
    if not value:
        return
    if not is_web_url(value.strip()):
        raise ValidationError(_MESSAGE, code="not_web_url")
    try:
        web_url_validator(value)
    except ValidationError:
        raise ValidationError(_INVALID, code="not_web_url") from None


class WebURLField(forms.URLField):
    """A form field for a web address: :func:`validate_web_url` is its only check.

    Django's ``URLField`` also runs its own ``URLValidator``, which would say
    "Enter a valid URL." a second time for an address both refuse.  An
    address without a scheme is taken as https://, on every Django version.
    """

    default_validators = [validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebURLModelField(models.URLField):
    """A model field for a web address: :func:`validate_web_url` is its only check,
    so ``full_clean()`` outside the admin also says one thing for one bad address;
    its form field is :class:`WebURLField`."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLField, **kwargs})


def web_url(url: str | None, *, what: str = "address") -> str | None:
    """``url`` if every output can carry it, else ``None`` (logged when not empty).

    ``what`` names the value in the log, e.g. ``"joining link of series 3"``.
    """
    if not url:
        return None
    if is_web_url(url):
        return url
    logger.warning("wagtail_kindness: left out the %s %r: not a usable web address", what, url)
    return None
