"""House style for generated sentences: numbers in words, plurals, lists, "all six", "the UK".

These are the helpers the sentence templates call (``reports/templates/sentences/*.j2``), so
a template never has to spell out the rules of a style guide, and no sentence opens with a
numeral (``sentence_start`` rewrites one that would).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_IRREGULAR = {
    "child": "children",
    "person": "people",
    "young person": "young people",
    "was": "were",
    "is": "are",
    "has": "have",
    "this": "these",
}


def number_words(n: int) -> str:
    """276 -> 'two hundred and seventy-six' (British 'and'), up to the millions."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            big, rest = divmod(n, size)
            tail = ""
            if rest:
                tail = (" and " if rest < 100 else ", ") + number_words(rest)
            return f"{number_words(big)} {name}{tail}"
    raise AssertionError("unreachable")


def count_text(n: int | float, words: bool = True) -> str:
    """A count for a sentence: one to nine in words (when the style wants), else 1,234."""
    if float(n).is_integer():
        whole = int(n)
        if words and 0 < whole < 10:
            return _ONES[whole]
        return f"{whole:,}"
    return f"{n:,.1f}"


def plural(noun: str, n: int | float | None) -> str:
    """'board' -> 'boards' unless n is 1; 'child' -> 'children'; 'activity' -> 'activities'."""
    if n == 1:
        return noun
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    for ending, replace in (("y", "ies"), ("s", "ses"), ("sh", "shes"), ("ch", "ches")):
        if noun.endswith(ending) and not (ending == "y" and noun[-2:-1] in "aeiou"):
            return noun[: -len(ending)] + replace
    return noun + "s"


def join(items: Iterable[object], last: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c' (no serial comma, as GOV.UK style writes lists)."""
    parts = [str(i) for i in items if str(i)]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def all_of(n: int | None, total: int | None, noun: str = "", words: bool = True) -> str:
    """'all six pledge themes', 'five of the six pledge themes', 'none of the six', 'both';
    without a noun: 'all three', 'two of the three'."""
    if n is None or total is None:
        return plural(noun, 2) if noun else ""
    whole = count_text(total, words)
    nouns = f" {plural(noun, total)}" if noun else ""
    if total and n == total:
        return f"both{nouns}" if total == 2 else f"all {whole}{nouns}"
    if n == 0:
        return f"none of the {whole}{nouns}"
    return f"{count_text(n, words)} of the {whole}{nouns}"


def place(label: str) -> str:
    """A location label in a sentence: 'Elsewhere in UK' -> 'elsewhere in the UK',
    'Birmingham' -> 'in Birmingham', 'West Midlands' -> 'in the West Midlands'."""
    text = re.sub(r"\bin UK\b", "in the UK", label.strip())
    lowered = text[:1].lower() + text[1:]
    if lowered.startswith(("elsewhere", "in ", "out")):
        return lowered
    if re.match(r"(West|East|North|South)\b.*|.*\b(Midlands|region)$", text):
        return f"in the {text}"
    return f"in {text}"


def lower_first(text: str) -> str:
    """'Support at meetings' -> 'support at meetings' (keeps 'LGBTQ+', 'FGC', 'UK')."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


_LEADING_NUMBER = re.compile(r"^(?P<n>\d{1,3}(?:,\d{3})*|\d+)(?P<pct>%)?(?=[\s).,;:]|$)")


def sentence_start(text: str) -> str:
    """Rewrite any sentence that opens with a numeral: '24 (69%) were NEET.' ->
    'Twenty-four (69%) were NEET.'; '56% of' -> 'Fifty-six per cent of'."""

    def fix(sentence: str) -> str:
        match = _LEADING_NUMBER.match(sentence)
        if not match:
            return sentence
        words = number_words(int(match["n"].replace(",", "")))
        if match["pct"]:
            words += " per cent"
        return words[:1].upper() + words[1:] + sentence[match.end() :]

    pieces = re.split(r"(?<=[.!?])(\s+)", text)
    return "".join(fix(p) if i % 2 == 0 else p for i, p in enumerate(pieces))
