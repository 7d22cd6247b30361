"""White-space clean-up that keeps every other character as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindness_core.importing.cleaning import clean_line, find_control_character, split_lines


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("kindness.\u00a0", "kindness."),
        ("what\u00a0 kindness", "what kindness"),
        ("a\u00a0\u00a0\u00a0b", "a b"),
        ("  doubled  spaces\tand\ttabs  ", "doubled spaces and tabs"),
        ("thin\u2009and\u202fnarrow", "thin and narrow"),
        ("‘Clean Language’ – “quoted” O’Brien", "‘Clean Language’ – “quoted” O’Brien"),
        ("", ""),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@given(st.text())
def test_clean_line_changes_only_white_space(text: str) -> None:
    text = text.replace("\n", "")
    cleaned = clean_line(text)
    assert [c for c in cleaned if not c.isspace()] == [c for c in text if not c.isspace()]
    assert "  " not in cleaned
    assert cleaned == cleaned.strip()
    assert clean_line(cleaned) == cleaned


def test_split_lines() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n\nb\n") == ["a", "", "b", ""]


def test_find_control_character() -> None:
    assert find_control_character("ok\ttext\r\nwith\flines") is None
    assert find_control_character("line one\nline two\x00") == (2, "\x00")
    assert find_control_character("a\r\nb\r\nc\x1b[0m") == (3, "\x1b")
