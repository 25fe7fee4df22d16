from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit.drawn import Drawn, draw


@pytest.fixture
def drawn(tmp_path: Path) -> Drawn:
    return draw(tmp_path)
