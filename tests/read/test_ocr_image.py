"""Image helpers of the OCR: the connected areas found as OpenCV's default finds them."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_image import (
    STROKE_CONTRAST,
    STROKE_REACH_PT,
    components,
    median,
    runs,
    stroke_masks,
)


def test_areas_are_those_opencv_finds_by_default() -> None:
    rng = np.random.default_rng(7)
    mask = rng.random((300, 400)) < 0.08  # specks, touching diagonally at times
    mask[50:120, 30:300] = True  # a band
    mask[200:260, 100:110] = True  # a bar
    count, labels, stats = components(mask)
    expected_count, expected_labels, expected_stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    assert count == expected_count > 100
    assert (labels == expected_labels).all()
    assert (stats == expected_stats).all()
    band = labels[80, 150]
    x, y, width, height = (int(v) for v in stats[band][:4])  # specks may join it
    assert x <= 30 and y <= 50 and x + width >= 300 and y + height >= 120


def test_runs_are_the_stretches_of_true_ends_included() -> None:
    flags = np.array([True, True, False, False, True, False, True, True, True])
    assert runs(flags) == [(0, 2), (4, 5), (6, 9)]
    assert runs(np.zeros(4, dtype=bool)) == []


def test_a_stroke_is_darker_than_the_ground_on_both_sides_by_its_share() -> None:
    """The masks, compared in bytes through a table, are the rule as written: darker than
    its ground (the lightest pixel within reach before it, and after it: the darker of
    the two) by STROKE_CONTRAST of that ground."""
    rng = np.random.default_rng(7)
    gray = rng.integers(0, 256, (120, 160)).astype(np.uint8)
    gray[20:60, :60] = rng.integers(230, 256, (40, 60))  # light paper, grainy
    gray[40:44, :] = 30  # a rule
    gray[:, 90:130] = 180  # a grey band
    dpi = 150.0
    reach = max(3, round(STROKE_REACH_PT * dpi / 72))
    padded = np.pad(gray.astype(np.int64), reach, mode="edge")
    expected = []
    for axis in (0, 1):
        before = np.max([np.roll(padded, shift, axis=axis) for shift in range(reach)], axis=0)
        after = np.max([np.roll(padded, -shift, axis=axis) for shift in range(reach)], axis=0)
        ground = np.minimum(before, after)[reach:-reach, reach:-reach]
        expected.append(ground - gray >= STROKE_CONTRAST * ground)
    across_rows, across_columns = stroke_masks(gray, dpi)
    assert (across_rows == expected[0]).all() and (across_columns == expected[1]).all()
    assert across_rows[40:44, :60].all() and not across_rows[50:60, :60].any()  # rule, paper


def test_a_median_taken_in_strips_is_the_median_taken_whole() -> None:
    rng = np.random.default_rng(11)
    for (height, width), size, threads in [
        ((600, 90), 41, 2),  # strips meet well inside the page
        ((333, 70), 5, 3),
        ((150, 40), 41, 2),  # too short to cut: taken whole
    ]:
        gray = rng.integers(0, 256, (height, width)).astype(np.uint8)
        gray[height // 2 - 3 : height // 2 + 3] = 0  # a dark band across the cut
        assert (median(gray, size, threads) == cv2.medianBlur(gray, size)).all()
