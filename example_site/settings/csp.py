"""The example site's Content-Security-Policy, sent on every page except the Wagtail admin.

The public pages load only the site's own CSS and JavaScript (no inline
script, style or event handler: the JSON-LD ``<script type="application/ld+json">``
is a data block, which CSP does not govern), so the policy needs no nonce and no
``'unsafe-inline'``.  The one outside origin is the video player: the plugin's
click-to-load facade (``wagtail_kindness/static/wagtail_kindness/js/recording.js``)
inserts an iframe to the player URL that ``wagtail_kindness.embeds.player_for``
makes, only after the visitor clicks.  To allow another video host, add its
player's origin to ``VIDEO_PLAYER_ORIGINS`` (docs/howto/deploy.md).

The Wagtail admin (``/admin/``) gets no CSP: it still relies on inline scripts
and styles, and it is only for signed-in editors (see docs/howto/deploy.md).

A page's preview is the page itself: Wagtail renders it through the whole
middleware stack with a dummy request for the page's public path
(``make_preview_request``), and the admin shows it in an iframe of its own
origin (``/admin/pages/<id>/edit/preview/`` in the preview panel).  So a preview
gets the same policy as the page, but for ``frame-ancestors 'self'``
(:func:`framed_policy`); the public pages keep ``'none'``.

On Django 6.0 and later this is Django's own ``ContentSecurityPolicyMiddleware``
(settings ``SECURE_CSP`` / ``SECURE_CSP_REPORT_ONLY``).  Django 5.2 has none:
there, a small middleware sends the same header, built from the same settings
(no nonce support, which the site does not use).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

try:  # Django >= 6.0
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.utils.csp import CSP

    SELF, NONE = str(CSP.SELF), str(CSP.NONE)
except ImportError:  # Django 5.2
    ContentSecurityPolicyMiddleware = None  # type: ignore[assignment,misc]
    SELF, NONE = "'self'", "'none'"

# Where the plugin's click-to-load players live (wagtail_kindness/embeds.py,
# player_for): YouTube's privacy-enhanced host and Vimeo's player.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    # An audio resource's file plays in <audio preload="none"> (nothing is fetched
    # before the visitor presses play); the file is wherever the archive put it.
    "media-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],  # as X-Frame-Options: DENY
}

# Paths that get no CSP header: the Wagtail admin (example_site/urls.py).
NOT_ON = ("/admin/",)


def _is_public(request) -> bool:
    return not request.path_info.startswith(NOT_ON)


def is_preview(request) -> bool:
    """A Wagtail preview: the dummy request of ``make_preview_request``.

    Wagtail sets both flags on the request it makes itself; a visitor's request
    never has them (they are attributes, not headers).
    """
    return bool(getattr(request, "is_dummy", False) and getattr(request, "is_preview", False))


def framed_policy(policy: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    """``policy`` with ``frame-ancestors 'self'``: what a preview gets."""
    if not policy or "frame-ancestors" not in policy:
        return policy
    return {**policy, "frame-ancestors": [SELF]}


if ContentSecurityPolicyMiddleware is not None:

    class PublicCSPMiddleware(ContentSecurityPolicyMiddleware):
        """Django's CSP middleware, except on the Wagtail admin; previews may be framed."""

        def process_response(self, request, response):
            if not _is_public(request):
                return response
            if is_preview(request):
                # Django's per-response override (what @csp_override sets), unless set.
                for attribute, name in (
                    ("_csp_config", "SECURE_CSP"),
                    ("_csp_ro_config", "SECURE_CSP_REPORT_ONLY"),
                ):
                    if not hasattr(response, attribute):
                        policy = framed_policy(getattr(settings, name, None))
                        setattr(response, attribute, policy)
            return super().process_response(request, response)

else:

    class PublicCSPMiddleware(MiddlewareMixin):  # type: ignore[no-redef]
        """Django 5.2: the same headers from ``SECURE_CSP`` / ``SECURE_CSP_REPORT_ONLY``."""

        def process_response(self, request, response):
            if not _is_public(request):
                return response
            for header, name in (
                ("Content-Security-Policy", "SECURE_CSP"),
                ("Content-Security-Policy-Report-Only", "SECURE_CSP_REPORT_ONLY"),
            ):
                policy = getattr(settings, name, None)
                if is_preview(request):
                    policy = framed_policy(policy)
                if policy and header not in response:
                    response[header] = "; ".join(
                        " ".join([directive, *values]) for directive, values in policy.items()
                    )
            return response
