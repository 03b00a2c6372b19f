"""Files derived from data versions: a retired file stays until a newer version's is retired; close removes all;
a killed process's folder is removed by the next process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from stratagraph.graph.derived_files import DerivedFiles


def write(path: Path) -> Path:
    path.write_bytes(b"x")
    return path


def test_every_path_is_new_and_in_one_private_folder() -> None:
    files = DerivedFiles("stratagraph-test-")
    try:
        first, second = files.path("graph-v1.nt"), files.path("graph-v1.nt")
        assert first != second, "two builds landing at once never write into one file"
        assert first.parent == second.parent
        assert first.parent.name.startswith("stratagraph-test-")
        assert first.name.endswith("graph-v1.nt")
    finally:
        files.close()


def test_a_retired_file_stays_until_a_newer_versions_file_is_retired() -> None:
    files = DerivedFiles("stratagraph-test-")
    v1_ttl, v1_nt = write(files.path("v1.ttl")), write(files.path("v1.nt"))
    v2 = write(files.path("v2.ttl"))
    v3 = write(files.path("v3.ttl"))
    files.retire(v1_ttl, 1)
    files.retire(v1_nt, 1)
    assert [v1_ttl.exists(), v1_nt.exists()] == [True, True], "a request handed them a moment ago still finds them"
    files.retire(v2, 2)
    assert [v1_ttl.exists(), v1_nt.exists()] == [False, False], "every file of the older version goes at once"
    assert [v2.exists(), v3.exists()] == [True, True]
    folder = v3.parent
    files.close()
    assert not folder.exists()


def test_the_folder_a_killed_process_left_is_removed_by_the_next_one() -> None:
    prefix = f"stratagraph-test-{uuid.uuid4().hex}-"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    temporary = Path(tempfile.gettempdir())
    left = temporary / f"{prefix}{int(gone.stdout)}-abc"
    running = temporary / f"{prefix}{os.getppid()}-def"  # pytest's parent: still running
    for folder in (left, running):
        folder.mkdir()
        write(folder / "1-graph-v1.nt")
    files = DerivedFiles(prefix)
    try:
        made = files.path("graph-v2.nt").parent
        assert made.name.startswith(f"{prefix}{os.getpid()}-")
        assert not left.exists(), "the folder of a process that is gone is removed"
        assert running.exists(), "a running process's folder is left alone"
    finally:
        files.close()
        (running / "1-graph-v1.nt").unlink()
        running.rmdir()
