"""Joining a conversation: sign-up, confirmation, places, emails, reminders, erasure.

A pipeline of verb-named modules over the data of
:mod:`wagtail_kindness.models.joining`:

* :mod:`.links` — the signed confirmation and cancel links;
* :mod:`.register` — a sign-up from the form (rate limits, never saying
  whether the address is known);
* :mod:`.confirm` — a confirmed registration gets its place(s);
* :mod:`.places` — capacity, the waiting list and its promotion;
* :mod:`.cancel` — a person cancels a place or stops every email;
* :mod:`.invite` — the registrant's own ``.ics`` (stable UID, ``SEQUENCE``);
* :mod:`.compose` — the emails, from templates a site can override;
* :mod:`.deliver` — the mail ledger: claim, send (a task), retry;
* :mod:`.remind` — reminders, change notices and follow-ups (the command);
* :mod:`.purge` and :mod:`.forget` — retention, and a person's export and erasure.

The web views are in :mod:`wagtail_kindness.views.joining`; the commands are
``kindness_send_reminders`` and ``kindness_forget``.
"""
