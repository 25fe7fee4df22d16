"""The generation bar: each step with its count and time left, on a terminal only, then gone;
the time of each step for the closing summary."""

from __future__ import annotations

import io

from rich.console import Console

from pipeline.cli.generate import GenerationBar
from pipeline.generate import GenerationProgress, Stage

EVENTS = [
    GenerationProgress(Stage.DOCUMENTS, 1, 2),
    GenerationProgress(Stage.DOCUMENTS, 2, 2),
    GenerationProgress(Stage.PDF, 0, 1814),
    GenerationProgress(Stage.PDF, 2, 1814),
]


def test_a_terminal_shows_each_step_then_nothing():
    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, force_interactive=True, width=100)
    with GenerationBar(terminal, after=0.0) as bar:
        for event in EVENTS:
            bar(event)
    shown = buffer.getvalue()
    assert "Documents Word : 2/2 collectivités" in shown
    assert "PDF : 2/1\u202f814 documents" in shown
    assert shown.endswith("\x1b[2K")  # erased: nothing of it stays
    summary = bar.durations()
    assert summary.startswith("\nDurée : ") and "documents Word " in summary and "PDF " in summary


def test_no_bar_off_a_terminal_but_the_steps_are_timed():
    buffer = io.StringIO()
    with GenerationBar(Console(file=buffer), after=0.0) as bar:
        for event in EVENTS:
            bar(event)
    assert buffer.getvalue() == ""
    assert list(bar.steps) == ["documents", "pdf"]
    assert GenerationBar(Console(file=buffer)).durations() == ""
