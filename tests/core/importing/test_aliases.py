"""Telling when two names are one person, and applying the caller's aliases."""

from __future__ import annotations

import re

import pytest

from kindness_core import KindnessInputError, Person, Role
from kindness_core.importing.aliases import (
    likely_duplicates,
    normalise_aliases,
    parse_aliases,
    resolve_alias,
    same_person_likely,
)

# -- likely duplicates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "likely"),
    [
        ("Gabby Matthews", "Gabrielle Matthews", True),
        ("Bob Klaber", "Robert Klaber", True),
        ("J Rees", "Judy Rees", True),
        ("Miriam Goulden", "Miriam Fine Goulden", True),
        ("gabby matthews", "Gabrielle MATTHEWS", True),
        ("Sue Robins", "Sue Robins", False),  # the same name is not a duplicate
        ("Gabby Matthews", "Gabby Jones", False),
        ("Ed Fidoe", "Edith Fidoe", False),  # "Ed" is too short to be a prefix
        ("James Mountford", "James Handscombe", False),
        ("Madonna", "Madonna", False),
    ],
)
def test_same_person_likely(first: str, second: str, likely: bool) -> None:
    assert same_person_likely(first, second) is likely
    assert same_person_likely(second, first) is likely


def test_likely_duplicates_keeps_the_frequent_then_the_longer_name() -> None:
    assert likely_duplicates({"Gabby Matthews": 1, "Gabrielle Matthews": 1}) == (
        ("Gabrielle Matthews", "Gabby Matthews"),
    )
    assert likely_duplicates({"Gabby Matthews": 3, "Gabrielle Matthews": 1}) == (
        ("Gabby Matthews", "Gabrielle Matthews"),
    )
    assert likely_duplicates({"Sue Robins": 2, "Cath Crock": 1}) == ()


# -- aliases -------------------------------------------------------------------------


def test_aliases_are_normalised() -> None:
    assert normalise_aliases({" Dr  Gabby\u00a0Matthews ": "Gabrielle Matthews"}) == {
        "gabby matthews": "Gabrielle Matthews"
    }
    assert normalise_aliases(None) == {}


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ({"A Bee": ""}, "empty"),
        ({"A Bee": 3}, "map a name to a name"),
        (["A Bee"], "mapping"),
        ({"A Bee": "C Dee", "C Dee": "A Bee"}, "loop"),
        ({"A Bee": "A Bee"}, "loop"),
    ],
)
def test_bad_aliases(aliases: object, message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        normalise_aliases(aliases)  # type: ignore[arg-type]


def test_resolve_alias_keeps_details_and_takes_an_honorific() -> None:
    aliases = normalise_aliases({"Gabby Matthews": "Dr Gabrielle Matthews"})
    person = Person(name="Gabby Matthews", job_title="Adviser", role=Role.HOST)
    renamed, applied = resolve_alias(person, aliases)
    assert applied
    assert renamed == Person(name="Gabrielle Matthews", honorific="Dr", job_title="Adviser",
                             role=Role.HOST)  # fmt: skip
    other = Person(name="Sue Robins")
    assert resolve_alias(other, aliases) == (other, False)


def test_alias_chains_are_followed() -> None:
    aliases = normalise_aliases({"Gabs M": "Gabby Matthews", "Gabby Matthews": "G Matthews"})
    renamed, applied = resolve_alias(Person(name="Gabs M"), aliases)
    assert applied
    assert renamed.name == "G Matthews"


# -- OLD=NEW, as typed (kindness import --alias, manage.py kindness_import --alias) --------


def test_parse_aliases() -> None:
    assert parse_aliases(["Gabby Matthews=Gabrielle Matthews"]) == {
        "Gabby Matthews": "Gabrielle Matthews"
    }
    # Spaces are tidied; the first "=" splits; the order is kept.
    assert parse_aliases([" Dr  Gabby\u00a0Matthews = Dr Gabrielle Matthews", "A B=C=D"]) == {
        "Dr Gabby Matthews": "Dr Gabrielle Matthews",
        "A B": "C=D",
    }
    assert parse_aliases([]) == {}
    assert parse_aliases(iter(["x y=z w"])) == {"x y": "z w"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["Gabby Matthews"], "--alias 'Gabby Matthews' must be OLD=NEW, e.g. --alias"),
        (["=B"], "--alias '=B' must be OLD=NEW"),
        (["A= "], "--alias 'A= ' must be OLD=NEW"),
        (["A B=C D", "C D=A B"], "the aliases go round in a loop"),
        ("A=B", "aliases must be a list of OLD=NEW values"),
        ([3], "--alias 3 must be text: OLD=NEW"),
    ],
)
def test_bad_aliases_are_refused_in_one_line(values: object, message: str) -> None:
    with pytest.raises(KindnessInputError, match="^" + re.escape(message)) as caught:
        parse_aliases(values)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)
