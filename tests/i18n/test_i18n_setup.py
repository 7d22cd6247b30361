"""The multilingual test settings are what a bilingual Wagtail site configures."""

from __future__ import annotations

from django.conf import settings

from .conftest import add_conversation, third_thursday, translate


def test_the_settings_turn_on_wagtails_i18n():
    assert settings.WAGTAIL_I18N_ENABLED
    assert "wagtail.contrib.simple_translation" in settings.INSTALLED_APPS
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def test_each_language_has_its_own_archive_address(client, series, series_fr):
    english = add_conversation(series, third_thursday(2024, 2), title="Kindness and courage")
    french = translate(english, "fr", conversation_title="Bienveillance et courage")
    assert series.url == "/conversations/"
    assert series_fr.url == "/fr/conversations/"
    assert french.get_parent().specific == series_fr
    assert client.get("/conversations/").status_code == 200
    response = client.get("/fr/conversations/")
    assert response.status_code == 200
    assert "Bienveillance et courage" in response.content.decode()
