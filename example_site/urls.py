from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from example_site.home.views import search

urlpatterns = [
    # No Content-Security-Policy under admin/ (settings/csp.py, NOT_ON).
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

pages = [
    path("search/", search, name="search"),
    # …/calendar.ics (a dot, which Wagtail's own pattern refuses) reaches the series page.
    path("", include("wagtail_kindness.urls")),
    path("", include(wagtail_urls)),
]

if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
    # Several languages (settings/i18n.py, make run-i18n): the pages of each
    # language under its prefix (/fr/…), the default language's without one.
    urlpatterns += i18n_patterns(*pages, prefix_default_language=False)
else:
    urlpatterns += pages
