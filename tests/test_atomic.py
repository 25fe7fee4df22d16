"""Atomic writes: the old file or the new one, never half of one, whatever the name."""

from __future__ import annotations

import pytest

from pipeline import atomic


def test_a_file_is_replaced_whole_and_no_temporary_file_is_left(tmp_path) -> None:
    target = tmp_path / "sous-dossier" / "tarifs.json"
    atomic.write_text(target, "ancien")
    atomic.write_text(target, "nouveau")
    assert target.read_text(encoding="utf-8") == "nouveau"
    assert [p.name for p in target.parent.iterdir()] == ["tarifs.json"]


def test_a_name_near_the_file_system_limit_is_written(tmp_path) -> None:
    """The temporary name carried the whole target name and more: a target of 245
    bytes (a long SHA-256 and version, an accented collectivité's name) made it too long
    for the file system, and the write failed."""
    target = tmp_path / ("é" * 120 + ".json")  # 245 bytes in UTF-8
    atomic.write_text(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch) -> None:
    target = tmp_path / "tarifs.json"
    atomic.write_text(target, "ancien")

    def refuse(*_args: object) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_text(target, "nouveau")
    assert target.read_text(encoding="utf-8") == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["tarifs.json"]
