"""Accented and non-Latin theme slugs link and resolve in every language's tree.

A conversation is published through the admin in the French and in the
Spanish series, with themes in several scripts; its page and its series'
archive link each theme under the page's own language prefix
(``/fr/conversations/themes/santé-publique/``), and each link, percent-encoded
as served or typed by hand, lists that conversation, and only in its tree.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse
from kindness_factories import conversation_form_data

from wagtail_kindness.models import ConversationPage, Theme

from .conftest import third_thursday, translate

NAMES = ["Santé publique", "Bien-être", "Ελληνικά", "思いやり", "健康管理", "Salud pública"]
TITLES = {"fr": "Bienveillance partout", "es": "Amabilidad en todas partes"}


@pytest.fixture
def trees(series, series_fr, home):
    home_es = translate(home, "es")
    series_es = translate(series, "es", title="Conversaciones por la amabilidad")
    assert home_es.url_path != home.url_path
    return {"en": series, "fr": series_fr, "es": series_es}


def _publish(admin_client, series, title, day):
    url = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )
    themes = ", ".join(f'"{name}"' for name in NAMES)
    data = conversation_form_data(day, title=title, themes=themes)
    response = admin_client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors
    page = ConversationPage.objects.child_of(series).get(date=day)
    assert page.live
    return page


def theme_link(series, slug: str) -> str:
    return series.url + series.reverse_subpage("theme_route", args=(slug,))


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_theme_links_and_routes_in_the_languages_tree(admin_client, client, trees, language):
    series = trees[language]
    page = _publish(admin_client, series, TITLES[language], third_thursday(2024, 2))
    assert page.locale.language_code == language
    assert page.url.startswith(f"/{language}/")
    client.logout()
    themes = {theme.name: theme for theme in Theme.objects.filter(name__in=NAMES)}
    assert set(themes) == set(NAMES)
    assert themes["Santé publique"].slug == "santé-publique"
    assert themes["Ελληνικά"].slug == "ελληνικά"
    assert themes["思いやり"].slug == "思いやり"

    page_html = client.get(page.url).content.decode()
    archive_html = client.get(series.url).content.decode()
    for name, theme in themes.items():
        link = theme_link(series, theme.slug)
        assert link.startswith(f"/{language}/conversations/themes/"), link
        assert unquote(link) == f"/{language}/conversations/themes/{theme.slug}/"
        assert link in _hrefs(page_html), (name, sorted(_hrefs(page_html)))
        assert link in _hrefs(archive_html), name
        for address in (link, unquote(link), quote(unquote(link))):
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)
            assert response["Content-Language"] == language
            assert TITLES[language] in response.content.decode()


def test_a_theme_resolves_only_in_the_trees_that_have_it(admin_client, client, trees):
    _publish(admin_client, trees["fr"], TITLES["fr"], third_thursday(2024, 2))
    _publish(admin_client, trees["es"], TITLES["es"], third_thursday(2024, 3))
    client.logout()
    for name in ("Santé publique", "Ελληνικά", "思いやり"):
        slug = Theme.objects.get(name=name).slug
        french = client.get(theme_link(trees["fr"], slug)).content.decode()
        assert TITLES["fr"] in french
        assert TITLES["es"] not in french
        spanish = client.get(theme_link(trees["es"], slug)).content.decode()
        assert TITLES["es"] in spanish
        assert TITLES["fr"] not in spanish
        # No English conversation has the theme: the English route has nothing to list.
        english = theme_link(trees["en"], slug)
        assert english.startswith("/conversations/themes/")
        assert client.get(english).status_code == 404
