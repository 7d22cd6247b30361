"""HTTP caching of a translated series: each language its own copy, ETag and 304.

The language comes from the address (``/fr/…``), so a French page never
answers an English ETag.  Django's ``LocaleMiddleware`` adds ``Vary:
Accept-Language`` to the unprefixed (English) addresses, where it may
choose the language from the request; the prefixed ones do not vary.
"""

from __future__ import annotations

import pytest

PUBLIC = "public, max-age=60, stale-while-revalidate=300"


@pytest.mark.django_db
def test_each_language_has_its_own_public_copy_and_etag(client, series, series_fr):
    english = client.get(series.url)
    french = client.get(series_fr.url)
    assert series_fr.url.startswith("/fr/")
    assert (english["Content-Language"], french["Content-Language"]) == ("en", "fr")
    assert english["Cache-Control"] == french["Cache-Control"] == PUBLIC
    assert english["ETag"] != french["ETag"]
    assert "Accept-Language" in english["Vary"]
    assert "Accept-Language" not in french.get("Vary", "")
    assert client.get(series_fr.url, HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200
    again = client.get(series_fr.url, HTTP_IF_NONE_MATCH=french["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_a_french_visitor_on_the_english_address_gets_the_english_copy(client, series):
    etag = client.get(series.url)["ETag"]
    response = client.get(series.url, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 304  # the page is English whoever asks
