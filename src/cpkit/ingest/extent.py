"""How far a worksheet really reaches, found before calamine loads it.

calamine builds a dense grid from the first to the last cell that holds a value, so one
stray value at XFD1048576 (what Ctrl+End finds in Excel) asks for 17 billion cells and the
process aborts; at ZZ200000 one sheet takes over a minute and gigabytes. For .xlsx and .xlsm
the sheet's XML is scanned first (in blocks, at C speed): the bounding box of the cells with
values, how many there are, and the cells calamine would show as empty although they are
not (Excel error values such as ``#DIV/0!``, formulas without a saved value). A sheet whose
box is both large and mostly empty is refused, naming the sheet and the far cell.

.xls sheets cannot exceed 65,536 x 256 cells and .ods sheets are checked after loading
(``check_loaded``): the same bound, from the size calamine reports.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

from cpkit.errors import InputError

MAX_EMPTY_CELLS = 5_000_000  # a used range this much bigger than its values is refused
UNCALCULATED = "#UNCALCULATED!"  # a formula cell saved without its value
_BLOCK = 1 << 24

# a cell with content (self-closing <c r="A1" s="3"/> holds formatting only)
_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3}[0-9]{1,7})\"[^>/]*>")
_LETTERS = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})[0-9]{1,7}\"[^>/]*>")
_ERROR = re.compile(
    rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*?\bt=\"e\"[^>]*>"
    rb"(?:<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?<(?:\w+:)?v>([^<]{1,20})<"
)
_NO_VALUE = re.compile(
    rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>/]*>"
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v></(?:\w+:)?v>)?"
    rb"</(?:\w+:)?c>"
)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")


@dataclass
class Extent:
    """The cells of one sheet that hold something, as 0-based (row, column) positions."""

    top: int = -1
    left: int = -1
    bottom: int = -1
    right: int = -1
    values: int = 0
    far_row: str = ""  # the reference of a cell in the last row, and in the last column
    far_column: str = ""
    overrides: dict[tuple[int, int], str] = field(default_factory=dict)  # errors, formulas

    @property
    def area(self) -> int:
        if self.bottom < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)


def column_number(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26, 'XFD' -> 16383."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def xlsx_extents(path: str) -> dict[str, Extent]:
    """The extent of every worksheet of an .xlsx/.xlsm file, by sheet name (empty when the
    package cannot be read this way: calamine then reports what is wrong)."""
    try:
        with zipfile.ZipFile(path) as package:
            return {name: _scan(package, member) for name, member in _sheet_members(package)}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, RuntimeError):
        return {}


def _sheet_members(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    members = []
    for sheet in workbook.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        members.append((sheet.get("name", ""), str(PurePosixPath(member))))
    return members


def _scan(package: zipfile.ZipFile, member: str) -> Extent:
    extent = Extent()
    with package.open(member) as stream:
        carry = b""
        while block := stream.read(_BLOCK):
            data = carry + block
            cut = data.rfind(b"</row>")
            if cut < 0:
                carry = data
                continue
            cut += len(b"</row>")
            _scan_block(data[:cut], extent)
            carry = data[cut:]
        if carry:
            _scan_block(carry, extent)
    return extent


def _scan_block(data: bytes, extent: Extent) -> None:
    """Rows come in ascending order (the file format requires it): the first and the last
    cell of a block give its rows; the distinct column letters give its columns."""
    extent.values += len(_VALUE.findall(data))
    first = _REF.search(data)
    if first is None:
        return
    tail = data[-65536:]
    last_refs = _REF.findall(tail) or _REF.findall(data)
    top, bottom = _position(first.group(1)), _position(last_refs[-1])
    if extent.top < 0 or top[0] < extent.top:
        extent.top = top[0]
    if bottom[0] > extent.bottom:
        extent.bottom, extent.far_row = bottom[0], last_refs[-1].decode()
    numbers = {column_number(c.decode()): c for c in set(_LETTERS.findall(data))}
    left, right = min(numbers), max(numbers)
    if extent.left < 0 or left < extent.left:
        extent.left = left
    if right > extent.right:
        extent.right = right
        found = re.search(rb"\br=\"(" + numbers[right] + rb"[0-9]+)\"[^>/]*>", data)
        extent.far_column = found.group(1).decode() if found else numbers[right].decode()
    _scan_specials(data, extent)


def _position(reference: bytes) -> tuple[int, int]:
    text = reference.decode()
    letters = text.rstrip("0123456789")
    return int(text[len(letters) :]) - 1, column_number(letters)


def _scan_specials(data: bytes, extent: Extent) -> None:
    for letters, row, text in _ERROR.findall(data):
        extent.overrides[(int(row) - 1, column_number(letters.decode()))] = text.decode()
    for letters, row in _NO_VALUE.findall(data):
        extent.overrides[(int(row) - 1, column_number(letters.decode()))] = UNCALCULATED


def check_extent(extent: Extent, sheet: str, file: str) -> None:
    """Refuse a sheet whose used range is mostly empty and too big to load."""
    if extent.area - extent.values <= MAX_EMPTY_CELLS:
        return
    far = extent.far_row
    if extent.far_column and extent.far_column != far:
        far = f"{extent.far_row} and {extent.far_column}"
    refuse(sheet, file, far, extent.area, extent.values)


def check_loaded(
    height: int, width: int, end: tuple[int, int] | None, sheet: str, file: str
) -> None:
    """The same bound from the size calamine reports (formats not scanned beforehand)."""
    if height * width <= MAX_EMPTY_CELLS * 2 or end is None:
        return
    refuse(sheet, file, cell_reference(*end), height * width, None)


def cell_reference(row: int, column: int) -> str:
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"


def refuse(sheet: str, file: str, far: str, area: int, values: int | None) -> None:
    held = f" for {values:,} values" if values is not None else ""
    raise InputError(
        f"sheet '{sheet}' of {file} reaches as far as {far}: its used range is "
        f"{area:,} cells{held}, too big to read",
        hint=f"delete the stray content at {far} in Excel (Ctrl+End finds it; delete the "
        "empty rows and columns up to it), save, and ingest again",
    )
