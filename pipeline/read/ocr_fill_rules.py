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

Two shaded rows can also turn to one gray: a blue heading row and the pale blue row of
remarks under it (« L'indemnité varie… ») scan to the same level, and the faint rule
between them is no stroke either. The fill then covers both rows, and the column rules
below it, which cross the heading but not the remarks, are not followed. A line darker
than the band that crosses it from one side to the other is such a rule: it is found
(letters never cover a row of a wide band end to end), and the column rules are followed
across each part of the band it leaves, where their line runs over the whole part. So is
a thin gap lighter than the band that crosses it: the white gap between a blue heading
and the blue band under it, which the blur of the scan leaves a few levels lighter.
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

    across_min_width_pt: float = 72.0
    """A line across a band is looked for in bands at least this wide: in a narrow cell a
    row of bold letters could cover nearly all of it."""

    across_max_pt: float = 2.0
    """A line across a band is at most this thick (points): a rule, not a darker row."""

    gap_contrast: float = 0.02
    """A gap across a band, lighter than the band by this share of the paper's level
    (0.03 to 0.04 measured for the white gap between a blue heading and the blue band
    under it, scanned in JPEG at 150 dpi, 0.005 elsewhere in the band), parts it as a
    line does; as thin as a line (``across_max_pt``), not the lighter half of a band."""


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
        across = _lines_across(fill.box, rules, gray, paper, dpi, settings)
        added: list[PxRule] = list(across)
        cuts = [y0, *(line.y1 for line in across)]
        ends = [*(line.y0 for line in across), y1]
        parts = list(zip(cuts, ends, strict=True))
        for rule in rules:
            if rule.horizontal:
                down = _down((y0, x0, y1, x1), _turned(rule), turned_gray, paper, dpi, settings)
                candidates = [] if down is None else [_turned(down)]
            else:
                candidates = [
                    down
                    for top, bottom in parts
                    if (
                        down := _down(
                            (x0, top, x1, bottom), rule, gray, paper, dpi, settings, ends=(y0, y1)
                        )
                    )
                    is not None
                ]
            for rule_across in candidates:
                if not any(
                    other.horizontal == rule_across.horizontal
                    and abs(other.centre - rule_across.centre) <= sway
                    and other.start < rule_across.end
                    and rule_across.start < other.end
                    for other in added
                ):
                    added.append(rule_across)
        found += added
    return found


def _lines_across(
    box: tuple[int, int, int, int],
    rules: list[PxRule],
    gray: np.ndarray,
    paper: float,
    dpi: float,
    settings: FillRuleSettings,
) -> list[PxRule]:
    """The lines darker than the band ``box`` that cross it from side to side (over
    ``share`` of its width), and the thin gaps lighter than it, top to bottom, each as
    a rule as wide as the band; none where a rule found already runs."""
    px = dpi / 72
    x0, y0, x1, y1 = box
    edge = round(settings.edge_pt * px)
    if x1 - x0 < settings.across_min_width_pt * px or y1 - y0 - 2 * edge < 3:
        return []
    band = gray[y0 + edge : y1 - edge, x0:x1].astype(np.float32)
    rows = (band[:-2] + band[1:-1] + band[2:]) / 3  # each row with its two neighbours
    level = float(np.median(band))
    dark = rows <= level - settings.contrast * paper
    light = rows >= level + settings.gap_contrast * paper
    lines = []
    for crossed, sign in ((dark, 1.0), (light, -1.0)):
        lines += _crossing(crossed, sign * rows.mean(axis=1), box, rules, px, settings)
    return sorted(lines, key=lambda line: line.y0)


def _crossing(
    crossed: np.ndarray,
    darkness: np.ndarray,
    box: tuple[int, int, int, int],
    rules: list[PxRule],
    px: float,
    settings: FillRuleSettings,
) -> list[PxRule]:
    """The thin runs of rows of the band ``box`` in which ``crossed`` holds across
    ``share`` of it, each at its row of least ``darkness``, as rules; none where a rule
    found already runs."""
    x0, y0, x1, _ = box
    edge, sway = (round(value * px) for value in (settings.edge_pt, settings.sway_pt))
    found = np.flatnonzero(crossed.mean(axis=1) >= settings.share)
    lines = []
    for run in np.split(found, np.flatnonzero(np.diff(found) > 1) + 1):
        if run.size == 0 or run.size > settings.across_max_pt * px:
            continue
        darkest = int(run[np.argmin(darkness[run])])
        centre = y0 + edge + 1 + darkest
        thickness = max(1, run.size - 2)  # the neighbours' mean widens the line by two
        top = centre - thickness // 2
        if any(
            rule.horizontal
            and abs(rule.centre - centre) <= sway
            and min(rule.x1, x1) - max(rule.x0, x0) >= (x1 - x0) / 2
            for rule in rules
        ):
            continue
        lines.append(PxRule(x0, top, x1, top + thickness))
    return lines


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
    ends: tuple[int, int] | None = None,
) -> PxRule | None:
    """The rule down ``rule`` goes on with across the band ``box``, or None. ``ends``: the
    top and bottom the rule must end on, when ``box`` is a part of a band (those of
    ``box`` when not given)."""
    px = dpi / 72
    reach, sway, edge = (
        round(value * px) for value in (settings.reach_pt, settings.sway_pt, settings.edge_pt)
    )
    x0, y0, x1, y1 = box
    centre = round((rule.x0 + rule.x1 - 1) / 2)
    if not (x0 + sway < centre < x1 - sway - 1):
        return None  # a rule beside the band, or along its side
    top, bottom = ends if ends is not None else (y0, y1)
    if abs(rule.y1 - top) > reach and abs(rule.y0 - bottom) > reach:
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
