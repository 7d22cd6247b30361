"""The joining routes of a series page: sign up, "check your email", confirm, cancel.

Each is rendered through the series page (its template context,
``conf.base_template()``, in the page's language) and is never cached:
``Cache-Control: private, no-store`` on every answer, which holds a CSRF
token or a visitor's own answers.  The public series and conversation pages
only link here (plain links, nothing per visitor), so they can be cached.

Emails' links carry a signed token in ``?t=`` (:mod:`..joining.links`); a
link's GET never changes anything (mail scanners fetch links), its button
POSTs.  :func:`one_click` is the RFC 8058 "unsubscribe" address, outside
the page routes (mail programs POST to it without cookies or CSRF token).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..joining import cancel as cancelling
from ..joining import confirm as confirming
from ..joining import links, ratelimit, register
from ..joining.forms import JoinForm, meeting_label
from ..languages import page_language
from ..models import JoinMode

__all__ = ["cancel", "confirm", "join", "one_click", "sent"]

#: A token longer than this is not ours (ours are about 80 characters).
_TOKEN_MAX = 400
_TEMPLATES = "wagtail_kindness/pages/"


def _signup(series) -> bool:
    return series.join_mode == JoinMode.SIGNUP


def _page(request, series, template: str, *, status: int = 200, **context):
    """``template`` rendered through the series page, never cached."""
    context.setdefault("series", series)
    context.setdefault("join_url", links.route_path(series, "join_route", request))
    response = series.render(request, template=_TEMPLATES + template, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _message(request, series, *, status: int, heading: str, text: str, link: bool = False):
    return _page(
        request,
        series,
        "join_message.html",
        status=status,
        heading=heading,
        text=text,
        show_join_link=link and _signup(series),
    )


def _not_allowed(*methods: str):
    response = HttpResponseNotAllowed(methods)
    add_never_cache_headers(response)
    return response


# -- sign up ---------------------------------------------------------------


def join(request, series):
    """The sign-up form (GET), and its answer (POST: redirect to "check your email")."""
    if not _signup(series):
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return _not_allowed("GET", "POST")
    now = timezone.now()
    if request.method == "POST":
        verdict = ratelimit.check_ip(request, now=now)
        if not verdict.allowed:
            response = _message(
                request,
                series,
                status=429,
                heading=_("Too many sign-ups"),
                text=_(
                    "There have been too many sign-ups from your connection. "
                    "Please try again in an hour."
                ),
            )
            response.headers["Retry-After"] = str(verdict.retry_after)
            return response
        form = JoinForm(series, data=request.POST, now=now)
        if form.is_valid():
            _sign_up(series, form, now=now)
            redirect = HttpResponseRedirect(links.route_path(series, "join_sent_route", request))
            redirect.status_code = 303  # See Other: the answer is fetched with GET
            add_never_cache_headers(redirect)
            return redirect
    else:
        wanted = request.GET.get("date", "")
        form = JoinForm(series, now=now, wanted_date=wanted if len(wanted) == 10 else None)
    return _page(request, series, "join.html", form=form)


def _sign_up(series, form, *, now: dt.datetime) -> None:
    """Register a valid form, unless a robot filled it in or the address asked too often.

    The visitor gets the same answer in every case.
    """
    if form.is_robot():
        return
    if not ratelimit.check_email(form.cleaned_data["email"], now=now).allowed:
        return
    register.register(series, form.cleaned_data, language=page_language(series), now=now)


def sent(request, series):
    """ "Check your email": the same page whatever happened, never the address."""
    if not _signup(series):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return _not_allowed("GET")
    return _page(request, series, "join_sent.html")


# -- the links of the emails -------------------------------------------------


def _token(request) -> str:
    token = request.POST.get("t") if request.method == "POST" else None
    return token or request.GET.get("t") or ""


def _read(request, series, purpose: str):
    """The registration of the request's token, or the page that refuses it.

    Returns ``(registration, None)`` or ``(None, response)``.  Without sign-up
    on the series a bad link is a 404, like the form; a good one is still
    answered (people can always cancel).
    """
    token = _token(request)
    expired = False
    registration = None
    if token and len(token) <= _TOKEN_MAX:
        try:
            registration = links.read_token(token, purpose)
        except links.BadLink as error:
            expired = error.expired
    if registration is not None and registration.series_id == series.pk:
        registration.series = series
        return registration, None
    if not _signup(series):
        raise Http404
    if expired:
        return None, _message(
            request,
            series,
            status=410,
            heading=_("This link has expired"),
            text=_("Confirmation links work for a limited time. Please sign up again."),
            link=True,
        )
    return None, _message(
        request,
        series,
        status=400,
        heading=_("This link is not valid"),
        text=_(
            "It may have been copied only in part, or already used. If you have "
            "confirmed already, your emails have a link to see or cancel your places."
        ),
        link=True,
    )


def confirm(request, series):
    """GET: a page with one button; POST: confirm, and say where the person stands."""
    if request.method not in ("GET", "HEAD", "POST"):
        return _not_allowed("GET", "POST")
    registration, refusal = _read(request, series, links.CONFIRM)
    if refusal is not None:
        return refusal
    if not _signup(series):
        return _message(
            request,
            series,
            status=410,
            heading=_("Sign-up has closed"),
            text=_("People no longer sign up here for these conversations."),
        )
    if request.method != "POST":
        return _page(request, series, "join_confirm.html", token=_token(request))
    now = timezone.now()
    outcome = confirming.confirm(registration, now=now)
    if outcome.result == "stopped":
        return _message(
            request,
            series,
            status=410,
            heading=_("You stopped these emails"),
            text=_("To join a conversation again, please sign up again."),
            link=True,
        )
    if outcome.result == "gone":
        return _message(
            request,
            series,
            status=410,
            heading=_("That conversation is no longer on"),
            text=_("Please choose another one."),
            link=True,
        )
    return _page(
        request,
        series,
        "join_confirm.html",
        outcome=outcome,
        when=meeting_label(outcome.meeting) if outcome.meeting else "",
    )


def cancel(request, series):
    """GET: the person's coming places, a button each, and "stop everything"; POST: do it."""
    if request.method not in ("GET", "HEAD", "POST"):
        return _not_allowed("GET", "POST")
    registration, refusal = _read(request, series, links.CANCEL)
    if refusal is not None:
        return refusal
    now = timezone.now()
    done: dict = {}
    status = 200
    if request.method == "POST":
        if request.POST.get("stop"):
            cancelling.stop(registration, now=now)
            done["stopped"] = True
        else:
            wanted = request.POST.get("place", "")
            coming = {
                str(item.place.pk): item for item in cancelling.coming_places(registration, now=now)
            }
            item = coming.get(wanted) if len(wanted) <= 20 else None
            if item is not None:
                cancelling.cancel_place(item.place, item.meeting)
                done["cancelled"] = meeting_label(item.meeting)
            elif wanted.isdigit() and registration.places.filter(pk=int(wanted)).exists():
                done["already"] = True  # cancelled before, or over: nothing to do
            else:
                status = 400
                done["unknown"] = True
    coming = [
        {"pk": item.place.pk, "when": meeting_label(item.meeting), "state": item.place.state}
        for item in cancelling.coming_places(registration, now=now)
    ]
    return _page(
        request,
        series,
        "join_cancel.html",
        status=status,
        token=_token(request),
        coming=coming,
        registration_state=registration.state,
        every=registration.every,
        **done,
    )


# -- RFC 8058 one-click unsubscribe (wagtail_kindness.urls) -------------------


def _text(text: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


@csrf_exempt
def one_click(request):
    """``List-Unsubscribe-Post: List-Unsubscribe=One-Click``: POST stops every email.

    Mail programs POST here without cookies, so there is no CSRF token: the
    signed cancel token is the proof.  A GET (a person following the link)
    goes to the series' cancel page, where nothing happens without a click.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return _not_allowed("GET", "POST")
    token = request.GET.get("t") or request.POST.get("t") or ""
    registration = None
    if token and len(token) <= _TOKEN_MAX:
        try:
            registration = links.read_token(token, links.CANCEL)
        except links.BadLink:
            registration = None
    if registration is None:
        return _text(_("This link is not valid."), status=400)
    if request.method != "POST":
        response = HttpResponseRedirect(links.link(registration, links.CANCEL, request))
        add_never_cache_headers(response)
        return response
    cancelling.stop(registration, now=timezone.now())
    with translation.override(registration.language or translation.get_language()):
        return _text(_("You will get no more emails about these conversations."))
