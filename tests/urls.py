from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_kindness.api_views import KindnessPagesAPIViewSet

# The Wagtail API v2, as a headless site enables it (see docs/urls.md).
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KindnessPagesAPIViewSet)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path("", include("wagtail_kindness.urls")),
    path("", include(wagtail_urls)),
]
