"""``ConversationSeriesPage.to_core()`` reads every page at once (people, themes,
addresses and documents in a few queries): it must give exactly what each
page's own ``to_core()`` gives, whatever the slugs, file names, serve method
and site, with a number of queries that does not grow with the pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from kindness_factories import add_conversation, count_queries, make_document, third_thursday
from wagtail.models import Site

from wagtail_kindness.languages import with_stored_title
from wagtail_kindness.models import ConversationPerson, Speaker


def _resources(document, n: int) -> list:
    return [
        ("summary", {"title": "", "document": document, "pending": False}),
        ("recording", {"title": f"Film {n}", "url": f"https://vimeo.com/{n + 1}"}),
    ]


def _fill(series, count: int, *, start: int = 0) -> None:
    documents = [
        make_document(title="Insights", name="insights.pdf"),
        make_document(title="Résumé", name="résumé été.pdf"),  # non-ASCII, a space
        make_document(title="Slides", name="slides.PPTX"),
    ]
    speakers = [
        Speaker.objects.create(name="Ana Lima"),
        Speaker.objects.create(name="Zoë Ní Bhriain"),
        Speaker.objects.create(name="李 小龍"),
    ]
    for n in range(start, start + count):
        year, month = 2010 + n // 12, n % 12 + 1
        add_conversation(
            series,
            third_thursday(year, month),
            title=f"Conversation {n}" if n % 3 else "",  # some untitled: stored titles
            slug=f"conversación-{n}" if n % 2 else f"talk-{n}",  # Unicode and ASCII slugs
            people=[(speakers[n % 3], "speaker"), (speakers[(n + 1) % 3], "host")],
            themes=["Compassion", f"Thème {n % 4}"],
            resources=_resources(documents[n % 3], n),
        )
    # Numbered as the admin's form and the import number them (the factory leaves
    # them empty: then each database orders a page's people as it likes).
    for number, pk in enumerate(
        ConversationPerson.objects.order_by("pk").values_list("pk", flat=True)
    ):
        ConversationPerson.objects.filter(pk=pk).update(sort_order=number)


def _one_by_one(series, request):
    pages = list(series.conversations())
    return tuple(with_stored_title(p.to_core(series=series, request=request), p) for p in pages)


@pytest.mark.django_db
@pytest.mark.parametrize("serve_method", ["serve_view", "redirect", "direct"])
@pytest.mark.parametrize("with_request", [True, False])
def test_the_whole_archive_equals_each_page_on_its_own(
    series, settings, serve_method, with_request
):
    settings.WAGTAILDOCS_SERVE_METHOD = serve_method
    _fill(series, 8)
    request = RequestFactory().get("/") if with_request else None
    together = series.to_core(request, stored_titles=True).conversations
    assert len(together) == 8
    assert together == _one_by_one(series, request)
    assert all(c.people and c.themes and c.resources for c in together)


@pytest.mark.django_db
def test_a_site_rooted_below_the_series_keeps_wagtails_addresses(series):
    _fill(series, 3)
    Site.objects.create(hostname="other.example", port=80, root_page=series)
    request = RequestFactory().get("/")
    together = series.to_core(request, stored_titles=True).conversations
    assert together == _one_by_one(series, request)


@pytest.mark.django_db
def test_the_whole_archive_costs_the_same_queries_for_more_pages(series):
    _fill(series, 2)
    request = RequestFactory().get("/")
    series.to_core(request)  # process-wide caches (content types, site root paths)
    few = count_queries(lambda: series.to_core(request))
    _fill(series, 18, start=2)
    many = count_queries(lambda: series.to_core(request))
    assert len(series.to_core(request).conversations) == 20
    assert many == few
