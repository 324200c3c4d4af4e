"""House-style helpers for generated sentences."""

from __future__ import annotations

import pytest

from cpkit.render import words


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "zero"), (7, "seven"), (24, "twenty-four"), (100, "one hundred"),
     (276, "two hundred and seventy-six"), (1202, "one thousand, two hundred and two"),
     (2005, "two thousand and five")],
)  # fmt: skip
def test_number_words(n: int, text: str) -> None:
    assert words.number_words(n) == text


def test_counts_one_to_nine_in_words_only() -> None:
    assert [words.count_text(n) for n in (1, 9, 10, 1234)] == ["one", "nine", "10", "1,234"]
    assert words.count_text(5, words=False) == "5"
    assert words.count_text(0) == "0"


def test_plurals_lists_and_all_of() -> None:
    assert words.plural("board", 1) == "board" and words.plural("board", 5) == "boards"
    assert words.plural("child", 2) == "children" and words.plural("activity", 3) == "activities"
    assert words.plural("day", 2) == "days" and words.plural("was", 2) == "were"
    assert words.join(["a", "b", "c"]) == "a, b and c" and words.join(["a"]) == "a"
    assert words.all_of(6, 6, "pledge theme") == "all six pledge themes"
    assert words.all_of(5, 6, "pledge theme") == "five of the six pledge themes"
    assert words.all_of(2, 2, "board") == "both boards"
    assert words.all_of(0, 3) == "none of the three"


def test_places_read_as_english() -> None:
    assert words.place("Elsewhere in UK") == "elsewhere in the UK"
    assert words.place("West Midlands") == "in the West Midlands"
    assert words.place("Birmingham") == "in Birmingham"
    assert words.lower_first("Support at meetings") == "support at meetings"
    assert words.lower_first("LGBTQ+ group") == "LGBTQ+ group"


def test_no_sentence_opens_with_a_numeral() -> None:
    text = words.sentence_start("24 (69%) were NEET. 56% of them were male. Fine 3.")
    assert text == "Twenty-four (69%) were NEET. Fifty-six per cent of them were male. Fine 3."
