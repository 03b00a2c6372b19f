"""Run every benchmark in this package with its default options: ``python -m bench``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast


def main() -> None:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if not callable(run):
            print(f"bench.{name}: no main(), skipped", file=sys.stderr)
            continue
        print(f"== bench.{name} ==", flush=True)
        cast(Callable[[list[str]], None], run)([])


if __name__ == "__main__":
    main()
