"""A bug gives exit 3 and one French line; its traceback goes to the log file only."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import pytest

from pipeline import cli
from tests.conftest import SAMPLE


def _boom(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("division par zéro simulée")


def test_a_bug_exits_3_with_one_line_and_its_traceback_in_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PIPELINE_DEBUG", raising=False)
    module = importlib.import_module("pipeline.cli.extract")
    monkeypatch.setattr(module, "extract_isolated", _boom)
    monkeypatch.setattr(sys, "argv", ["pipeline", "extract", str(SAMPLE)])
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main()
    finally:
        added = [h for h in root.handlers if h not in before]
        for handler in added:
            handler.close()
            root.removeHandler(handler)
    assert exit_.value.code == 3
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "Erreur interne (ZeroDivisionError)" in captured.err
    log = tmp_path / "cache" / "pipeline.log"
    assert captured.err.count("\n") == 1 and str(log) in captured.err  # one line
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text
