"""Type coercion: raw text columns into typed columns, with a reason for every failure.

Each column is dictionary-encoded first, so each *distinct* value is parsed once in Python
and the result is spread back with a vectorised take. A date column of a million rows holds
a few thousand distinct dates; this keeps strict, readable parsing rules and stays fast.

No message here contains the value that failed: a date of birth or an id must never reach
an error message or a log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from cpkit.datasets import CODELISTS, Column, normalise


class Reject(ValueError):
    """A value that cannot be coerced; ``rule`` and ``message`` go to the quarantine.

    A ``warning`` keeps the row and stores nothing for that cell (used for optional,
    identifier-like cells such as postcodes, where losing the row would be worse).
    """

    def __init__(self, rule: str, message: str, severity: str = "error") -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.severity = severity


@dataclass
class Coerced:
    values: pa.Array
    # (severity, rule, message) -> boolean mask of the rows that failed that way
    failures: dict[tuple[str, str, str], pa.Array]


_ARROW_TYPES: dict[str, pa.DataType] = {
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
}


def arrow_type(column: Column) -> pa.DataType:
    return _ARROW_TYPES.get(column.type, pa.string())


@dataclass(frozen=True)
class Vocabulary:
    """What the workspace's cpkit.toml adds to parsing: code wordings per list, the
    pledge themes of ``[corporate_parenting]`` and the ``[programmes.*]`` names."""

    codes: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    themes: tuple[str, ...] = ()
    programmes: Mapping[str, str] = field(default_factory=dict)  # normalised name -> key


def coerce_column(
    raw: pa.Array,
    column: Column,
    *,
    code_extras: Mapping[str, Any] | None = None,
    vocabulary: Vocabulary | None = None,
) -> Coerced:
    """Coerce one column of raw strings (None = empty cell) to the column's type."""
    vocabulary = vocabulary or Vocabulary(codes=code_extras or {})
    if column.type in ("id", "person_id", "text", "upper"):
        if _has_excel_error(raw):  # '#N/A' is not an id, nor a note worth storing
            severity = "warning" if column.type == "text" else "error"
            keep = str.upper if column.type == "upper" else str
            return _map_distinct(raw, _excel_errors_first(keep, severity), pa.string(), column)
        return Coerced(pc.utf8_upper(raw) if column.type == "upper" else raw, {})
    parser = _excel_errors_first(_parser_for(column, vocabulary))
    return _map_distinct(raw, parser, arrow_type(column), column)


# Excel's error values, and the text the reader gives a formula saved without its value
_EXCEL_ERROR = re.compile(
    r"^#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|"
    r"BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|UNCALCULATED!)$"
)


def _has_excel_error(raw: pa.Array) -> bool:
    if not pa.types.is_string(raw.type) or raw.null_count == len(raw):
        return False
    return bool(pc.any(pc.match_substring_regex(raw, _EXCEL_ERROR.pattern)).as_py())


def _excel_errors_first(
    parser: Callable[[str], Any], severity: str = "error"
) -> Callable[[str], Any]:
    """``parser``, except that an Excel error value (#DIV/0!, #N/A...) or a formula without
    a saved value is reported as such instead of as a bad date or code (or a blank)."""

    def parse(value: str) -> Any:
        if value.startswith("#") and _EXCEL_ERROR.match(value.strip()):
            if value.strip() == "#UNCALCULATED!":
                raise Reject(
                    "excel_formula_without_value",
                    "a formula saved without its value; open the workbook in Excel and save "
                    "it again (or paste the values)",
                    severity,
                )
            raise Reject(
                "excel_error",
                "an Excel error value (such as #DIV/0! or #N/A), not data; correct the "
                "formula in the workbook",
                severity,
            )
        return parser(value)

    return parse


def _map_distinct(
    raw: pa.Array, parser: Callable[[str], Any], out_type: pa.DataType, column: Column
) -> Coerced:
    encoded = pc.dictionary_encode(raw)
    dictionary = encoded.dictionary.to_pylist()
    parsed: list[Any] = []
    failure_codes: list[int] = []  # per distinct value: index into reasons, or -1
    reasons: list[tuple[str, str, str]] = []
    for value in dictionary:
        try:
            parsed.append(parser(value))
            failure_codes.append(-1)
        except Reject as reject:
            parsed.append(None)
            key = (reject.severity, reject.rule, reject.message)
            if key not in reasons:
                reasons.append(key)
            failure_codes.append(reasons.index(key))
    indices = encoded.indices
    values = pc.take(pa.array(parsed, type=out_type), indices)
    failures = {}
    if reasons:  # most columns have none: skip spreading the codes over every row
        codes = pc.take(pa.array(failure_codes, type=pa.int32()), indices)
        failures = {r: pc.fill_null(pc.equal(codes, n), False) for n, r in enumerate(reasons)}
    blank = CODELISTS[column.codelist].blank if column.codelist else None
    if blank is not None:
        values = pc.if_else(pc.is_null(raw), blank, values)
    return Coerced(values, failures)


def _parser_for(column: Column, vocabulary: Vocabulary) -> Callable[[str], Any]:
    if column.type == "date":
        return parse_date
    if column.type == "bool":
        return parse_bool
    if column.type == "int":
        return lambda value: parse_int(value, column.minimum, column.maximum)
    if column.type == "code":
        return code_parser(column, vocabulary.codes.get(column.codelist or "", {}))
    if column.type == "themes":
        return lambda value: "; ".join(split_themes(value, vocabulary.themes)[0])
    if column.type == "programme":
        return lambda value: programme_key(value, vocabulary.programmes)
    if column.type == "postcode_district":
        return postcode_district
    raise ValueError(f"no parser for column type {column.type}")


# --------------------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# a time of day Excel adds to dates (a real one: 25:99 is not a time)
_TIME = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})" + _TIME + "$")
_YMD = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + "$")
_D_MON_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-]([A-Za-z]{3,9})\.?[ \-,]+(\d{2,4})$")
# an Excel serial (1927-2173); a fraction is the time of day: dropped. '00000' is no date
_SERIAL = re.compile(r"^[1-9]\d{4}(?:\.\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EARLIEST = dt.date(1900, 1, 1)
_DATE_HELP = "write dates as dd/mm/yyyy"


def parse_date(value: str) -> dt.date:
    """UK dates: dd/mm/yyyy (never month-first), yyyy-mm-dd, d Mon yyyy, Excel serial numbers."""
    text = value.strip()
    if match := _YMD.match(text):
        year, _, month, day = match.groups()
        return _build_date(int(year), int(month), int(day))
    if match := _DMY.match(text):
        day, month, year_text = match.groups()
        if len(year_text) != 4:
            raise Reject("date_two_digit_year", f"two-digit year; {_DATE_HELP}")
        if int(month) > 12 and int(day) <= 12:
            raise Reject(
                "date_month_first",
                "looks month-first (mm/dd/yyyy); cpkit reads dd/mm/yyyy only, "
                "so correct the export format",
            )
        return _build_date(int(year_text), int(month), int(day))
    if match := _D_MON_Y.match(text):
        day, month_name, year_text = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise Reject("date_invalid", f"not a recognisable date; {_DATE_HELP}")
        if len(year_text) != 4:
            raise Reject("date_two_digit_year", f"two-digit year; {_DATE_HELP}")
        return _build_date(int(year_text), month, int(day))
    if _SERIAL.match(text):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    raise Reject("date_invalid", f"not a recognisable date; {_DATE_HELP}")


def _build_date(year: int, month: int, day: int) -> dt.date:
    try:
        built = dt.date(year, month, day)
    except ValueError:
        raise Reject(
            "date_impossible", "not a real calendar date (day or month out of range)"
        ) from None
    if built < _EARLIEST:
        raise Reject("date_implausible", "date before 1900; check the year")
    return built


# --------------------------------------------------------------------------- other types

_TRUE = {"y", "yes", "true", "t", "1", "x"}
_FALSE = {"n", "no", "false", "f", "0"}
_WHOLE_FLOAT = re.compile(r"^([01])\.0+$")


def parse_bool(value: str) -> bool:
    key = normalise(_WHOLE_FLOAT.sub(r"\1", value.strip()))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Reject("bool_invalid", "not a yes/no value; use Y/N, Yes/No, True/False or 1/0")


_INT = re.compile(r"^[+-]?\d+(?:\.0+)?$")


def parse_int(value: str, minimum: int | None, maximum: int | None) -> int:
    text = value.replace(",", "").strip()
    if not _INT.match(text):
        raise Reject("int_invalid", "not a whole number")
    if len(text.lstrip("+-").split(".")[0].lstrip("0")) > 18:  # beyond a 64-bit integer
        raise Reject("int_out_of_range", "far too large to be a count")
    number = int(float(text)) if "." in text else int(text)
    if minimum is not None and number < minimum:
        raise Reject("int_out_of_range", f"below the smallest allowed value ({minimum})")
    if maximum is not None and number > maximum:
        raise Reject("int_out_of_range", f"above the largest allowed value ({maximum})")
    return number


_SPLIT = re.compile(r"\s*(?:;|,|/|&|\+|\band\b|\n)\s*", re.IGNORECASE)


def code_parser(column: Column, extra: Mapping[str, Any]) -> Callable[[str], str]:
    codelist = CODELISTS[column.codelist or ""]
    lookup = codelist.lookup(extra)
    order = list(codelist.codes)
    accepted = ", ".join(order)

    def parse(value: str) -> str:
        code = lookup.get(normalise(value))
        if code is not None:
            return code
        if column.precedence:
            parts = [lookup.get(normalise(p)) for p in _SPLIT.split(value) if p.strip()]
            known = [p for p in parts if p]
            if parts and len(known) == len(parts):
                return min(known, key=order.index)
        raise Reject(
            f"{codelist.name}_unknown",
            f"not in the {codelist.name} code list; accepted values: {accepted}",
        )

    return parse


_THEME_LISTS = re.compile(r"\s*[;\n|\u2022]+\s*")  # always separate themes
_THEME_JOINS = re.compile(r"(\s*,\s*|\s+(?:and|&)\s+)", re.IGNORECASE)  # may separate them
_COMMAS = re.compile(r"\s*,\s*")


def split_themes(value: str, configured: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The themes in one cell, and those that match none of ``configured``.

    Semicolons, new lines and bullets always separate themes. Commas and "and" separate
    them only where that splits the text into configured themes: "Your Care, Your
    Relationships and You" is two themes when "Your Relationships and You" is one of
    them, and a theme whose name holds a comma or "and" stays whole. Text that cannot be
    split into configured themes is split on commas only (never on "and").
    """
    known = {_theme_key(theme): theme for theme in configured}
    themes: list[str] = []
    unmatched: list[str] = []
    for part in (p for p in _THEME_LISTS.split(value.strip()) if p):
        found = _as_configured(part, known)
        if found is None:
            found = [known.get(_theme_key(p), p) for p in _COMMAS.split(part) if p]
            unmatched += [p for p in found if known and _theme_key(p) not in known]
        themes += found
    return list(dict.fromkeys(themes)), list(dict.fromkeys(unmatched))


def _theme_key(text: str) -> str:
    """Themes match ignoring case, spaces and punctuation, with "&" read as "and"."""
    return normalise(text.replace("&", " and "))


def _as_configured(part: str, known: Mapping[str, str]) -> list[str] | None:
    """``part`` split at commas or "and" into configured themes, if it can be."""
    pieces = _THEME_JOINS.split(part)  # text, separator, text, separator, ...
    words, separators = pieces[0::2], pieces[1::2]
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(words) + 1):
        for start in range(end):
            if start not in best:
                continue
            text = words[start] + "".join(
                separators[i] + words[i + 1] for i in range(start, end - 1)
            )
            theme = known.get(_theme_key(text))
            if theme is not None:
                best[end] = [*best[start], theme]
                break
    return best.get(len(words))


def programme_key(value: str, programmes: Mapping[str, str]) -> str:
    """The ``[programmes.<key>]`` a programme name means ("Next Steps" -> next_steps),
    matched ignoring case, spaces and punctuation; with no such block, the name as a key of
    the same form ("Moving On" -> moving_on), so that spellings of one name stay one."""
    found = programmes.get(normalise(value))
    return found if found is not None else programme_slug(value)


def programme_slug(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", value.lower()).strip("_")


_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?$")


def postcode_district(value: str) -> str:
    """A postcode reduced to its district (outward code): B12 9QN -> B12."""
    match = _POSTCODE.match(value.upper().strip())
    if not match:
        raise Reject(
            "postcode_invalid",
            "not a UK postcode or postcode district; not stored",
            severity="warning",
        )
    return match.group(1)
