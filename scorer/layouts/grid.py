"""Place the cells of one indicator row into the slots of the template's halves.

Text extracted from PDF keeps the order of cells but not their columns: leading empty cells
vary from row to row, labels drift into the neighbouring column and whole cells go missing.
So a row is read as an ordered list of non-empty cells, and a small dynamic programme finds
the cheapest monotone assignment of those cells to the slots the header announces
(一级 二级 三级 指标值 | 二级 三级 指标值 …). The cost of a cell in a slot comes from what the cell
is (a hierarchy label, something value-shaped, a noun phrase) and, as a tie-breaker only,
from how far its column is from the header's column for that slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

from scorer.cellkind import value_likeness
from scorer.hierarchy import LevelLabel, recognise

L1, L2, NAME, VALUE = "L1", "L2", "NAME", "VALUE"

_MISS_COST = {L1: 0.05, L2: 0.1, NAME: 0.9, VALUE: 0.9}
# A row often belongs to one half only (the halves list different numbers of rows); leaving a
# whole half empty must cost less than tearing a name from its value across the halves.
_ABSENT_HALF_COST = 1.0
# Both halves list the same indicators, so a name already read in a half is unlikely to
# appear there again: it probably belongs to the other half.
_REPEATED_NAME_COST = 0.3
_DROP_COST = 4.0
_MISS, _DROP, _FIT = 1, 2, 3  # moves of the placement programme
# A variant replaces the best only when cheaper by 1e-9; its bound, summed in another order,
# may be off by rounding, so a variant is skipped only when its bound is clearly too high.
_BOUND_SLACK = 1e-9 - 1e-12
_COLUMN_WEIGHT = 0.02
_COLUMN_CAP = 0.2


class Cell(NamedTuple):
    """A non-empty cell with its raw column index in the line (a tuple: millions are made per batch)."""

    text: str
    column: int


@dataclass(frozen=True)
class Slot:
    """One column of the template: which half it belongs to, what it holds, where it sits."""

    half: int
    kind: str
    column: int | None = None


@dataclass
class Placement:
    """Result for one row: per half, the cell placed in each slot kind; plus dropped cells."""

    halves: list[dict[str, Cell]]
    dropped: list[Cell]


def non_empty_cells(cells: list[str]) -> list[Cell]:
    """Keep the non-empty cells of a line, remembering their column."""
    return [Cell(text, column) for column, text in enumerate(cells) if text]


# min(cap, weight × distance) for the usual column distances, computed once
_COLUMN_COSTS = [min(_COLUMN_CAP, _COLUMN_WEIGHT * distance) for distance in range(64)]


def _column_cost(distance: int) -> float:
    return _COLUMN_COSTS[distance] if distance < 64 else min(_COLUMN_CAP, _COLUMN_WEIGHT * distance)


def _fit_costs(
    cell: Cell,
    label: LevelLabel | None,
    likeness: float,
    slots: list[tuple[str, int, int | None]],
    seen: list[set[str]],
) -> list[float]:
    """Cost of `cell` in each (kind, half, column) slot: what the cell is against what the slot holds, then its column.

    Adding 0.0 leaves a float unchanged, so the sums equal adding only the terms that apply.
    """
    if label:
        by_kind = {L1: 0.0 if label.level == 1 else 1.0, L2: 0.0 if label.level == 2 else 3.0, NAME: 3.0, VALUE: 4.0}
    else:
        by_kind = {L1: 6.0, L2: 6.0, NAME: 2.0 * likeness, VALUE: 2.0 * (1.0 - likeness)}
    text, at = cell.text, cell.column
    repeated = [_REPEATED_NAME_COST if text in names else 0.0 for names in seen]
    costs = _COLUMN_COSTS
    return [
        by_kind[kind]
        + (repeated[half] if kind == NAME else 0.0)
        + (0.0 if column is None else costs[d] if (d := abs(at - column)) < 64 else _column_cost(d))
        for kind, half, column in slots
    ]


def _lower_bound(fit: list[list[float]], present: list[int], slots: list[Slot]) -> float:
    """No placement over `present` costs less: each cell at its cheapest slot (or dropped), each spare slot missed."""
    if not present:  # a half without slots of its own: every cell would be dropped
        return _DROP_COST * len(fit)
    cells_cost = 0.0
    for row in fit:
        cheapest = min([row[j] for j in present])
        cells_cost += cheapest if cheapest < _DROP_COST else _DROP_COST
    spare = len(present) - len(fit)
    return cells_cost + spare * min([_MISS_COST[slots[j].kind] for j in present]) if spare > 0 else cells_cost


def place_row(cells: list[Cell], slots: list[Slot], n_halves: int, seen: list[set[str]] | None = None) -> Placement:
    """Cheapest order-preserving assignment of cells to slots (each slot holds one cell).

    `seen` holds, per half, the 三级 names already read in this table.
    """
    seen = seen if seen is not None else [set() for _ in range(n_halves)]
    labels = [recognise(c.text) for c in cells]
    likeness = [value_likeness(c.text) for c in cells]
    slot_info = [(slot.kind, slot.half, slot.column) for slot in slots]
    fit = [_fit_costs(c, labels[i], likeness[i], slot_info, seen) for i, c in enumerate(cells)]
    best: tuple[float, Placement] | None = None
    for absent in product((False, True), repeat=n_halves):
        if all(absent) and cells:
            continue
        penalty = _ABSENT_HALF_COST * sum(absent)
        if best is not None and best[0] <= penalty:
            continue  # every cost is ≥ 0, so this variant cannot beat the best one found
        present = [j for j, slot in enumerate(slots) if not absent[slot.half]]
        if best is not None and penalty + _lower_bound(fit, present, slots) >= best[0] - _BOUND_SLACK:
            continue  # cannot be cheaper by the margin that replaces the best
        cost, placement = _place(cells, fit, slots, present, n_halves)
        cost += penalty
        if best is None or cost < best[0] - 1e-9:
            best = (cost, placement)
    assert best is not None
    return best[1]


def _place(
    cells: list[Cell],
    fit: list[list[float]],
    all_slots: list[Slot],
    present: list[int],
    n_halves: int,
) -> tuple[float, Placement]:
    """The dynamic programme over the slots in `present` (indices into `all_slots`).

    best[i][j] is the cost of placing cells[:i] using slots[:j]. A state is reached by putting
    cell i-1 into slot j-1 (fit), dropping cell i-1 (drop) or leaving slot j-1 empty (miss),
    and the first of these that is strictly cheapest wins ties, in that order. This runs for
    every indicator row of every filing, so each row of the table is filled in one pass.
    """
    slots = [all_slots[j] for j in present]
    n, m = len(cells), len(slots)
    miss = [_MISS_COST[slot.kind] for slot in slots]
    first = [0.0]
    for j in range(m):
        first.append(first[j] + miss[j])
    best = [first]
    step = [[_MISS] * (m + 1)]
    drop = _DROP_COST
    for i in range(n):
        previous = best[i]
        fit_row = fit[i]
        row = [previous[0] + drop]
        moves = [_DROP]
        for j in range(m):
            cost, move = previous[j] + fit_row[present[j]], _FIT
            via_drop = previous[j + 1] + drop
            if via_drop < cost:
                cost, move = via_drop, _DROP
            via_miss = row[j] + miss[j]
            if via_miss < cost:
                cost, move = via_miss, _MISS
            row.append(cost)
            moves.append(move)
        best.append(row)
        step.append(moves)
    halves: list[dict[str, Cell]] = [{} for _ in range(n_halves)]
    dropped: list[Cell] = []
    i, j = n, m
    while i or j:
        move = step[i][j]
        if move == _FIT:
            i, j = i - 1, j - 1
            halves[slots[j].half][slots[j].kind] = cells[i]
        elif move == _DROP:
            i -= 1
            dropped.append(cells[i])
        else:
            j -= 1
    dropped.reverse()
    return best[n][m], Placement(halves=halves, dropped=dropped)
