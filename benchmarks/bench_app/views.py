"""The alternative: an archive written the way Wagtail tutorials do."""

from django.shortcuts import render

from wagtail_kindness.models import ConversationSeriesPage


def naive_archive(request, pk: int):
    """``get_children().live().specific()``, then each page's speakers and resources."""
    page = ConversationSeriesPage.objects.get(pk=pk)
    children = page.get_children().live().specific().order_by("-first_published_at", "-path")
    return render(request, "bench_app/naive_archive.html", {"page": page, "children": children})
