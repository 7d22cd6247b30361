"""Aliases and likely duplicates: names that probably mean one person, and the caller's map.

An archive written over years names people in more than one way
("Gabrielle Matthews" in one month, "Gabby Matthews" in another).
:func:`likely_duplicates` reports such pairs so that a person can decide;
:func:`parse_aliases` reads the decision as typed (``OLD=NEW``, the
``--alias`` option of ``kindness import`` and of ``manage.py
kindness_import``), and :func:`normalise_aliases` and :func:`resolve_alias`
apply it (``{"Gabby Matthews": "Gabrielle Matthews"}``).  Nothing is merged
unless the caller says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import KindnessInputError
from ..series import Person
from .cleaning import clean_line

__all__ = [
    "likely_duplicates",
    "normalise_aliases",
    "parse_aliases",
    "resolve_alias",
    "same_person_likely",
]

_NICKNAMES = {
    frozenset(pair)
    for pair in (
        ("bob", "robert"), ("rob", "robert"), ("bill", "william"), ("will", "william"),
        ("liz", "elizabeth"), ("beth", "elizabeth"), ("kate", "katherine"),
        ("kate", "catherine"), ("cath", "catherine"), ("sue", "susan"), ("sue", "suzanne"),
        ("suzie", "susan"), ("suzie", "suzanne"), ("jim", "james"), ("jamie", "james"),
        ("mike", "michael"), ("nick", "nicholas"), ("nicki", "nicola"), ("tom", "thomas"),
        ("dick", "richard"), ("rich", "richard"), ("ed", "edward"), ("ted", "edward"),
        ("peggy", "margaret"), ("maggie", "margaret"), ("jo", "joanne"), ("andy", "andrew"),
        ("dan", "daniel"), ("dave", "david"), ("steve", "stephen"), ("steve", "steven"),
        ("chris", "christopher"), ("chris", "christine"), ("sam", "samuel"),
        ("sam", "samantha"), ("alex", "alexander"), ("alex", "alexandra"), ("ben", "benjamin"),
    )
}  # fmt: skip


def same_person_likely(first: str, second: str) -> bool:
    """True if two different names probably mean one person.

    Same surname, and first names that are equal, share their first three
    letters ("Gabby" / "Gabrielle"), are a known short form ("Bob" /
    "Robert") or one is an initial ("J Rees").
    """
    a, b = first.casefold().split(), second.casefold().split()
    if len(a) < 2 or len(b) < 2 or a == b or a[-1] != b[-1]:
        return False
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if x == y or frozenset((x, y)) in _NICKNAMES:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return len(x) >= 3 and len(y) >= 3 and x[:3] == y[:3]


def likely_duplicates(
    names: Mapping[str, int],
) -> tuple[tuple[str, str], ...]:
    """Pairs ``(keep, other)`` of names that probably mean one person.

    ``names`` maps each name to how often it appears.  ``keep`` is the name
    to keep: the more frequent, then the longer, then the first in
    alphabetical order.
    """
    ordered = sorted(names, key=lambda n: (-names[n], -len(n), n))
    pairs: list[tuple[str, str]] = []
    for i, keep in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if same_person_likely(keep, other):
                pairs.append((keep, other))
    return tuple(pairs)


def parse_aliases(values: Iterable[str]) -> dict[str, str]:
    """``["Gabby Matthews=Gabrielle Matthews"]`` as ``{"Gabby Matthews": "Gabrielle Matthews"}``.

    Each value is ``OLD=NEW`` (the first ``=`` splits it; runs of white space
    become one space).  The map is then checked as :func:`normalise_aliases`
    checks it.  Raises :class:`~kindness_core.errors.KindnessInputError` with
    a one-line message for a value without ``=`` or with an empty side, and
    for aliases that go round in a loop.
    """
    if isinstance(values, str):
        raise KindnessInputError(
            "aliases must be a list of OLD=NEW values, e.g. ['Gabby Matthews=Gabrielle Matthews']"
        )
    out: dict[str, str] = {}
    for value in values:
        if not isinstance(value, str):
            raise KindnessInputError(f"--alias {value!r} must be text: OLD=NEW")
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise KindnessInputError(
                f"--alias {value!r} must be OLD=NEW, "
                "e.g. --alias 'Gabby Matthews=Gabrielle Matthews'"
            )
        out[" ".join(old.split())] = " ".join(new.split())
    normalise_aliases(out)
    return out


def normalise_aliases(aliases: Mapping[str, str] | None) -> dict[str, str]:
    """A caller's alias map, checked, keyed by case-folded name.

    Raises :class:`~kindness_core.errors.KindnessInputError` for an alias
    that is empty, not text, or part of a loop.
    """
    if aliases is None:
        return {}
    if not isinstance(aliases, Mapping):
        raise KindnessInputError(
            "aliases must be a mapping such as {'Gabby Matthews': 'Gabrielle Matthews'}"
        )
    out: dict[str, str] = {}
    for old, new in aliases.items():
        if not isinstance(old, str) or not isinstance(new, str):
            raise KindnessInputError(
                "aliases must map a name to a name, e.g. {'Gabby Matthews': 'Gabrielle Matthews'}"
            )
        old_name = Person.split_honorific(clean_line(old))[1]
        new_name = clean_line(new)
        if not old_name or not new_name:
            raise KindnessInputError(
                f"alias {old!r} = {new!r} is empty on one side: give both names"
            )
        out[old_name.casefold()] = new_name
    for start in out:
        seen = {start}
        name = out[start]
        while name.casefold() in out:
            target = Person.split_honorific(name)[1].casefold()
            if target in seen or target == start:
                raise KindnessInputError(
                    f"the aliases go round in a loop at {name!r}: map each name to the "
                    "one name to keep"
                )
            seen.add(target)
            name = out[target]
    return out


def resolve_alias(person: Person, aliases: Mapping[str, str]) -> tuple[Person, bool]:
    """``person`` under the name the aliases give, and whether one applied.

    ``aliases`` is the result of :func:`normalise_aliases`.  The alias target
    may carry an honorific ("Dr Gabrielle Matthews"); it is used when the
    person has none.
    """
    name = person.name
    applied = False
    for _ in range(len(aliases) + 1):
        target = aliases.get(Person.split_honorific(name)[1].casefold())
        if target is None:
            break
        name, applied = target, True
    if not applied:
        return person, False
    honorific, plain = Person.split_honorific(name)
    return (
        Person(
            name=plain,
            honorific=person.honorific or honorific,
            role=person.role,
            job_title=person.job_title,
            organisation=person.organisation,
        ),
        True,
    )
