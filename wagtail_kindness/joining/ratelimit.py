"""Rate limits of the sign-up form: per client address and per email address.

Counters live in the Django cache ``WAGTAILKINDNESS_JOIN_RATE_LIMIT_CACHE``
in fixed windows of ``WAGTAILKINDNESS_JOIN_RATE_LIMIT_IP`` /
``…_EMAIL`` (``(count, seconds)``).  Keys hold an HMAC (the site's
``SECRET_KEY``) of the address, never the address itself.

The client address is ``REMOTE_ADDR``: a site behind a proxy or a load
balancer must set it to the visitor's address (e.g. with its server's
``--forwarded-allow-ips`` or a middleware it trusts).  ``X-Forwarded-For``
is not read here: anyone can send it.

A cache that fails lets the request through (and logs it, without the
address): the limits protect against abuse, they must not take the form down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.core.cache import caches
from django.utils.crypto import salted_hmac

from .. import conf

__all__ = ["Verdict", "check_email", "check_ip", "client_address", "email_key"]

logger = logging.getLogger(__name__)

_SALT = "wagtail_kindness.joining.ratelimit"
_PREFIX = "wagtail_kindness:join"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    allowed: bool
    #: Seconds until the current window ends (the ``Retry-After`` of a refusal).
    retry_after: int


def client_address(request) -> str:
    """The visitor's address: ``REMOTE_ADDR`` (set it right behind a proxy)."""
    return str(request.META.get("REMOTE_ADDR") or "")


def _hmac(kind: str, value: str) -> str:
    return salted_hmac(f"{_SALT}.{kind}", value, algorithm="sha256").hexdigest()


def email_key(email: str) -> str:
    """The counter's name for an email address: an HMAC of it, lower-cased."""
    return _hmac("email", email.strip().lower())


def _count(kind: str, name: str, *, now: dt.datetime) -> Verdict:
    limit, seconds = conf.join_rate_limit(kind)
    seconds = max(1, seconds)
    stamp = int(now.timestamp())
    window = stamp // seconds
    retry_after = seconds - stamp % seconds
    key = f"{_PREFIX}:{kind}:{name}:{window}"
    try:
        cache = caches[conf.join_rate_limit_cache()]
        cache.add(key, 0, timeout=seconds + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=seconds + 60)
            used = 1
    except Exception:  # any backend error: the form stays usable
        logger.warning("wagtail_kindness: the join rate-limit cache failed", exc_info=True)
        return Verdict(allowed=True, retry_after=0)
    return Verdict(allowed=used <= limit, retry_after=retry_after)


def check_ip(request, *, now: dt.datetime) -> Verdict:
    """Count one sign-up attempt from the request's address."""
    return _count("ip", _hmac("ip", client_address(request)), now=now)


def check_email(email: str, *, now: dt.datetime) -> Verdict:
    """Count one sign-up for ``email``; refused: no mail is sent (the visitor is not told)."""
    return _count("email", email_key(email), now=now)
