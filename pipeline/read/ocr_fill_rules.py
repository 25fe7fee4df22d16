"""Rules that run on across a shaded cell, too faint there to be seen as strokes.

A coloured table draws its column rules in a darker tint of its heading's colour: on
the white rows below the heading they are plain lines, on the heading band itself they
differ from the band by a few gray levels only, once a scan has turned the colours to
gray and blurred the line. The stroke masks lose them there, the heading band passes
for one cell over every column, and its headings (« Entrée cinéma », « Tarifs 2013 »)
run together. Such a rule is found from where it goes on: a column rule found beside
the band, ending on the band's edge, is followed across the band when a line darker
than the band runs there, from one of its edges to the other. A heading spread over
several columns has no such line over the rules that part the columns below it, and
stays one cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.read.ocr_rules import PxFill, PxRule


@dataclass(frozen=True, slots=True)
class FillRuleSettings:
    contrast: float = 0.05
    """A line across a band is darker than the band by this share of the paper's level
    (0.09 measured for the blue column rule of a heading scanned in JPEG at 150 dpi)."""

    share: float = 0.9
    """Share of the band's rows (columns, for a rule across) in which the line must be
    that dark: the letters of a heading are darker but span part of the band only."""

    reach_pt: float = 2.0
    """The end of a rule this close (points) to a band's edge meets that edge."""

    sway_pt: float = 1.5
    """The line across the band may lie this far (points) beside the rule it continues."""

    edge_pt: float = 1.0
    """Rows (columns) of the band left out at each of its edges, where the rule along the
    edge and its blur darken every pixel."""


FILL_RULES = FillRuleSettings()


def rules_across_fills(
    fills: list[PxFill],
    rules: list[PxRule],
    gray: np.ndarray,
    paper: float,
    dpi: float,
    settings: FillRuleSettings = FILL_RULES,
) -> list[PxRule]:
    """The rules that go on across ``fills`` (see the module's text): each as wide as the
    rule it continues, from one edge of the band to the other, at the line found in the
    band's pixels; one per line, however many pieces of rule end on it."""
    sway = round(settings.sway_pt * dpi / 72)
    found: list[PxRule] = []
    turned_gray = gray.T  # a rule across is a rule down on the page turned
    for fill in fills:
        x0, y0, x1, y1 = fill.box
        added: list[PxRule] = []
        for rule in rules:
            if rule.horizontal:
                down = _down((y0, x0, y1, x1), _turned(rule), turned_gray, paper, dpi, settings)
                rule_across = None if down is None else _turned(down)
            else:
                rule_across = _down(fill.box, rule, gray, paper, dpi, settings)
            if rule_across is not None and not any(
                other.horizontal == rule_across.horizontal
                and abs(other.centre - rule_across.centre) <= sway
                for other in added
            ):
                added.append(rule_across)
        found += added
    return found


def _turned(rule: PxRule) -> PxRule:
    """The rule on the page turned about its diagonal: rows for columns."""
    return PxRule(rule.y0, rule.x0, rule.y1, rule.x1)


def _down(
    box: tuple[int, int, int, int],
    rule: PxRule,
    gray: np.ndarray,
    paper: float,
    dpi: float,
    settings: FillRuleSettings,
) -> PxRule | None:
    """The rule down ``rule`` goes on with across the band ``box``, or None."""
    px = dpi / 72
    reach, sway, edge = (
        round(value * px) for value in (settings.reach_pt, settings.sway_pt, settings.edge_pt)
    )
    x0, y0, x1, y1 = box
    centre = round((rule.x0 + rule.x1 - 1) / 2)
    if not (x0 + sway < centre < x1 - sway - 1):
        return None  # a rule beside the band, or along its side
    if abs(rule.y1 - y0) > reach and abs(rule.y0 - y1) > reach:
        return None  # it does not end on the band's top or bottom edge
    band = gray[y0 + edge : y1 - edge, x0:x1]
    if band.shape[0] < 2:
        return None
    lo, hi = centre - x0 - sway, centre - x0 + sway + 1
    darkest = lo + int(np.argmin(band[:, lo:hi].mean(axis=0)))
    line = band[:, max(0, darkest - 1) : darkest + 2].mean(axis=1)
    dark = line <= float(np.median(band)) - settings.contrast * paper
    if np.count_nonzero(dark) < settings.share * band.shape[0]:
        return None
    width = max(1, rule.x1 - rule.x0)
    left = x0 + darkest - width // 2
    return PxRule(left, y0, left + width, y1)
