"""URLs of the multilingual tests: the admin and the API once, the pages per language.

As Wagtail's i18n documentation sets them up: ``i18n_patterns`` with no
prefix for the default language, so ``/conversations/`` is English and
``/fr/conversations/`` French.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from tests.urls import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
]

urlpatterns += i18n_patterns(
    path("", include("wagtail_kindness.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
