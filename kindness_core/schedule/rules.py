"""RFC 5545 recurrence rules: read, check, bound and hand to ``dateutil``.

A :class:`Rule` is the parsed value of an ``RRULE`` (without ``DTSTART``).
Reading one checks everything RFC 5545 (section 3.3.10) asks of a rule, and
refuses what a conversation series never needs (``FREQ=SECONDLY``,
``BYHOUR``: the meeting time is set separately).

Why?  ``dateutil.rrule`` looks for the next date one period (day, week,
month or year) at a time until it finds one or passes the year 9999, so a
rule with no dates (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) makes it search
for seconds.  This module keeps every accepted rule cheap to expand:

* impossible combinations that can be seen in the text are refused at once
  with a message that says how to fix them (``BYMONTHDAY=30`` in February,
  ``BYSETPOS=6`` where a period has at most five dates, ``BYDAY=9TH``,
  ``BYDAY=MO`` with ``FREQ=DAILY;INTERVAL=7`` from a Tuesday, a month that
  ``INTERVAL`` never reaches);
* ``COUNT`` and ``INTERVAL`` are capped (:data:`MAX_COUNT`,
  :data:`MAX_INTERVAL`);
* :mod:`kindness_core.schedule.bounds` then asks ``dateutil`` itself, over a
  bounded stretch of the calendar, whether the rule has a date at all, and
  restarts rules near the window asked for.

Nothing here reads the clock or knows about meetings: that is
:mod:`kindness_core.schedule.recurrence`.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass, replace

from ..errors import RuleError

__all__ = [
    "ALLOWED_FREQUENCIES",
    "DAY_NAMES",
    "MAX_COUNT",
    "MAX_INTERVAL",
    "MONTH_NAMES",
    "WEEKDAYS",
    "Rule",
]

#: Frequencies a series may use: a conversation series repeats at most daily.
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
#: Largest ``COUNT``: a schedule never has more meetings than this.
MAX_COUNT = 10_000
#: Largest ``INTERVAL``.
MAX_INTERVAL = 1000
#: RFC 5545 weekday codes, Monday first (the index is ``date.weekday()``).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: English weekday names in the same order (not the locale's: messages and
#: descriptions are English wherever the code runs).
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: English month names, January first.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

_KNOWN_PARTS = (
    "FREQ", "INTERVAL", "BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY",
    "BYDAY", "BYSETPOS", "WKST", "COUNT", "UNTIL",
)  # fmt: skip
_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
#: Parts that hold whole numbers: (largest absolute value, may be negative).
_LISTS = {"BYMONTH": (12, False), "BYWEEKNO": (53, True), "BYYEARDAY": (366, True),
          "BYMONTHDAY": (31, True), "BYSETPOS": (366, True)}  # fmt: skip
_BYDAY_RE = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_INT_RE = re.compile(r"^[+-]?\d{1,3}$")
_EXAMPLE = "e.g. 'FREQ=MONTHLY;BYDAY=3TH'"


def _split(text: str) -> dict[str, str]:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body.strip():
        raise RuleError(f"the rule is empty: write a rule, {_EXAMPLE}")
    parts: dict[str, str] = {}
    for chunk in body.split(";"):
        if not chunk.strip():
            continue  # "FREQ=MONTHLY;BYDAY=3TH;" is common and harmless
        if "=" not in chunk:
            raise RuleError(
                f"cannot read {chunk.strip()!r} in rule {text.strip()!r}: each part is "
                f"NAME=VALUE, separated by ';', {_EXAMPLE}"
            )
        name, _, value = chunk.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if name in parts:
            raise RuleError(f"{name} appears twice in rule {text.strip()!r}: keep one")
        if not value:
            raise RuleError(f"{name} has no value in rule {text.strip()!r}: give one or remove it")
        parts[name] = value
    return parts


def _ints(name: str, value: str, low: int, high: int, *, signed: bool) -> tuple[int, ...]:
    out: list[int] = []
    for item in value.split(","):
        item = item.strip()
        bad = not _INT_RE.match(item) or (not signed and item[0] in "+-")
        number = 0 if bad else int(item)
        if bad or number == 0 or not low <= abs(number) <= high:
            span = f"{low} to {high}" + (f" (or -{low} to -{high} from the end)" if signed else "")
            raise RuleError(f"{name}={value}: {item!r} is not allowed; use whole numbers {span}")
        if number not in out:
            out.append(number)
    return tuple(out)


def _positive(name: str, value: str, high: int, hint: str = "") -> int:
    if not value.isdigit() or int(value) < 1:
        raise RuleError(f"{name}={value} must be a whole number of 1 or more")
    if int(value) > high:
        raise RuleError(f"{name}={value} is too large: use {high} or less{hint}")
    return int(value)


def _until(value: str) -> dt.datetime:
    if not re.fullmatch(r"\d{8}T\d{6}Z", value):
        raise RuleError(
            f"UNTIL={value} must be a UTC date-time such as 20251231T235959Z, "
            "because the start has a time zone (RFC 5545 3.3.10)"
        )
    try:
        moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise RuleError(f"UNTIL={value} is not a real date-time: check the digits") from None
    if not 1900 <= moment.year <= 9000:
        raise RuleError(f"UNTIL={value}: use a year between 1900 and 9000")
    return moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A checked RFC 5545 ``RRULE`` value.

    ``byday`` holds ``(ordinal, weekday)`` pairs: ``(3, "TH")`` is the third
    Thursday, ``(-1, "TU")`` the last Tuesday and ``(0, "MO")`` every
    Monday.  Build one with :meth:`parse`; ``str(rule)`` gives the canonical
    text (parts in a fixed order, ``INTERVAL=1`` left out), so two spellings
    of the same rule compare equal.
    """

    freq: str
    interval: int = 1
    count: int | None = None
    until: dt.datetime | None = None  #: aware, UTC
    bymonth: tuple[int, ...] = ()
    byweekno: tuple[int, ...] = ()
    byyearday: tuple[int, ...] = ()
    bymonthday: tuple[int, ...] = ()
    byday: tuple[tuple[int, str], ...] = ()
    bysetpos: tuple[int, ...] = ()
    wkst: str | None = None

    # -- reading ----------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Rule:
        """Read and check ``"FREQ=MONTHLY;BYDAY=3TH"`` (``RRULE:`` prefix allowed)."""
        if not isinstance(text, str):
            raise RuleError(f"the rule must be text, {_EXAMPLE}")
        if len(text) > 1000:
            raise RuleError("the rule is longer than 1,000 characters: shorten it")
        parts = _split(text)
        freq = parts.get("FREQ")
        if freq is None:
            raise RuleError(
                f"rule {text.strip()!r} has no FREQ: add e.g. FREQ=MONTHLY or FREQ=WEEKLY"
            )
        if freq not in ALLOWED_FREQUENCIES:
            known = freq in ("SECONDLY", "MINUTELY", "HOURLY")
            raise RuleError(
                f"FREQ={freq} is not allowed: "
                + ("a conversation series repeats at most daily; " if known else "")
                + f"use one of {', '.join(ALLOWED_FREQUENCIES)}"
            )
        for name in parts:
            if name in _TIME_PARTS:
                raise RuleError(
                    f"{name} is not allowed: the meeting time is set separately "
                    "(e.g. 'at 6pm'); remove it from the rule"
                )
            if name not in _KNOWN_PARTS:
                raise RuleError(
                    f"unknown rule part {name!r} in {text.strip()!r}: use the parts of "
                    "RFC 5545 section 3.3.10 (FREQ, INTERVAL, BYDAY, BYMONTH, BYMONTHDAY, …)"
                )
        if "COUNT" in parts and "UNTIL" in parts:
            raise RuleError("a rule may have COUNT or UNTIL, not both: remove one")
        byday: list[tuple[int, str]] = []
        for item in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else ():
            match = _BYDAY_RE.match(item.strip())
            if not match:
                raise RuleError(
                    f"BYDAY value {item.strip()!r} is not a weekday: use MO, TU, WE, TH, FR, "
                    "SA or SU, optionally with an ordinal such as 3TH or -1TH"
                )
            if match.group(1) and int(match.group(1)) == 0:
                raise RuleError(
                    f"BYDAY={item.strip()}: there is no 0th weekday; use 1 to 5 for the first "
                    "to fifth, -1 for the last, or no number for every one"
                )
            pair = (int(match.group(1) or 0), match.group(2))
            if pair not in byday:
                byday.append(pair)
        wkst = parts.get("WKST")
        if wkst is not None and wkst not in WEEKDAYS:
            raise RuleError(f"WKST={wkst} is not a weekday: use MO, TU, WE, TH, FR, SA or SU")
        lists = {
            name.lower(): _ints(name, parts[name], 1, high, signed=signed)
            for name, (high, signed) in _LISTS.items()
            if name in parts
        }
        interval = _positive("INTERVAL", parts.get("INTERVAL", "1"), MAX_INTERVAL)
        count = None
        if "COUNT" in parts:
            hint = ", or give UNTIL, or leave COUNT out for a series without an end"
            count = _positive("COUNT", parts["COUNT"], MAX_COUNT, hint)
        until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
        rule = cls(freq=freq, interval=interval, count=count, until=until, byday=tuple(byday),
                   wkst=wkst, **lists)  # fmt: skip
        rule.check()
        return rule

    def check(self) -> None:
        """Refuse combinations RFC 5545 forbids or that can never happen."""
        freq = self.freq
        if self.byweekno and freq != "YEARLY":
            raise RuleError("BYWEEKNO only works with FREQ=YEARLY: change FREQ or remove it")
        if self.byyearday and freq != "YEARLY":
            raise RuleError("BYYEARDAY only works with FREQ=YEARLY: change FREQ or remove it")
        if self.bymonthday and freq == "WEEKLY":
            raise RuleError(
                "BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545): use FREQ=MONTHLY"
            )
        for n, day in self.byday:
            if not n:
                continue
            text = f"{n}{day}"
            if freq not in ("MONTHLY", "YEARLY"):
                raise RuleError(
                    f"BYDAY={text} has an ordinal, which only means something with "
                    "FREQ=MONTHLY or FREQ=YEARLY: remove the number or change FREQ"
                )
            if self.byweekno:
                raise RuleError(
                    f"BYDAY={text} has an ordinal, which cannot be combined with BYWEEKNO "
                    "(RFC 5545): remove the number or BYWEEKNO"
                )
            in_month = freq == "MONTHLY" or bool(self.bymonth)
            limit = 5 if in_month else 53
            if abs(n) > limit:
                where = "a month" if in_month else "a year"
                raise RuleError(
                    f"BYDAY={text}: {where} has at most {limit} of each weekday; "
                    f"use 1 to {limit}, or -1 for the last"
                )
        if self.bysetpos and not (
            self.bymonth or self.byweekno or self.byyearday or self.bymonthday or self.byday
        ):
            raise RuleError(
                "BYSETPOS picks among the dates of another BY… part, and there is none: "
                "add e.g. BYDAY=MO,TU,WE,TH,FR or remove BYSETPOS"
            )
        self._check_monthdays()
        self._check_setpos()

    def _check_monthdays(self) -> None:
        if not self.bymonthday:
            return
        months = self.bymonth or tuple(range(1, 13))
        # 29 is a day of February in leap years.
        longest = max(monthrange(2024, m)[1] for m in months)
        if all(abs(d) > longest for d in self.bymonthday):
            raise RuleError(
                f"BYMONTHDAY={','.join(map(str, self.bymonthday))} never happens in the "
                "chosen months: the rule would have no dates; choose days the months have, "
                "or -1 for the last day of the month"
            )

    def _max_set_size(self) -> int:
        """An upper bound on the dates one period can hold (for BYSETPOS)."""
        if self.freq == "DAILY":
            return 1
        if self.freq == "WEEKLY":
            return len(self.byday) or 1
        months = 1 if self.freq == "MONTHLY" else len(self.bymonth) or 12
        in_month = self.freq == "MONTHLY" or bool(self.bymonth)
        bounds = [31 * months if in_month else 366]
        if self.bymonthday:
            bounds.append(len(self.bymonthday) * months)
        if self.byyearday:
            bounds.append(len(self.byyearday))
        if self.byweekno:
            bounds.append(7 * len(self.byweekno))
        if self.byday and not self.byweekno:
            plain = sum(1 for n, _ in self.byday if not n)
            nth = len(self.byday) - plain
            per_day = 5 * months if in_month else 53
            bounds.append(plain * per_day + nth * (months if in_month else 1))
        return min(bounds)

    def _check_setpos(self) -> None:
        if not self.bysetpos:
            return
        size = self._max_set_size()
        period = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
        span = "1 or -1" if size == 1 else f"1 to {size}, or -1 to -{size} from the end"
        for pos in self.bysetpos:
            if abs(pos) > size:
                raise RuleError(
                    f"BYSETPOS={pos} asks for date {abs(pos)} of each {period[self.freq]}, "
                    f"but the rule gives at most {size}: use {span}"
                )

    # -- text -------------------------------------------------------------

    def __str__(self) -> str:
        out = [f"FREQ={self.freq}"]
        if self.interval != 1:
            out.append(f"INTERVAL={self.interval}")
        for name, values in (
            ("BYMONTH", self.bymonth),
            ("BYWEEKNO", self.byweekno),
            ("BYYEARDAY", self.byyearday),
            ("BYMONTHDAY", self.bymonthday),
        ):
            if values:
                out.append(f"{name}={','.join(map(str, values))}")
        if self.byday:
            out.append("BYDAY=" + ",".join(f"{n or ''}{day}" for n, day in self.byday))
        if self.bysetpos:
            out.append(f"BYSETPOS={','.join(map(str, self.bysetpos))}")
        if self.wkst:
            out.append(f"WKST={self.wkst}")
        if self.count is not None:
            out.append(f"COUNT={self.count}")
        if self.until is not None:
            out.append(f"UNTIL={self.until:%Y%m%dT%H%M%SZ}")
        return ";".join(out)

    @property
    def parts(self) -> dict[str, str]:
        """``{"FREQ": "MONTHLY", "BYDAY": "3TH"}``: the canonical parts."""
        return dict(part.split("=", 1) for part in str(self).split(";"))

    # -- meaning ----------------------------------------------------------

    @property
    def takes_defaults(self) -> bool:
        """True if some of the dates come from the start (RFC 5545 defaults).

        ``FREQ=WEEKLY`` without ``BYDAY`` meets on the start's weekday,
        ``FREQ=MONTHLY`` without ``BYDAY``/``BYMONTHDAY`` on the start's day
        of the month, ``FREQ=YEARLY`` alone on the start's month and day.
        """
        if self.byweekno or self.byyearday or self.bymonthday or self.byday:
            return False
        return self.freq in ("WEEKLY", "MONTHLY", "YEARLY")

    def with_defaults(self, start: dt.date) -> Rule:
        """The same rule with the parts RFC 5545 takes from ``start`` written out.

        The result gives the same dates from ``start`` and no longer depends
        on which day it starts from, apart from ``INTERVAL`` and ``COUNT``.
        """
        if not self.takes_defaults:
            return self
        if self.freq == "WEEKLY":
            return replace(self, byday=((0, WEEKDAYS[start.weekday()]),))
        if self.freq == "MONTHLY":
            return replace(self, bymonthday=(start.day,))
        return replace(self, bymonth=self.bymonth or (start.month,), bymonthday=(start.day,))

    def without_end(self) -> Rule:
        """The same rule without ``COUNT`` or ``UNTIL``."""
        return replace(self, count=None, until=None)
