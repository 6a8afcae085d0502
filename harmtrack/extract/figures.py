"""The figures of one incident, combined from what its sentences tell.

The count is the best estimate at the latest statement: a toll rises to its highest figure, and a change
("the bodies of two more", "one of the injured later died") adds to the figure told before it. Where the
figures differ, their lowest and highest are the range. A range told as one ("between 10 and 15") gives its
low figure as the best estimate and its high one as the maximum: the record needs a best estimate within
the range. "Four were hospitalised" counts only when no injury figure is told.
"""

from typing import NamedTuple

from harmtrack.extract.harm import Harm


class Figures(NamedTuple):
    best: int | None
    low: int | None  # the minimum, when the figures differ or one is "at least"
    high: int | None  # the maximum, when the figures differ
    children: int | None


def combine(harms: list[Harm], kind: str) -> Figures:
    """The figures of one kind of harm ("killed" or "injured")."""
    told = [(h, h.value) for h in harms if h.kind == kind and h.value is not None]
    if any(not h.weak for h, _ in told):
        told = [(h, value) for h, value in told if not h.weak]
    current = [(h, value) for h, value in told if not h.earlier]
    best, low, high = _best_and_range(current or told)
    if current and len(current) < len(told):
        # "Earlier reports said that three people had been killed": the superseded figures widen the range only
        values = [value for h, value in told if not h.delta] + [v for v in (best, low, high) if v is not None]
        low, high = min(values), max(values)
        low, high = (low, high) if low != high else (None, None)
    stated = [h for h in harms if h.kind == kind]
    if any(not h.earlier for h in stated):
        stated = [h for h in stated if not h.earlier]  # "three children were among the victims", said earlier
    children = [h.children for h in stated if h.children is not None]
    child = max(children) if children else None
    if child is not None and best is not None and child > best:
        child = None  # more children than people in all cannot both be right
    return Figures(best, low, high, child)


def _best_and_range(told: list[tuple[Harm, int]]) -> tuple[int | None, int | None, int | None]:
    """(best estimate, minimum, maximum) of the figures in text order."""
    running: int | None = None
    values: list[int] = []
    for harm, value in told:
        if harm.delta:
            if running is None and value < 0:
                continue  # "one of the injured died" before any injured figure: nothing to take one from
            running = (running or 0) + value
        else:
            running = value if running is None else max(running, value)
        values.append(running)
    if running is None or running <= 0:
        return None, None, None
    low, high = min(values), max(values)
    # "between 10 and 15": the low figure is the best estimate (a range needs one), the high one the maximum
    high = max([high, *(harm.high for harm, _ in told if harm.high is not None)])
    if low == high:
        return running, (running if any(harm.at_least for harm, _ in told) else None), None
    return running, low, high
