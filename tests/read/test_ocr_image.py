"""Image helpers of the OCR: the connected areas found as OpenCV's default finds them."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_image import components, runs


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
