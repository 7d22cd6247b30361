from importlib.util import find_spec

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls

from benchmarks.bench_app.views import naive_archive
from wagtail_kindness.api_views import KindnessPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KindnessPagesAPIViewSet)

urlpatterns = [
    path("naive/<int:pk>/", naive_archive, name="naive_archive"),
    path("api/v2/", api_router.urls),
    path("documents/", include(wagtaildocs_urls)),
]
if find_spec("wagtail_kindness.urls"):
    urlpatterns.append(path("", include("wagtail_kindness.urls")))
urlpatterns.append(path("", include(wagtail_urls)))
