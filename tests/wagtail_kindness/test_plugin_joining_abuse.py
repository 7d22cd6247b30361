"""The sign-up form and the emails' links against abuse.

The same answer for a known and an unknown address; rate limits per client
address and per email (the email's limit answers like a success); the
honeypot; CSRF; names that could inject a header; over-long fields; forged,
swapped, expired and erased links; bad dates; huge query strings.  And
nothing is written on any refused request.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone
from joining_factories import join_form_data, join_route, make_registration, make_signup_series

from wagtail_kindness.joining import links, ratelimit
from wagtail_kindness.joining.meetings import offered_meetings
from wagtail_kindness.models import Delivery, Place, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def signup(home):
    return make_signup_series(home)


@pytest.fixture(autouse=True)
def _fresh_limits():
    caches["default"].clear()
    yield
    caches["default"].clear()


route = join_route


def form_data(series, **fields) -> dict:
    return join_form_data(series, **{"time_zone": "Europe/Paris", **fields})


def written() -> tuple[int, int, int]:
    return Registration.objects.count(), Place.objects.count(), Delivery.objects.count()


def per_kind() -> dict[str, int]:
    found: dict[str, int] = {}
    for kind in Delivery.objects.values_list("kind", flat=True):
        found[kind] = found.get(kind, 0) + 1
    return found


def answer(client, series, **fields):
    response = client.post(route(series), form_data(series, **fields), REMOTE_ADDR="203.0.113.9")
    sent = client.get(response["Location"]) if response.status_code == 303 else None
    return response, sent


def test_a_known_and_an_unknown_address_get_the_same_answer(signup):
    known = make_registration(signup, None, email="known@example.com")
    before = per_kind()
    first, first_sent = answer(Client(), signup, email="known@example.com")
    after_known = per_kind()
    second, second_sent = answer(Client(), signup, email="stranger@example.com")
    after_unknown = per_kind()
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert first_sent.content == second_sent.content
    assert "known@example.com" not in first_sent.content.decode()
    # the same work: one confirmation request each, nothing else
    assert after_known == {**before, "confirm": before.get("confirm", 0) + 1}
    assert after_unknown == {**after_known, "confirm": after_known["confirm"] + 1}
    known.refresh_from_db()
    assert known.state == "confirmed"  # untouched until the new request is confirmed


def test_signing_up_twice_reuses_the_pending_registration(signup):
    answer(Client(), signup)
    answer(Client(), signup, name="Ada King", email="ADA@example.COM")
    registration = Registration.objects.get()
    assert registration.name == "Ada King"
    assert registration.email == "ADA@example.com"
    assert Delivery.objects.filter(kind="confirm").count() == 2
    assert len(set(Delivery.objects.values_list("occasion", flat=True))) == 2


@override_settings(WAGTAILKINDNESS_JOIN_RATE_LIMIT_IP=(3, 3600))
def test_too_many_sign_ups_from_one_address_get_a_429(signup):
    client = Client()
    for number in range(3):
        response, _sent = answer(client, signup, email=f"p{number}@example.com")
        assert response.status_code == 303
    before = written()
    refused = client.post(route(signup), form_data(signup), REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many sign-ups" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert written() == before
    # another address is not limited; X-Forwarded-For is not believed
    other = client.post(
        route(signup), form_data(signup, email="x@example.com"), REMOTE_ADDR="198.51.100.1"
    )
    assert other.status_code == 303
    spoofed = client.post(
        route(signup),
        form_data(signup),
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert spoofed.status_code == 429


@override_settings(WAGTAILKINDNESS_JOIN_RATE_LIMIT_EMAIL=(2, 3600))
def test_too_many_sign_ups_for_one_email_answer_like_a_success_and_send_nothing(signup):
    answers = []
    for number in range(4):
        response = Client().post(
            route(signup),
            form_data(signup, email="Ada@Example.com"),
            REMOTE_ADDR=f"10.0.0.{number}",
        )
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1
    assert answers[0][0] == 303
    assert Delivery.objects.filter(kind="confirm").count() == 2
    # the counter's key holds an HMAC, never the address
    key = ratelimit.email_key("ada@example.com")
    assert key == ratelimit.email_key(" ADA@example.COM ")
    assert "ada" not in key
    assert "example" not in key


def test_the_honeypot_answers_like_a_success_and_does_nothing(signup):
    robot, robot_sent = answer(Client(), signup, website="http://spam.example")
    person, person_sent = answer(Client(), signup, email="person@example.com")
    assert robot.status_code == person.status_code == 303
    assert robot_sent.content == person_sent.content
    assert list(Registration.objects.values_list("email", flat=True)) == ["person@example.com"]


def test_the_form_needs_its_csrf_token(signup):
    client = Client(enforce_csrf_checks=True)
    assert client.post(route(signup), form_data(signup)).status_code == 403
    assert written() == (0, 0, 0)
    page = client.get(route(signup))
    token = page.context["csrf_token"] if page.context else client.cookies["csrftoken"].value
    response = client.post(route(signup), {**form_data(signup), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 303
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["Ada\nBcc: victim@example.com", "Ada\rLovelace", "Ada\x00", "Ada\u2028Lovelace", "Ada\u202e"],
)
def test_names_that_could_break_a_header_are_refused(client, signup, name):
    response = client.post(route(signup), form_data(signup, name=name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_name"' in html
    assert 'aria-invalid="true"' in html
    assert written() == (0, 0, 0)


def test_names_in_other_scripts_are_welcome(client, signup):
    for number, name in enumerate(["Zoë Ó Briain", "محمد", "مهرداد\u200cپور", "山田 太郎"]):
        response = client.post(route(signup), form_data(signup, name=name, email=f"{number}@x.org"))
        assert response.status_code == 303, name
    assert Registration.objects.count() == 4


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "A" * 101},
        {"email": "a" * 250 + "@example.com"},
        {"email": "ada@example.com\nBcc: x@example.com"},
        {"email": "not an address"},
        {"name": "   "},
        {"consent": ""},
        {"time_zone": "Mars/Olympus_Mons"},
    ],
)
def test_bad_fields_are_form_errors(client, signup, fields):
    response = client.post(route(signup), form_data(signup, **fields))
    assert response.status_code == 200
    assert "kindness-error-summary" in response.content.decode()
    assert written() == (0, 0, 0)


@pytest.mark.parametrize(
    "when", ["1999-01-01", "2999-12-16", "garbage", "2026-02-30", "", "every\n", "\x00"]
)
def test_a_date_that_is_not_a_coming_conversation_is_a_form_error(client, signup, when):
    response = client.post(route(signup), form_data(signup, when=when))
    assert response.status_code == 200
    assert 'href="#id_when_0"' in response.content.decode()
    assert written() == (0, 0, 0)


@pytest.mark.parametrize("date", ["1999-01-01", "garbage", "2026-13-45", "9" * 5000, "%00"])
def test_a_bad_date_in_the_address_only_chooses_nothing(client, signup, date):
    response = client.get(route(signup), {"date": date})
    assert response.status_code == 200
    assert " checked" not in response.content.decode()


def test_a_huge_query_string_is_no_500(client, signup):
    response = client.get(route(signup) + "?" + "&".join(f"x{i}=y" for i in range(3000)))
    assert response.status_code in (200, 400)
    response = client.get(route(signup, "join_confirm_route") + "?t=" + "a" * 100_000)
    assert response.status_code == 400
    assert written() == (0, 0, 0)


# -- the links ------------------------------------------------------------------


def confirm_post(client, series, token):
    url = route(series, "join_confirm_route")
    return client.post(f"{url}?t={token}", {"t": token})


def test_a_token_names_one_registration_and_cannot_be_altered(client, signup):
    ada = make_registration(signup, None, state="pending")
    bob = make_registration(signup, None, email="bob@example.com", state="pending")
    good = links.make_token(ada, links.CONFIRM)
    # bob's id and key inside, ada's signature kept
    bobs = signing.dumps([bob.pk, bob.key], salt="wagtail_kindness.joining.confirm")
    tampered = bobs.rsplit(":", 1)[0] + ":" + good.rsplit(":", 1)[1]
    assert tampered != bobs
    # signed with another salt (another purpose, another site)
    forged = signing.dumps([bob.pk, bob.key], salt="not-our-salt")
    for token in (forged, tampered, good[:-3] + "abc", "", "x" * 300):
        response = confirm_post(client, signup, token)
        assert response.status_code == 400, token
        assert "This link is not valid" in response.content.decode()
    # bob's key with ada's id (a real signature of a wrong pair)
    crossed = signing.dumps([ada.pk, bob.key], salt="wagtail_kindness.joining.confirm")
    assert confirm_post(client, signup, crossed).status_code == 400
    assert set(Registration.objects.values_list("state", flat=True)) == {"pending"}
    assert not Place.objects.exists()


def test_a_cancel_token_does_not_confirm_and_a_confirm_token_does_not_cancel(client, signup):
    date = offered_meetings(signup, now=timezone.now())[0].date
    pending = make_registration(signup, None, state="pending")
    cancel_token = links.make_token(pending, links.CANCEL)
    assert confirm_post(client, signup, cancel_token).status_code == 400
    confirmed = make_registration(signup, date, email="c@example.com")
    confirm_token = links.make_token(confirmed, links.CONFIRM)
    url = route(signup, "join_cancel_route")
    response = client.post(f"{url}?t={confirm_token}", {"t": confirm_token, "stop": "1"})
    assert response.status_code == 400
    one_click = client.post(f"/kindness/unsubscribe/?t={confirm_token}")
    assert one_click.status_code == 400
    assert Registration.objects.get(pk=confirmed.pk).state == "confirmed"
    assert Registration.objects.get(pk=pending.pk).state == "pending"


def test_a_token_of_another_series_is_refused(client, home, signup):
    other = make_signup_series(home, slug="other", title="Other")
    theirs = make_registration(other, None, state="pending")
    assert confirm_post(client, signup, links.make_token(theirs, links.CONFIRM)).status_code == 400
    assert Registration.objects.get().state == "pending"


def test_an_expired_confirmation_link_says_so(client, signup):
    registration = make_registration(signup, None, state="pending")
    token = links.make_token(registration, links.CONFIRM)
    with override_settings(WAGTAILKINDNESS_JOIN_CONFIRM_MAX_AGE=-1):
        response = confirm_post(client, signup, token)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert route(signup) in html
    assert Registration.objects.get().state == "pending"
    # an old signature (a day ago) with a limit of an hour
    old = signing.TimestampSigner(salt="wagtail_kindness.joining.confirm")
    with override_settings(WAGTAILKINDNESS_JOIN_CONFIRM_MAX_AGE=3600):
        past = timezone.now() - dt.timedelta(days=1)
        old.timestamp = lambda: signing.b62_encode(int(past.timestamp()))  # type: ignore[method-assign]
        stale = old.sign_object([registration.pk, registration.key])
        assert confirm_post(client, signup, stale).status_code == 410


def test_an_erased_registrations_links_stop_working(client, signup):
    registration = make_registration(signup, None, state="pending")
    confirm_token = links.make_token(registration, links.CONFIRM)
    cancel_token = links.make_token(registration, links.CANCEL)
    registration.delete()
    assert confirm_post(client, signup, confirm_token).status_code == 400
    url = route(signup, "join_cancel_route")
    assert client.get(f"{url}?t={cancel_token}").status_code == 400
    assert client.post(f"/kindness/unsubscribe/?t={cancel_token}").status_code == 400


def test_a_place_of_someone_else_cannot_be_cancelled(client, signup):
    date = offered_meetings(signup, now=timezone.now())[0].date
    ada = make_registration(signup, date)
    bob = make_registration(signup, date, email="bob@example.com")
    token = links.make_token(ada, links.CANCEL)
    url = route(signup, "join_cancel_route")
    bobs = Place.objects.get(registration=bob)
    for value in (str(bobs.pk), "garbage", "9" * 50, ""):
        response = client.post(f"{url}?t={token}", {"t": token, "place": value})
        assert response.status_code == 400
    assert set(Place.objects.values_list("state", flat=True)) == {"confirmed"}


def test_the_link_pages_need_csrf_for_their_buttons(signup):
    date = offered_meetings(signup, now=timezone.now())[0].date
    registration = make_registration(signup, date, state="pending")
    client = Client(enforce_csrf_checks=True)
    token = links.make_token(registration, links.CONFIRM)
    assert confirm_post(client, signup, token).status_code == 403
    cancel = links.make_token(registration, links.CANCEL)
    url = route(signup, "join_cancel_route")
    assert client.post(f"{url}?t={cancel}", {"t": cancel, "stop": "1"}).status_code == 403
    assert Registration.objects.get().state == "pending"
