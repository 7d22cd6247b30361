"""The floor: a Wagtail page with only a title."""

from wagtail.models import Page


class BarePage(Page):
    template = "bench_app/bare_page.html"
