"""Validators shared by model fields, forms and blocks."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

#: Only web addresses: a ``javascript:`` or ``data:`` URL is refused.
web_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
)


def validate_web_url(value: str) -> None:
    """Refuse anything but an absolute http(s) URL."""
    if not value:
        return
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            _("Enter a web address starting with http:// or https://."), code="invalid_scheme"
        )
    web_url_validator(value)
