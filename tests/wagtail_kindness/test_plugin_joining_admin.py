"""What editors and administrators do with joining: registrations, counts, forms, copies, checks.

Through the real admin views (Django's test client): the registrations
listing (search, filters, CSV/XLSX export without the links' secret key),
inspect, resend and remove (the first person waiting is promoted), a
person's data (download, erase after a confirmation step), who may see it;
the counts on the dashboard and the conversations listing (constant query
counts); the series and conversation forms; copies; the system checks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import checks, mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from joining_factories import SECRET_LINK, make_registration, make_signup_series
from kindness_factories import (
    add_conversation,
    conversation_form_data,
    count_queries,
    make_series,
    series_form_data,
    third_thursday,
)
from wagtail import hooks

from wagtail_kindness.checks import check_join_sender, check_settings
from wagtail_kindness.dashboard import summarise
from wagtail_kindness.models import (
    ConversationPage,
    ConversationSeriesPage,
    Delivery,
    Place,
    Registration,
)

pytestmark = pytest.mark.django_db

#: Meetings still to come (the tests run before them), in winter and in summer time.
MARCH = third_thursday(2027, 3)
APRIL = third_thursday(2027, 4)
OCTOBER = third_thursday(2027, 10)
INDEX = "wagtail_kindness_registrations:index"


def url(name: str, *args) -> str:
    return reverse(f"wagtail_kindness_registrations:{name}", args=args)


def texts(response) -> list[str]:
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


@pytest.fixture
def signup(home):
    return make_signup_series(home)


def _user(django_user_model, username: str, *codenames: str, groups=()):
    user = django_user_model.objects.create_user(username=username, password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor_client(client, django_user_model):
    """A Wagtail editor: may edit every page, has no registration permission."""
    client.force_login(_user(django_user_model, "editor", groups=["Editors"]))
    return client


@pytest.fixture
def viewer_client(client, django_user_model):
    """May view registrations (and export them), not resend, remove or erase."""
    client.force_login(_user(django_user_model, "viewer", "view_registration"))
    return client


# -- the listing ------------------------------------------------------------------


def test_the_listing_shows_series_meetings_state_and_never_the_key(admin_client, signup):
    ada = make_registration(signup, MARCH, every=True)
    Place.objects.create(registration=ada, series=signup, date=APRIL, state="waiting")
    make_registration(signup, None, name="Grace Hopper", email="grace@example.org", state="pending")
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" in html
    assert "grace@example.org" in html
    assert f"{MARCH:%-d %b %Y} — Confirmed; {APRIL:%-d %b %Y} — On the waiting list" in html
    assert "Waiting for confirmation" in html
    assert ada.key not in html
    assert "Add registration" not in html  # no add view


def test_search_by_name_and_email_and_the_filters(admin_client, signup, home):
    other = make_signup_series(home, title="Evening circle", slug="evening")
    make_registration(signup, MARCH, name="Ada Lovelace", email="ada@example.com")
    make_registration(signup, APRIL, name="Grace Hopper", email="grace@navy.example", every=True)
    make_registration(other, OCTOBER, name="Mary Somerville", email="mary@example.com")
    make_registration(signup, None, name="Alan Turing", email="alan@example.com", state="pending")

    def names(**query):
        response = admin_client.get(reverse(INDEX), query)
        assert response.status_code == 200
        return sorted(r.name for r in response.context["object_list"])

    assert names(q="hopper") == ["Grace Hopper"]
    assert names(q="NAVY.example") == ["Grace Hopper"]
    assert names(q="example.com") == ["Ada Lovelace", "Alan Turing", "Mary Somerville"]
    assert names(series=other.pk) == ["Mary Somerville"]
    assert names(state="pending") == ["Alan Turing"]
    assert names(every="true") == ["Grace Hopper"]
    assert names(meeting_from=str(APRIL), meeting_to=str(OCTOBER)) == [
        "Grace Hopper",
        "Mary Somerville",
    ]
    assert names(meeting_to=str(MARCH)) == ["Ada Lovelace"]
    # A bad value is a form error of the filter, never a 500.
    assert admin_client.get(reverse(INDEX), {"meeting_from": "not a date"}).status_code == 200


def _rows(n: int, series) -> None:
    for i in range(n):
        registration = make_registration(series, MARCH, email=f"p{i}@example.com", every=True)
        Place.objects.create(registration=registration, series=series, date=APRIL, state="waiting")


@pytest.mark.parametrize("query", [{}, {"export": "csv"}, {"export": "xlsx"}])
def test_listing_and_export_cost_the_same_queries_for_2_or_12_rows(
    admin_client, signup, home, query
):
    _rows(2, signup)
    few = count_queries(lambda: admin_client.get(reverse(INDEX), query))
    _rows(10, make_signup_series(home, title="Second", slug="second"))
    many = count_queries(lambda: admin_client.get(reverse(INDEX), query))
    assert few == many


def test_the_csv_export_has_readable_columns_and_no_key_and_no_formula(admin_client, signup):
    ada = make_registration(signup, MARCH, name='=HYPERLINK("http://evil")', every=True)
    response = admin_client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == [
        "Name",
        "Email",
        "Series",
        "Meetings",
        "State",
        "Every conversation",
        "Follow-up",
        "Time zone",
        "Language",
        "Signed up",
        "Confirmed",
    ]
    assert rows[0]["Name"].startswith("'=")  # text, not a formula
    assert rows[0]["Series"] == signup.title
    assert rows[0]["Meetings"] == f"{MARCH:%-d %b %Y} — Confirmed"
    assert rows[0]["State"] == "Confirmed"
    assert rows[0]["Every conversation"] == "yes"
    assert ada.key not in body
    assert "registrations" in response["Content-Disposition"]


def test_the_xlsx_export_reads_back(admin_client, signup):
    ada = make_registration(signup, MARCH)
    response = admin_client.get(reverse(INDEX), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Name", "Email", "Series"]
    assert values[1][:2] == ["Ada Lovelace", "ada@example.com"]
    assert all(ada.key not in str(v) for row in values for v in row)


def test_inspect_shows_the_data_but_not_the_key(admin_client, signup):
    ada = make_registration(signup, MARCH, time_zone="Asia/Kolkata")
    response = admin_client.get(url("inspect", ada.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asia/Kolkata" in html
    assert "ada@example.com" in html
    assert f"{MARCH:%-d %b %Y} — Confirmed" in html
    assert ada.key not in html
    assert url("resend", ada.pk) in html


def test_there_is_no_add_or_edit_view(admin_client, signup):
    ada = make_registration(signup, MARCH)
    for address in (
        reverse(INDEX) + "new/",
        reverse(INDEX) + f"edit/{ada.pk}/",
        reverse(INDEX) + f"copy/{ada.pk}/",
    ):
        assert admin_client.get(address).status_code == 404


# -- remove and resend ---------------------------------------------------------------


def test_removing_a_registration_promotes_the_first_person_waiting(
    admin_client, home, django_capture_on_commit_callbacks
):
    full = make_signup_series(home, capacity=1)
    ada = make_registration(full, MARCH)
    grace = make_registration(
        full, MARCH, name="Grace", email="grace@example.org", place_state="waiting"
    )
    alan = make_registration(
        full, MARCH, name="Alan", email="alan@example.org", place_state="waiting"
    )
    assert admin_client.get(url("delete", ada.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("delete", ada.pk))
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=ada.pk).exists()
    assert grace.places.get().state == "confirmed"
    assert alan.places.get().state == "waiting"
    joining = Delivery.objects.get(registration=grace, kind="joining")
    assert joining.state == "sent"
    [message] = mail.outbox
    assert message.to == ["grace@example.org"]
    assert SECRET_LINK in message.body
    said = texts(response)
    assert said == ["1 registration removed."]
    assert not any("Ada" in t or "@" in t for t in said)


def test_removing_a_waiting_or_past_registration_promotes_nobody(
    admin_client, home, django_capture_on_commit_callbacks
):
    full = make_signup_series(home, capacity=1)
    make_registration(full, MARCH)
    grace = make_registration(full, MARCH, email="g@example.org", place_state="waiting")
    alan = make_registration(full, MARCH, email="a@example.org", place_state="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("delete", grace.pk))
    assert alan.places.get().state == "waiting"
    past = make_registration(full, third_thursday(2024, 2), email="old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url("delete", past.pk)).status_code == 302
    assert mail.outbox == []


def test_resend_the_joining_details_of_the_coming_place(
    admin_client, signup, django_capture_on_commit_callbacks
):
    ada = make_registration(signup, MARCH)
    Place.objects.create(registration=ada, series=signup, date=third_thursday(2024, 2))  # past
    Delivery.objects.create(
        registration=ada, kind="joining", occasion=MARCH.isoformat(), state="sent"
    )
    page = admin_client.get(url("resend", ada.pk))
    assert "Resend the joining details" in page.content.decode()
    for _ in range(2):  # twice: each resend is a mail of its own
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url("resend", ada.pk))
        assert response.status_code == 302
        assert response["Location"] == url("inspect", ada.pk)
    resent = Delivery.objects.filter(registration=ada, occasion__contains="#resend-")
    assert [d.occasion[:10] for d in resent] == [MARCH.isoformat()] * 2
    assert {d.state for d in resent} == {"sent"}
    assert len(mail.outbox) == 2
    assert all(SECRET_LINK in m.body and m.to == ["ada@example.com"] for m in mail.outbox)
    assert texts(response)[-1] == "The joining details will be sent again."


def test_resend_the_confirmation_request_of_a_pending_registration(
    admin_client, signup, django_capture_on_commit_callbacks
):
    alan = make_registration(signup, None, name="Alan", email="alan@example.com", state="pending")
    alan.date = MARCH
    alan.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("resend", alan.pk))
    assert response.status_code == 302
    assert Delivery.objects.get(registration=alan).kind == "confirm"
    [message] = mail.outbox
    assert "join/confirm/?t=" in message.body
    assert SECRET_LINK not in message.body  # not before confirming
    assert texts(response) == ["The confirmation request will be sent again."]


def test_nothing_to_resend_is_a_warning(admin_client, signup, django_capture_on_commit_callbacks):
    old = make_registration(signup, third_thursday(2024, 2))
    cancelled = make_registration(signup, MARCH, email="c@example.org", state="cancelled")
    for registration in (old, cancelled):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url("resend", registration.pk))
        assert response.status_code == 302
        assert texts(response)[-1] == "Nothing to resend: this registration has no coming place."
    assert not Delivery.objects.exists()
    assert mail.outbox == []
    assert admin_client.post(url("resend", 999999)).status_code == 404


# -- a person's data -------------------------------------------------------------------


def test_a_persons_data_downloads_as_json(admin_client, signup, home):
    other = make_signup_series(home, title="Evening circle", slug="evening")
    make_registration(signup, MARCH)
    make_registration(other, APRIL, email="ADA@example.com")
    make_registration(signup, MARCH, name="Grace", email="grace@example.org")
    assert admin_client.get(url("person")).status_code == 200
    response = admin_client.post(url("person"), {"email": "ada@example.com", "export": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert sorted(r["series"] for r in data["registrations"]) == [
        "Conversations for Kindness",
        "Evening circle",
    ]
    assert "grace" not in response.content.decode().lower()
    assert "key" not in json.dumps(data)


def test_erasing_a_persons_data_asks_first_then_erases_and_promotes(
    admin_client, home, django_capture_on_commit_callbacks
):
    full = make_signup_series(home, capacity=1)
    make_registration(full, MARCH)
    make_registration(full, APRIL, email="Ada@Example.com")
    grace = make_registration(
        full, MARCH, name="Grace", email="grace@example.org", place_state="waiting"
    )
    asked = admin_client.post(url("person"), {"email": "ada@example.com", "erase": "1"})
    assert asked.status_code == 200
    assert "2 registrations have this address." in asked.content.decode()
    assert Registration.objects.count() == 3  # nothing erased yet
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url("person"), {"email": "ada@example.com", "confirm": "True", "erase": "1"}
        )
    assert response.status_code == 302
    assert list(Registration.objects.all()) == [grace]
    assert grace.places.get().state == "confirmed"
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    assert texts(response) == ["2 registrations erased."]


@pytest.mark.parametrize("email", ["", "not-an-address", "a" * 300 + "@example.com"])
def test_a_bad_address_is_a_form_error(admin_client, email):
    response = admin_client.post(url("person"), {"email": email, "export": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


# -- who may see it ----------------------------------------------------------------------


def test_an_editor_without_registration_permissions_sees_nothing(editor_client, signup):
    ada = make_registration(signup, MARCH)
    home_page = editor_client.get(reverse("wagtailadmin_home"))
    assert home_page.status_code == 200
    assert reverse(INDEX) not in home_page.content.decode()
    for address in (
        reverse(INDEX),
        reverse(INDEX) + "?export=csv",
        url("inspect", ada.pk),
        url("delete", ada.pk),
        url("resend", ada.pk),
        url("person"),
    ):
        response = editor_client.get(address)
        assert response.status_code in (302, 403), address
        assert b"ada@example.com" not in response.content
    for address in (url("delete", ada.pk), url("resend", ada.pk)):
        assert editor_client.post(address).status_code in (302, 403)
    response = editor_client.post(url("person"), {"email": "ada@example.com", "export": "1"})
    assert response.status_code in (302, 403)
    assert b"Lovelace" not in response.content
    assert Registration.objects.filter(pk=ada.pk).exists()
    # The editor may still edit the series page itself.
    assert (
        editor_client.get(reverse("wagtailadmin_pages:edit", args=[signup.pk])).status_code == 200
    )


def test_the_view_permission_shows_and_exports_but_does_not_act(viewer_client, signup):
    ada = make_registration(signup, MARCH)
    assert reverse(INDEX) in viewer_client.get(reverse("wagtailadmin_home")).content.decode()
    listing = viewer_client.get(reverse(INDEX))
    assert listing.status_code == 200
    assert url("delete", ada.pk) not in listing.content.decode()
    assert url("resend", ada.pk) not in listing.content.decode()
    assert viewer_client.get(reverse(INDEX), {"export": "csv"}).status_code == 200
    assert viewer_client.get(url("inspect", ada.pk)).status_code == 200
    assert viewer_client.post(url("delete", ada.pk)).status_code in (302, 403)
    assert viewer_client.post(url("resend", ada.pk)).status_code in (302, 403)
    export = viewer_client.post(url("person"), {"email": "ada@example.com", "export": "1"})
    assert export.status_code == 200
    erase = viewer_client.post(
        url("person"), {"email": "ada@example.com", "confirm": "True", "erase": "1"}
    )
    assert erase.status_code in (302, 403)
    assert Registration.objects.filter(pk=ada.pk).exists()
    assert not Delivery.objects.exists()


def test_the_group_settings_offer_view_change_and_delete_but_not_add():
    offered = {
        p.codename
        for fn in hooks.get_hooks("register_permissions")
        for p in fn()
        if p.content_type.model == "registration"
    }
    assert offered == {"view_registration", "change_registration", "delete_registration"}


# -- counts on the dashboard and the conversations listing ------------------------------


def _coming(series, count: int = 3) -> list[dt.date]:
    schedule = series.base_schedule()
    return [o.start.date() for o in schedule.upcoming(after=timezone.now(), count=count)]


def _fill(series, day, confirmed: int, waiting: int, prefix: str = "p") -> None:
    for i in range(confirmed):
        make_registration(series, day, email=f"{prefix}{series.pk}c{i}@example.org")
    for i in range(waiting):
        make_registration(
            series, day, email=f"{prefix}{series.pk}w{i}@example.org", place_state="waiting"
        )


def test_the_dashboard_counts_places_of_the_coming_meetings(admin_client, signup, home):
    first, second, _third = _coming(signup)
    _fill(signup, first, 2, 1)
    cancelled = make_registration(signup, second, email="gone@example.org")
    cancelled.places.update(state="cancelled")
    contact = make_series(home, title="By contact", slug="contact")  # no sign-up: no counts
    _fill(contact, _coming(contact)[0], 1, 0)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-kindness-registrations="2/1">2 registered, 1 waiting<' in html
    # The three coming meetings of the sign-up series (a cancelled place is no place).
    assert html.count("data-kindness-registrations=") == 3
    assert html.count('data-kindness-registrations="0/0">0 registered<') == 2


def test_the_dashboard_costs_the_same_queries_for_more_series_and_registrations(
    admin_user, signup, home
):
    now = timezone.now()
    _fill(signup, _coming(signup)[0], 1, 1)
    few = count_queries(lambda: summarise([signup], now, admin_user))
    second = make_signup_series(  # another zone: its dates are its own
        home,
        title="Second",
        slug="second",
        capacity=3,
        schedule_timezone="America/New_York",
        schedule_time=dt.time(12, 0),
    )
    for day in _coming(second):
        _fill(second, day, 3, 4)
    many_series = [signup, second]
    many = count_queries(lambda: summarise(many_series, now, admin_user))
    by_date = {
        m.start.date(): m.places
        for s in summarise(many_series, now, admin_user)
        for m in s.meetings
    }
    assert all(by_date[day] == (3, 4) for day in _coming(second))
    # Each series adds Wagtail's permission reads of its own; the places add none.
    contact = make_series(home, title="By contact", slug="x")
    one_more = count_queries(lambda: summarise([signup, contact], now, admin_user))
    assert many == one_more
    assert few <= many


def test_the_listing_has_a_registrations_column_in_constant_queries(admin_client, signup, home):
    listing = reverse("wagtail_kindness_conversations:index")
    days = [third_thursday(2027, m) for m in range(1, 9)]
    for day in days[:2]:
        add_conversation(signup, day, status="scheduled")
    _fill(signup, days[0], 3, 1)
    response = admin_client.get(listing)
    html = response.content.decode()
    assert "3 registered, 1 waiting" in html
    assert "0 registered" in html  # the second meeting: nobody yet
    few = count_queries(lambda: admin_client.get(listing))
    for day in days[2:]:
        add_conversation(signup, day, status="scheduled")
        _fill(signup, day, 2, 2, prefix=f"d{day.month}")
    many = count_queries(lambda: admin_client.get(listing))
    assert few == many
    assert admin_client.get(listing).content.decode().count("2 registered, 2 waiting") == 6


def test_a_series_without_sign_up_has_no_registration_counts(admin_client, series):
    add_conversation(series, MARCH, status="scheduled")
    html = admin_client.get(reverse("wagtail_kindness_conversations:index")).content.decode()
    assert "registered" not in html


# -- the editor's forms ---------------------------------------------------------------------


def _edit_series(client, series, **fields):
    fields = {
        "join_mode": "signup",
        "meeting_url": SECRET_LINK,
        "capacity": "",
        "reminder_hours": "",
        "action-publish": "1",
        **fields,
    }
    data = series_form_data(**fields)
    return client.post(reverse("wagtailadmin_pages:edit", args=[series.pk]), data)


@pytest.mark.parametrize(
    ("typed", "stored"), [("24, 1", "24, 1"), ("24,1", "24, 1"), (" 336 ", "336"), ("", "")]
)
def test_reminder_hours_are_whole_hours_separated_by_commas(admin_client, signup, typed, stored):
    response = _edit_series(admin_client, signup, reminder_hours=typed)
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.reminder_hours == stored


@pytest.mark.parametrize("typed", ["24 1", "0", "337", "2.5", "-1", "24,,1", "one", "٢٤"])
def test_other_reminder_hours_are_a_field_error(admin_client, signup, typed):
    response = _edit_series(admin_client, signup, reminder_hours=typed)
    assert response.status_code == 200
    [error] = response.context["form"].errors["reminder_hours"]
    assert error.startswith("Write hours before the conversation, separated by commas, e.g. 24, 1")


def test_sign_up_without_a_private_link_is_saved_with_a_warning(admin_client, signup):
    response = _edit_series(admin_client, signup, meeting_url="", join_url="https://example.org/j")
    assert response.status_code == 302
    signup.refresh_from_db()
    assert (signup.join_mode, signup.meeting_url) == ("signup", "")
    assert any("no private joining link" in t for t in texts(response))
    admin_client.get(response["Location"])  # shows (and so uses up) the messages
    response = _edit_series(admin_client, signup)
    assert response.status_code == 302
    assert not any("no private joining link" in t for t in texts(response))


@pytest.mark.parametrize(("capacity", "ok"), [("0", False), ("-3", False), ("1", True), ("", True)])
def test_a_conversations_own_capacity_is_at_least_one(admin_client, signup, capacity, ok):
    add = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", signup.pk]
    )
    data = conversation_form_data(
        MARCH, status="scheduled", capacity=capacity, meeting_url="", **{"action-publish": "1"}
    )
    response = admin_client.post(add, data)
    if ok:
        assert response.status_code == 302
        assert ConversationPage.objects.get().capacity == (int(capacity) if capacity else None)
    else:
        assert response.status_code == 200
        assert response.context["form"].errors["capacity"]
        assert not ConversationPage.objects.exists()


# -- copies --------------------------------------------------------------------------------


def test_a_copied_conversation_has_no_registrations_and_no_joining_link(admin_client, signup):
    own_link = "https://meet.example.org/j/own-room"
    source = add_conversation(signup, MARCH, status="scheduled", meeting_url=own_link, capacity=5)
    ada = make_registration(signup, MARCH)
    ada.places.update(conversation=source)
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[source.pk]),
        {"new_title": "Next meeting", "new_slug": "", "new_parent_page": str(signup.pk)},
    )
    assert response.status_code == 302
    copy = ConversationPage.objects.exclude(pk=source.pk).get()
    assert copy.meeting_url == ""
    assert copy.latest_revision.as_object().meeting_url == ""
    assert not copy.places.exists()
    assert Registration.objects.count() == 1
    assert Place.objects.get().conversation_id == source.pk


def test_a_copied_series_has_no_registrations(admin_client, signup, home):
    add_conversation(signup, MARCH, status="scheduled")
    make_registration(signup, MARCH)
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[signup.pk]),
        {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_parent_page": str(home.pk),
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302
    new = ConversationSeriesPage.objects.get(slug="copy")
    assert not new.registrations.exists()
    assert not Place.objects.filter(series=new).exists()
    assert Registration.objects.count() == Place.objects.count() == 1


# -- system checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("JOIN_REMINDER_HOURS", "24, 1", "wagtail_kindness.E009"),
        ("JOIN_REMINDER_HOURS", (24, 0), "wagtail_kindness.E009"),
        ("JOIN_REMINDER_HOURS", (24, 1.5), "wagtail_kindness.E009"),
        ("JOIN_REMINDER_HOURS", (True,), "wagtail_kindness.E009"),
        ("JOIN_REMINDER_HOURS", (400,), "wagtail_kindness.E009"),
        ("JOIN_RATE_LIMIT_IP", 10, "wagtail_kindness.E010"),
        ("JOIN_RATE_LIMIT_IP", (10, 60, 1), "wagtail_kindness.E010"),
        ("JOIN_RATE_LIMIT_EMAIL", (3, "3600"), "wagtail_kindness.E010"),
        ("JOIN_RATE_LIMIT_EMAIL", (0, 3600), "wagtail_kindness.E010"),
        ("JOIN_RETENTION_DAYS", 0, "wagtail_kindness.E011"),
        ("JOIN_RETENTION_DAYS", "90", "wagtail_kindness.E011"),
        ("JOIN_CONFIRM_MAX_AGE", 5, "wagtail_kindness.E012"),
        ("JOIN_MAX_TRIES", 0, "wagtail_kindness.E013"),
        ("JOIN_RATE_LIMIT_CACHE", "limits", "wagtail_kindness.E014"),
        ("JOIN_TASK_BACKEND", "mail", "wagtail_kindness.E015"),
    ],
)
def test_join_settings_of_the_wrong_shape_are_errors_with_a_hint(name, value, check_id):
    with override_settings(**{f"WAGTAILKINDNESS_{name}": value}):
        errors = check_settings()
        found = checks.run_checks()
    assert [e.id for e in errors] == [check_id]
    assert errors[0].level == checks.ERROR
    assert f"WAGTAILKINDNESS_{name}" in errors[0].msg
    assert errors[0].hint
    assert check_id in [e.id for e in found]


def test_good_join_settings_pass():
    good = {
        "WAGTAILKINDNESS_JOIN_REMINDER_HOURS": [48, 2],
        "WAGTAILKINDNESS_JOIN_RATE_LIMIT_IP": [5, 60],
        "WAGTAILKINDNESS_JOIN_RETENTION_DAYS": 30,
        "WAGTAILKINDNESS_JOIN_RATE_LIMIT_CACHE": "limits",
        "WAGTAILKINDNESS_JOIN_TASK_BACKEND": "mail",
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        },
        "TASKS": {"default": {"BACKEND": "x.Default"}, "mail": {"BACKEND": "x.Mail"}},
    }
    with override_settings(**good):
        assert check_settings() == []


def test_djangos_default_sender_is_a_deployment_warning():
    """``check --deploy`` (a site that sends no email is not warned while developing)."""
    with override_settings(DEFAULT_FROM_EMAIL="webmaster@localhost"):
        [warning] = check_join_sender()
        assert warning.id not in [m.id for m in checks.run_checks()]
        deploying = checks.run_checks(include_deployment_checks=True)
        assert warning.id in [m.id for m in deploying]
        with override_settings(WAGTAILKINDNESS_JOIN_FROM_EMAIL="Kindness <k@example.org>"):
            assert check_join_sender() == []
    assert warning.level == checks.WARNING
    assert "DEFAULT_FROM_EMAIL" in warning.hint
    with override_settings(DEFAULT_FROM_EMAIL="Kindness <kindness@example.org>"):
        assert check_join_sender() == []


def test_w002_says_the_unsubscribe_link_needs_the_plugins_urls():
    with override_settings(ROOT_URLCONF="tests.urls_without_plugin"):
        found = checks.run_checks(tags=[checks.Tags.urls])
    [warning] = [m for m in found if m.id == "wagtail_kindness.W002"]
    assert "unsubscribe" in warning.msg
