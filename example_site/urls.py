from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from example_site.home.views import search

urlpatterns = [
    # No Content-Security-Policy under admin/ (settings/csp.py, NOT_ON).
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # …/calendar.ics (a dot, which Wagtail's own pattern refuses) reaches the series page.
    path("", include("wagtail_kindness.urls")),
    path("", include(wagtail_urls)),
]
