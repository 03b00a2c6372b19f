"""written_whole: the file at its path is either what it was or all of what was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratagraph.model.files import written_whole


def test_the_file_appears_whole_once_written(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    with written_whole(path) as out:
        out.write(b"first half ")
        assert not path.exists(), "nothing at the path until the write is complete"
        out.write(b"second half")
    assert path.read_bytes() == b"first half second half"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_bytes(b"version 1")

    def write_half() -> None:
        with written_whole(path) as out:
            out.write(b"version 2, half")
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_half()
    assert path.read_bytes() == b"version 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]
