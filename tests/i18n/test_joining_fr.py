"""Joining a conversation in the page's language (issue 16, with Wagtail's i18n).

The series is in sign-up mode (``join_mode="signup"``, a private joining
link) and translated into French (``/fr/``, the plugin has messages) and
Spanish (``/es/``, it has none):

* the French series and conversation pages link to the French form; the form
  (labels, help, meeting dates, "Chaque conversation…") and its errors are in
  French, Django's own messages too;
* a sign-up through the French form sends the confirmation email in French;
  confirming it sends the joining email in French (French dates in the
  person's and the series' zones, the private link) with the ``.ics`` (read by
  icalendar) whose description is in French; the cancel page is in French;
* the Spanish pages fall back to the plugin's English words, with Spanish
  (CLDR) dates, in the pages and in the emails, without an error.

Real page routes through Django's test client; the immediate task backend
sends the emails to ``mail.outbox`` once the request's transaction commits.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from joining_factories import SECRET_LINK, make_signup_series

from kindness_core.schedule.dates import format_when
from wagtail_kindness.joining.forms import EVERY
from wagtail_kindness.joining.meetings import offered_meetings
from wagtail_kindness.models import Delivery, Place, Registration

from .conftest import add_conversation, translate

LONDON, NEW_YORK = "Europe/London", "America/New_York"
TITLES = {"fr": "Conversations pour la bienveillance", "es": "Conversaciones"}
CONFIRM_LINK = re.compile(r"https?://\S+/join/confirm/\?t=\S+")
CANCEL_LINK = re.compile(r"https?://\S+/join/cancel/\?t=\S+")
TAGS = re.compile(r"<[^>]+>")


@pytest.fixture
def signup(home, locales):
    """The English series in sign-up mode, with a private joining link."""
    return make_signup_series(home)


@pytest.fixture
def pages(home, signup):
    """The series in English, French and Spanish, each with its next conversation's page."""
    first = offered_meetings(signup, now=timezone.now())[0]
    conversation = add_conversation(signup, first.date, status="scheduled")
    found = {"en": {"series": signup, "conversation": conversation}}
    for language in ("fr", "es"):
        translate(home, language)
        found[language] = {
            "series": translate(signup, language, title=TITLES[language]),
            "conversation": translate(conversation, language),
        }
    return found


def route(series, name: str = "join_route") -> str:
    return series.url + series.reverse_subpage(name).lstrip("/")


def text_of(response) -> str:
    """The response's HTML as words: tags dropped, entities read."""
    return " ".join(unescape(TAGS.sub(" ", response.content.decode())).split())


def first_meeting(series):
    with translation.override(series.locale.language_code):
        return offered_meetings(series, now=timezone.now())[0]


def sign_up(client, series, capture, **fields):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "when": first_meeting(series).date.isoformat(),
        "time_zone": NEW_YORK,
        "consent": "on",
        **fields,
    }
    with capture(execute=True):
        return client.post(route(series), data)


def follow(client, link: str, capture):
    """The confirmation link of an email: its page (GET), then its button (POST)."""
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    token = parse_qs(urlsplit(link).query)["t"][0]
    with capture(execute=True):
        done = client.post("/" + path, {"t": token})
    return page, done


def attachment(message) -> icalendar.Calendar:
    (found,) = [a for a in message.attachments if a[0] == "invite.ics"]
    return icalendar.Calendar.from_ical(found[1])


# -- the pages -----------------------------------------------------------------


def test_the_french_pages_link_to_the_french_form_and_never_show_the_private_link(client, pages):
    series = pages["fr"]["series"]
    assert series.url == "/fr/conversations/"
    html = client.get(series.url).content.decode()
    assert "Rejoindre la prochaine conversation" in html
    assert 'href="/fr/conversations/join/"' in html
    assert "Join the next conversation" not in html
    assert SECRET_LINK not in html

    conversation = pages["fr"]["conversation"]
    html = client.get(conversation.url).content.decode()
    assert "Rejoindre cette conversation" in html
    assert "/fr/conversations/join/" in html
    assert SECRET_LINK not in html

    english = client.get(pages["en"]["series"].url).content.decode()
    assert "Join the next conversation" in english
    assert "Rejoindre" not in english


def test_the_french_form_is_in_french_with_french_dates(client, pages):
    series = pages["fr"]["series"]
    response = client.get(route(series))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html or 'lang="fr"' in html
    words = text_of(response)
    for french in (
        "Rejoindre une conversation",
        "Pas besoin de compte.",
        "Nom",
        "Adresse e-mail",
        "Nous y envoyons les informations pour participer.",
        "Quelle conversation ?",
        "Chaque conversation, jusqu’à ce que je me désinscrive",
        "Votre fuseau horaire",
        "Envoyez-moi des e-mails sur les conversations auxquelles je m’inscris",
        "Prévenez-moi quand la synthèse et l’enregistrement sont en ligne",
        "Laissez ce champ vide",
        "S’inscrire",
    ):
        assert french in words, french
    for english in ("Which conversation?", "Every conversation until I stop", "Sign up", "Email"):
        assert english not in words, english
    # the meeting's date, in the series' zone, in French words
    meeting = first_meeting(series)
    assert format_when(meeting.start, LONDON, "fr") in words
    assert re.search(r"jeudi \d+ \w+ 20\d\d, 18:00", words)
    assert "Thursday" not in words


def test_the_french_forms_errors_are_in_french(client, pages, django_capture_on_commit_callbacks):
    series = pages["fr"]["series"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            route(series),
            {"name": "", "email": "not-an-address", "when": "1999-01-01", "time_zone": LONDON},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>\s*Erreur : Rejoindre une conversation", html)
    words = text_of(response)
    for french in (
        "Veuillez vérifier le formulaire",
        "Ce champ est obligatoire.",  # Django's own French
        "Saisissez une adresse e-mail valide.",
        "Choisissez l’une des conversations ci-dessous.",
        "Cochez cette case pour que nous puissions vous envoyer les informations.",
    ):
        assert french in words, french
    assert "Please check the form" not in words
    assert "Tick this box" not in words

    # a name on two lines, no conversation chosen
    response = client.post(
        route(series),
        {"name": "Ada\nLovelace", "email": "ada@example.com", "time_zone": LONDON, "consent": "on"},
    )
    words = text_of(response)
    assert "Écrivez votre nom sur une seule ligne, sans caractères spéciaux." in words
    assert "Choisissez une conversation." in words
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_a_french_sign_up_gets_french_emails_and_the_calendar_file(
    client, pages, django_capture_on_commit_callbacks
):
    series = pages["fr"]["series"]
    title = TITLES["fr"]
    response = sign_up(client, series, django_capture_on_commit_callbacks, follow_up="on")
    assert response.status_code == 303
    assert response["Location"].endswith("/fr/conversations/join/sent/")
    sent = client.get(response["Location"])
    assert "Consultez vos e-mails" in text_of(sent)
    assert "ada@example.com" not in sent.content.decode()

    registration = Registration.objects.get()
    assert registration.language == "fr"
    assert registration.series_id == series.pk

    # the confirmation request
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ada@example.com"]
    assert confirmation.subject == f"Confirmez votre inscription : {title}"
    body = confirmation.body
    assert body.startswith("Bonjour Ada Lovelace,")
    assert (
        f"Veuillez confirmer que vous souhaitez participer à {title} en ouvrant ce lien :" in body
    )
    assert "Le lien est valable 48 heures." in body
    assert "Si vous n’avez rien demandé, ignorez cet e-mail" in body
    assert f"Vous recevez cet e-mail à la suite de votre inscription à {title}." in body
    assert "Please confirm" not in body
    html, kind = confirmation.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="fr">' in html
    assert "Confirmer ma place" in html
    (link,) = CONFIRM_LINK.findall(body)
    assert "/fr/conversations/join/confirm/" in link

    # the link: a French page, then its button
    page, done = follow(client, link, django_capture_on_commit_callbacks)
    assert "Confirmez votre inscription" in text_of(page)
    assert "Confirmer" in text_of(page)
    assert done.status_code == 200
    meeting = first_meeting(series)
    words = text_of(done)
    assert "Votre place est réservée" in words
    assert "Les informations pour participer sont en route vers votre boîte e-mail." in words
    assert format_when(meeting.start, LONDON, "fr") in words
    assert Place.objects.get().state == "confirmed"

    # the joining email: French words, French dates in both zones, the private link
    assert len(mail.outbox) == 2
    joining = mail.outbox[1]
    mine = format_when(meeting.start, NEW_YORK, "fr")
    theirs = format_when(meeting.start, LONDON, "fr")
    assert mine != theirs
    assert re.search(r"jeudi \d+ \w+ 20\d\d, 13:00", mine)
    assert joining.subject == f"Votre place : {title}, {mine}"
    body = joining.body
    assert body.startswith("Bonjour Ada Lovelace,")
    assert f"Votre place à la conversation « {meeting.title} » ({title}) est confirmée." in body
    assert f"Quand : {mine}" in body
    assert f"(Heure de la série : {theirs})" in body
    assert f"Rejoindre la conversation : {SECRET_LINK}" in body
    assert "Le fichier de calendrier joint ajoute la conversation à votre agenda." in body
    assert "Annuler votre place et ne plus recevoir ces e-mails :" in body
    for english in ("Hello", "When:", "Your place", "Join the conversation"):
        assert english not in body, english
    html, _ = joining.alternatives[0]
    assert '<html lang="fr">' in html
    assert "Rejoindre la conversation</a>" in html

    # the calendar file: the meeting's time, French words in its description
    calendar = attachment(joining)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.start
    assert str(event["SUMMARY"]) == f"{title}: {meeting.title}"
    description = str(event["DESCRIPTION"])
    assert f"Rejoindre la conversation : {SECRET_LINK}" in description
    assert "Annuler votre place : " in description
    assert "/fr/conversations/join/cancel/" in description
    assert Delivery.objects.filter(registration=registration, state="sent").count() == 2

    # the cancel link of the email: a French page
    (cancel,) = set(CANCEL_LINK.findall(body))
    page = client.get("/" + cancel.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200
    words = text_of(page)
    assert "Vos places" in words
    assert f"Annuler ma place du {format_when(meeting.start, LONDON, 'fr')}" in words
    assert "Ne plus recevoir aucun e-mail et annuler toutes mes places" in words


def test_every_conversation_in_french(client, pages, django_capture_on_commit_callbacks):
    series = pages["fr"]["series"]
    sign_up(client, series, django_capture_on_commit_callbacks, when=EVERY)
    (confirmation,) = mail.outbox
    (link,) = CONFIRM_LINK.findall(confirmation.body)
    _, done = follow(client, link, django_capture_on_commit_callbacks)
    words = text_of(done)
    assert "Votre place est réservée" in words
    assert "Votre inscription vaut pour chaque conversation jusqu’à ce que vous l’arrêtiez" in words
    assert mail.outbox[1].subject.startswith(f"Votre place : {TITLES['fr']}, jeudi ")


# -- Spanish: no plugin catalogue -----------------------------------------------


def test_the_spanish_pages_have_english_words_and_spanish_dates(client, pages):
    series = pages["es"]["series"]
    assert series.url == "/es/conversations/"
    html = client.get(series.url).content.decode()
    assert "Join the next conversation" in html
    assert 'href="/es/conversations/join/"' in html
    assert SECRET_LINK not in html

    response = client.get(route(series))
    assert response.status_code == 200
    words = text_of(response)
    for english in (
        "Join a conversation",
        "Which conversation?",
        "Every conversation until I stop",
    ):
        assert english in words, english
    assert "Rejoindre" not in words
    meeting = first_meeting(series)
    assert format_when(meeting.start, LONDON, "es") in words
    assert "jueves" in words
    assert "Thursday" not in words


def test_a_spanish_sign_up_has_english_words_and_spanish_dates(
    client, pages, django_capture_on_commit_callbacks
):
    series = pages["es"]["series"]
    title = TITLES["es"]
    bad = Client().post(route(series), {"name": "", "email": "x", "time_zone": LONDON})
    assert bad.status_code == 200
    assert "Tick this box so that we can send you the details." in text_of(bad)

    response = sign_up(client, series, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    registration = Registration.objects.get()
    assert registration.language == "es"
    (confirmation,) = mail.outbox
    assert confirmation.subject == f"Please confirm: {title}"
    assert confirmation.body.startswith("Hello Ada Lovelace,")
    (link,) = CONFIRM_LINK.findall(confirmation.body)
    assert "/es/conversations/join/confirm/" in link
    _, done = follow(client, link, django_capture_on_commit_callbacks)
    assert done.status_code == 200
    assert "You have a place" in text_of(done)

    joining = mail.outbox[1]
    meeting = first_meeting(series)
    mine = format_when(meeting.start, NEW_YORK, "es")
    assert "jueves" in mine
    assert joining.subject == f"Your place: {title}, {mine}"
    assert f"When: {mine}" in joining.body
    assert f"(Series time: {format_when(meeting.start, LONDON, 'es')})" in joining.body
    assert f"Join the conversation: {SECRET_LINK}" in joining.body
    (event,) = attachment(joining).walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.start
