"""The disclosure pass: decide once, for every number a publication shows, whether it is
shown, and hide the hidden ones in place everywhere they appear.

1. Primary: a count of 1 to ``threshold - 1`` people is hidden ("small").
2. Derived figures follow what they are made from: a rate, a median, a money figure or a
   change is hidden when any count behind it is.
3. Secondary: while the declared relations let a reader work out a hidden cell (or a small
   count never shown, such as the complement of a share: 18 of 20 would reveal the 2 who
   are not), or a breakdown shows exactly one hidden part
   beside a visible total, hide one more count of people next to it: a part of the same
   breakdown if there is one, the smallest first ("protects"). Hiding more can never make a
   cell easier to work out, so this ends.

Each round reads the publication as it now stands (a fresh ``Ledger``), so the decisions are
judged on exactly what the outputs will show. Counts of things (meetings, events, groups,
themes, asks, rows) are never hidden; zero is never hidden (it identifies nobody); benchmarks
and targets are not cells at all.
"""

from __future__ import annotations

from collections import defaultdict

from cpkit.metrics.disclosure.cells import LINEAR, CellKey, Publication, slots
from cpkit.metrics.disclosure.ledger import Cell, Ledger


def is_small(n: float | int | None, threshold: int) -> bool:
    return n is not None and 0 < n < threshold


def disclose_in_place(publication: Publication, threshold: int) -> list[CellKey]:
    """Run the pass over ``publication`` (changing its figures) and return the problems that
    no further hiding could solve (normally none; the audit reports them)."""
    truth = Ledger(slots(publication))
    values = {key: cell.value for key, cell in truth.cells.items()}
    _hide_cells(truth, _primary(truth, threshold), "small")
    unresolved: list[CellKey] = []
    for _ in range(10_000):  # each round hides at least one more cell; cells are finite
        ledger = Ledger(slots(publication))
        derived = _derived(ledger)
        if derived:
            _hide_cells(ledger, derived, "protects")
            continue
        problems = problems_in(ledger, threshold, values)
        fixes = _fixes(ledger, problems)
        unresolved = [problem for problem, fix in fixes if fix is None]
        chosen = sorted({fix for _, fix in fixes if fix is not None})
        if not chosen:
            break
        _hide_cells(ledger, chosen, "protects")
    _mark_reasons(publication)
    return unresolved


def _hide_cells(ledger: Ledger, keys: list[CellKey], reason: str) -> None:
    for key in keys:
        for slot in ledger.cells[key].slots:
            slot.hide()
            if slot.owner is not None and slot.owner.suppression is None:
                slot.owner.suppression = reason


def _mark_reasons(publication: Publication) -> None:
    for slot in slots(publication):
        owner = slot.owner
        if owner is not None and owner.suppressed and owner.suppression is None:
            owner.suppression = "protects"


def _primary(ledger: Ledger, threshold: int) -> list[CellKey]:
    """Shown counts of 1 to ``threshold - 1`` people. (A small complement, such as the 2 of
    20 who are not, is never shown: the secondary rounds hide whichever of its numerator or
    denominator costs least.)"""
    return sorted(
        cell.key
        for cell in ledger.unique()
        if cell.kind == LINEAR
        and cell.people
        and cell.published
        and is_small(cell.value, threshold)
    )


def _derived(ledger: Ledger) -> list[CellKey]:
    """Shown rates, medians, money figures and changes made from a hidden count."""
    return sorted(
        cell.key
        for cell in ledger.unique()
        if cell.known
        and cell.made_of
        and any(ledger.cells[k].hidden for k in cell.made_of if k in ledger.cells)
    )


def problems_in(
    ledger: Ledger, threshold: int, values: dict[CellKey, float | None] | None = None
) -> list[tuple[CellKey, int]]:
    """Cells a reader could work out that must stay unknown, each with its connected group
    (-1 for a breakdown with a lone hidden part). ``values`` are the true values, when known;
    otherwise a cell never shown is judged by the value the relations force on it."""
    solved, component = ledger.determined()
    pinned = ledger.pinned(threshold)
    for key, value in pinned.items():
        solved.setdefault(key, value)
        component.setdefault(key, -2)
    found = []
    for key, forced in sorted(solved.items()):
        cell = ledger.cells[key]
        if cell.published and cell.hidden:
            known = values.get(key) if values is not None else None
            if round(forced if known is None else known) != 0:  # zero identifies nobody
                found.append((key, component[key]))
        elif not cell.published and cell.people:
            known = values.get(key) if values is not None else None
            actual = forced if known is None else known
            if is_small(round(actual) if actual is not None else None, threshold):
                found.append((key, component[key]))
    found += [(key, -1) for key in lone_hidden_parts(ledger)]
    return found


def lone_hidden_parts(ledger: Ledger) -> list[CellKey]:
    """The hidden part of each breakdown that hides exactly one part beside a visible total
    (subtraction gives it away), or beside parts that are all zero (then everyone counted is
    in it, whatever the total: a reader learns the category of each of them)."""
    lone = []
    for family, parts in sorted(_families(ledger).items(), key=lambda item: str(item[0])):
        hidden = [p for p in parts if p.hidden]
        total = ledger.family_total(family)
        if len(hidden) != 1 or total is None:
            continue
        others_zero = all(p.known and p.value == 0 for p in parts if not p.hidden)
        if total.known or (others_zero and len(parts) > 1):
            lone.append(hidden[0].key)
    return lone


def _families(ledger: Ledger) -> dict[tuple, list[Cell]]:
    families: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in ledger.unique():
        if cell.family and cell.kind == LINEAR and cell.people and not cell.outside_total:
            families[cell.family].append(cell)
    return families


def _fixes(
    ledger: Ledger, problems: list[tuple[CellKey, int]]
) -> list[tuple[CellKey, CellKey | None]]:
    """One cell to hide for each problem: at most one per connected group per round, since
    one hiding often settles several problems."""
    fixes: list[tuple[CellKey, CellKey | None]] = []
    seen: set[int] = set()
    for key, group in problems:
        if group != -1 and group in seen:
            continue
        if group == -1:  # a lone hidden part: another part of the same breakdown
            fix = _cheapest(ledger, key, _siblings(ledger, key)) or _zero_sibling(ledger, key)
        else:
            fix = _cheapest(ledger, key, _related(ledger, key))
        fixes.append((key, fix))
        if group != -1 and fix is not None:
            seen.add(group)
    return fixes


def _siblings(ledger: Ledger, key: CellKey) -> set[CellKey]:
    family = ledger.cells[key].family
    return {c.key for c in _families(ledger).get(family, [])} if family else set()


def _zero_sibling(ledger: Ledger, key: CellKey) -> CellKey | None:
    """When every other part of a breakdown is zero, a zero is hidden too, so that a reader
    cannot tell which category the hidden ones are in."""
    zeros = [
        k for k in _siblings(ledger, key) if ledger.cells[k].known and ledger.cells[k].value == 0
    ]
    return min(zeros) if zeros else None


def _related(ledger: Ledger, key: CellKey) -> set[CellKey]:
    """The cells of the relations that pin ``key`` down: those in which it is the only
    unknown first (hiding one of their cells is what frees it), else every relation it is in."""
    direct: set[CellKey] = set()
    every: set[CellKey] = set()
    for equation in ledger.equations:
        keys = [k for k, c in equation.terms if c]
        if key not in keys:
            continue
        every.update(keys)
        if all(ledger.cells[k].known for k in keys if k != key):
            direct.update(keys)
    return direct if any(_hideable(ledger, k) for k in direct - {key}) else every


def _hideable(ledger: Ledger, key: CellKey) -> bool:
    cell = ledger.cells[key]
    return cell.known and cell.people and cell.kind == LINEAR and bool(cell.value)


def _cheapest(ledger: Ledger, key: CellKey, near: set[CellKey]) -> CellKey | None:
    """A shown, non-zero count of people among ``near``, the one whose hiding costs least:
    shown in the fewest places (a total shared by every part of a breakdown would hide them
    all), then the smallest."""
    options = [ledger.cells[k] for k in near if k != key and _hideable(ledger, k)]
    if not options:
        return None
    return min(options, key=lambda cell: (len(cell.slots), cell.value, cell.key)).key
