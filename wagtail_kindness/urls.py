"""URLs a site includes so that ``…/calendar.ics`` reaches the pages.

Wagtail's own URL pattern accepts only letters, digits, ``-`` and ``_`` in
each part of a page's path, so ``/conversations/calendar.ics`` would never
reach the series page.  This pattern hands such addresses to Wagtail's
``serve`` view, which routes them to the page (and applies its privacy
rules) like any other::

    urlpatterns = [
        ...,
        path("", include("wagtail_kindness.urls")),
        path("", include(wagtail_urls)),
    ]

It also holds ``kindness/unsubscribe/``, the one-click "stop these emails"
address of the joining emails (:func:`wagtail_kindness.views.joining.one_click`).

Without it the calendars are served at ``…/calendar/``
(:mod:`wagtail_kindness.addresses`), and system check
``wagtail_kindness.W002`` says which line to add.
"""

from django.urls import path, re_path
from wagtail import views

from .views import joining

urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)*calendar\.ics/?)$",
        views.serve,
        name="wagtail_kindness_calendar",
    ),
    # RFC 8058 one-click "unsubscribe" of the joining emails (List-Unsubscribe-Post):
    # mail programs POST without cookies, so it cannot be a page route (CSRF).
    path("kindness/unsubscribe/", joining.one_click, name="wagtail_kindness_unsubscribe"),
]
