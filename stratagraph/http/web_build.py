"""The front-end build in ``web/dist`` (Vite, from ``web/src``): which files an entry needs, and which exist.

Vite names every file it writes with a hash of its content and lists them in
``.vite/manifest.json`` under the source they come from; the service reads the
manifest to name the files in its pages and serves only the files it lists. The
manifest is read again whenever it changes, so a rebuild is seen without a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from stratagraph.settings import PACKAGE

__all__ = ["PLAYGROUND_FONTS", "WEB_DIST", "Entry", "WebBuild"]

WEB_DIST: Final = PACKAGE / "web" / "dist"
MANIFEST: Final = Path(".vite") / "manifest.json"
PLAYGROUND_FONTS: Final = "src/playground.css"


@dataclass(frozen=True)
class Entry:
    """What a page loads for one entry of the build: its script (None for a style-only entry) and styles."""

    script: str | None
    styles: tuple[str, ...]


class WebBuild:
    """The front-end build in ``dist``, read from its manifest again whenever the build changes."""

    def __init__(self, dist: Path = WEB_DIST) -> None:
        self.dist = dist
        self._stamp: float | None = None
        self._manifest: dict[str, dict[str, object]] = {}

    def manifest(self) -> dict[str, dict[str, object]] | None:
        path = self.dist / MANIFEST
        try:
            stamp = path.stat().st_mtime
        except OSError:
            return None
        if stamp != self._stamp:
            self._manifest = json.loads(path.read_text(encoding="utf-8"))
            self._stamp = stamp
        return self._manifest

    def entry(self, name: str) -> Entry | None:
        """The URLs an entry of the manifest (``src/pages.jsx``) needs; None without a build."""
        manifest = self.manifest()
        chunk = None if manifest is None else manifest.get(name)
        if chunk is None:
            return None
        file = str(chunk["file"])
        styles = [str(s) for s in _strings(chunk.get("css"))]
        if file.endswith(".css"):
            return Entry(None, tuple(f"/static/{s}" for s in [file, *styles]))
        return Entry(f"/static/{file}", tuple(f"/static/{s}" for s in styles))

    def url(self, name: str) -> str | None:
        """The URL of a style-only entry (the playground's fonts); None without a build."""
        entry = self.entry(name)
        return entry.styles[0] if entry is not None and entry.styles else None

    def files(self) -> set[str]:
        """Every file name under ``assets/`` the manifest lists: all ``/static/assets/`` serves."""
        found: set[str] = set()
        for chunk in (self.manifest() or {}).values():
            for key in ("file", "css", "assets"):
                for value in _strings(chunk.get(key)):
                    if value.startswith("assets/") and "/" not in value[len("assets/") :]:
                        found.add(value[len("assets/") :])
        return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
