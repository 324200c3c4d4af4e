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
    """The hidden part of each breakdown that hides exactly one part beside a visible total."""
    families: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in ledger.unique():
        if cell.family and cell.kind == LINEAR and cell.people and not cell.outside_total:
            families[cell.family].append(cell)
    lone = []
    for family, parts in sorted(families.items(), key=lambda item: str(item[0])):
        hidden = [p for p in parts if p.hidden]
        total = family_total(ledger, family)
        if len(hidden) == 1 and total is not None and total.known:
            lone.append(hidden[0].key)
    return lone


def family_total(ledger: Ledger, family: tuple) -> Cell | None:
    metric, outer, year, by = family
    for role in (f"total:{by}", "value"):
        cell = ledger.cells.get(CellKey(metric, outer, year, role))
        if cell is not None:
            return cell
    return None


def _fixes(
    ledger: Ledger, problems: list[tuple[CellKey, int]]
) -> list[tuple[CellKey, CellKey | None]]:
    """One cell to hide for each problem: at most one per connected group per round, since
    one hiding often settles several problems."""
    fixes: list[tuple[CellKey, CellKey | None]] = []
    seen: set[int] = set()
    neighbours = _neighbours(ledger)
    for key, group in problems:
        if group != -1 and group in seen:
            continue
        fix = _candidate(ledger, key, neighbours)
        fixes.append((key, fix))
        if group != -1 and fix is not None:
            seen.add(group)
    return fixes


def _neighbours(ledger: Ledger) -> dict[CellKey, set[CellKey]]:
    near: dict[CellKey, set[CellKey]] = defaultdict(set)
    for equation in ledger.equations:
        keys = [k for k, c in equation.terms if c]
        for key in keys:
            near[key].update(keys)
    return near


def _candidate(
    ledger: Ledger, key: CellKey, neighbours: dict[CellKey, set[CellKey]]
) -> CellKey | None:
    """A shown, non-zero count of people related to ``key``, the one whose hiding costs
    least."""
    options = [
        ledger.cells[k]
        for k in neighbours.get(key, set())
        if k != key
        and ledger.cells[k].known
        and ledger.cells[k].people
        and ledger.cells[k].kind == LINEAR
        and ledger.cells[k].value
    ]
    if not options:
        return None

    def rank(cell: Cell) -> tuple:
        # the cell shown in the fewest places (a total shared by every part of a breakdown
        # would hide them all), then the smallest
        return (len(cell.slots), cell.value, cell.key)

    return min(options, key=rank).key
