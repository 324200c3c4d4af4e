"""Text from files that came from shared drives and e-mail: decoded honestly, never guessed
silently into mojibake.

UTF-8 (with or without a BOM) and UTF-16 (with a BOM, or without one, recognised by its zero
bytes) are read as they are. Text that is not UTF-8 is decoded line by line: every line that
is valid UTF-8 stays as it is, and only the other lines are decoded with a guessed legacy
encoding (charset-normalizer's ranking; Windows-1252, what Excel writes on a UK PC, wins a
tie). A line the guess cannot decode either is refused, naming the line. So one stray
Windows-1252 byte in a UTF-8 file no longer turns every '£ – é' of the file into 'Â£ â€“ Ã©'.

Settings and narrative files (``read_text``) are stricter: they must be UTF-8, and a file
saved as Windows-1252 is refused with the line to look at and how to save it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cpkit.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_C1 = re.compile("[\x80-\x9f]")
# the encodings UK exports are written in, most likely first
_WESTERN = ["cp1252", "iso8859_15", "latin_1"]
_UNICODE = [
    "utf_8",
    "utf_16",
    "utf_32",
    "utf_7",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
]
_NAMES = {
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
    "latin_1": "ISO-8859-1",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "utf-8-sig": "UTF-8",
    "utf-8": "UTF-8",
}


@dataclass
class DecodedText:
    """A file's text and how it was decoded (for the ingest summary)."""

    text: str
    encoding: str  # the file's encoding, or "utf-8+cp1252" for a mixed file
    legacy_lines: list[int] = field(default_factory=list)  # 1-based lines not in UTF-8

    def note(self) -> str | None:
        """A sentence for the summary when the file was not plain UTF-8."""
        if not self.legacy_lines:
            return None
        legacy = _NAMES.get(self.encoding.split("+")[-1], self.encoding.split("+")[-1])
        lines = self.legacy_lines
        if "+" not in self.encoding:
            return f"not UTF-8: read as {legacy} (check that £, – and accented letters look right)"
        shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
        plural = "s" if len(lines) > 1 else ""
        return (
            f"{len(lines)} line{plural} not in UTF-8 (line{plural} {shown}) read as {legacy}; "
            "the rest as UTF-8"
        )


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes say so (ASCII text in UTF-16 has a zero
    in every other byte); checked before a file with zero bytes is called binary."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even_zero = sample[0::2].count(0) / (len(sample) // 2)
    odd_zero = sample[1::2].count(0) / (len(sample) // 2)
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """The text of a data file (see the module docstring); InputError naming the line when
    some line is in no encoding cpkit can tell."""
    encoding = bom_encoding(data) or utf16_without_bom(data)
    if encoding == "utf-8-sig":
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            return _decode_by_line(data[3:], name)  # a UTF-8 BOM, then other lines
    if encoding is not None:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise _undecodable(name, data, exc.start, _NAMES.get(encoding, encoding)) from None
    if data.isascii():
        return DecodedText(data.decode("ascii"), "utf-8")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_by_line(data, name)


def _decode_by_line(data: bytes, name: str) -> DecodedText:
    lines = data.splitlines(keepends=True)
    texts: list[str | None] = []
    legacy: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(None)
            legacy.append(number)
    guess = guess_legacy_encoding(b"".join(lines[n - 1] for n in legacy))
    offset = 0
    for number, line in enumerate(lines, start=1):
        if texts[number - 1] is None:
            try:
                texts[number - 1] = line.decode(guess)
            except UnicodeDecodeError as exc:
                raise _undecodable(
                    name, data, offset + exc.start, _NAMES.get(guess, guess)
                ) from None
        offset += len(line)
    mixed = len(legacy) < sum(1 for line in lines if not line.isascii())
    return DecodedText(
        "".join(t or "" for t in texts), f"utf-8+{guess}" if mixed else guess, legacy
    )


def guess_legacy_encoding(data: bytes) -> str:
    """The single-byte encoding ``data`` was most likely written in, by charset-normalizer's
    ranking. Western European code pages (what UK systems and Excel write) win whenever one
    reads the text cleanly, Windows-1252 first; another is taken only when charset-normalizer
    recognises a language in it. Otherwise 'cp1252', whose decoding then fails on the byte
    and names the line: bytes that make no sense in any likely encoding are refused."""
    from charset_normalizer import from_bytes

    results = [
        r
        for r in from_bytes(data, cp_exclusion=_UNICODE)
        if not _C1.search(str(r))  # a byte read as a C1 control: not what was meant
    ]
    western = [r for r in results if r.encoding in _WESTERN]
    best = min((r.chaos for r in western), default=1.0)
    top = results[0] if results else None
    if top and top.encoding not in _WESTERN and top.coherence >= 0.5 and top.chaos + 0.1 < best:
        return str(top.encoding)  # clearly another language's code page
    if western:
        clean = [r.encoding for r in western if r.chaos <= best + 0.02]
        return min(clean, key=_WESTERN.index)
    return "cp1252"


def _undecodable(name: str, data: bytes, position: int, encoding: str) -> InputError:
    line = data.count(b"\n", 0, position) + 1
    return InputError(
        f"{name}: line {line} holds a byte (0x{data[position]:02X}) that is not text in "
        f"{encoding} or UTF-8, so cpkit cannot tell which characters were meant",
        hint="open the file in Excel and save it as 'CSV UTF-8', or correct that line",
    )


def read_text(path: Path, what: str) -> str:
    """A settings, narrative or template file: UTF-8 (a BOM is allowed), else a clear error.

    ``what`` names the file's role for the message ("the settings file")."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{what} {path} cannot be read ({exc.strerror or type(exc).__name__})",
            hint="check that it exists and that you may read it",
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{what} {path.name} is not UTF-8 text (line {line} holds the byte "
            f"0x{data[exc.start]:02X}; it was probably saved as Windows-1252)",
            hint="save it again as UTF-8 (in Notepad: Save as, Encoding 'UTF-8')",
        ) from None
