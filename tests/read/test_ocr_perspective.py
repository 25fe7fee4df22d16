"""A photographed table squared again from its own rules."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.read.ocr_image import stroke_masks
from pipeline.read.ocr_perspective import keystone, squared
from pipeline.read.ocr_rules import find_rules

DPI = 200


def _table() -> np.ndarray:
    """A 5-row, 3-column ruled table on a white page (rules 3 px)."""
    gray = np.full((1600, 1200), 255, dtype=np.uint8)
    for y in range(300, 1101, 200):
        gray[y : y + 3, 150:1050] = 20
    for x in (150, 450, 750, 1047):
        gray[300:1103, x : x + 3] = 20
    return gray


def _rules(gray: np.ndarray):
    return find_rules(*stroke_masks(gray, DPI), DPI)


def _photographed(gray: np.ndarray, share: float) -> np.ndarray:
    """The page as seen a little from below: its top narrower than its bottom."""
    height, width = gray.shape
    inset = share * width
    source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    target = np.float32([[inset, 0], [width - inset, 0], [width, height], [0, height]])
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(gray, matrix, (width, height), borderValue=255)


def _spread_of_verticals(gray: np.ndarray) -> float:
    """How far the left edge of the table moves from its top to its bottom (px)."""
    columns = np.flatnonzero(gray[320] < 128)
    bottom = np.flatnonzero(gray[1080] < 128)
    return abs(float(columns[0]) - float(bottom[0]))


def test_a_square_table_is_left_as_it_is() -> None:
    gray = _table()
    assert keystone(_rules(gray), gray.shape, DPI) is None


def test_a_table_seen_in_perspective_is_squared() -> None:
    photo = _photographed(_table(), 0.03)
    assert _spread_of_verticals(photo) > 10
    homography = keystone(_rules(photo), photo.shape, DPI)
    assert homography is not None
    square = squared(photo, homography, 255.0)
    assert _spread_of_verticals(square) <= 3
    rules = _rules(square)
    across = sorted({round(r.centre / 10) for r in rules if r.horizontal})
    assert len(across) == 5  # each rule straight again, one line each


def test_a_table_whose_side_rules_are_broken_at_every_band_is_squared() -> None:
    """Light rules lost against the bands of their own colour: the sides of the table
    are stretches, each shorter than a frame's rule; joined, they measure the
    perspective."""
    gray = np.full((1600, 1200), 255, dtype=np.uint8)
    for y in range(300, 1101, 100):
        gray[y : y + 3, 150:1050] = 20
    for x in (150, 1047):
        for top in range(300, 1100, 200):  # 100 px of rule, then 100 px lost
            gray[top : top + 103, x : x + 3] = 20
    photo = _photographed(gray, 0.03)
    assert keystone(_rules(photo), photo.shape, DPI) is not None


def test_stretches_of_different_lines_are_not_joined() -> None:
    """Short vertical rules of different columns, one under the other: no frame."""
    gray = np.full((1600, 1200), 255, dtype=np.uint8)
    for y in range(300, 1101, 100):
        gray[y : y + 3, 150:1050] = 20
    for index, top in enumerate(range(300, 1100, 200)):
        x = 150 + 120 * index  # each stretch in its own column
        gray[top : top + 103, x : x + 3] = 20
        gray[top : top + 103, 1047 - 120 * index : 1050 - 120 * index] = 20
    photo = _photographed(gray, 0.03)
    assert keystone(_rules(photo), photo.shape, DPI) is None
