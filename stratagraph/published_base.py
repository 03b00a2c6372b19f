"""The base IRI a store was published under, remembered beside the store.

IRIs are identifiers: once ``serve`` has minted ``http://127.0.0.1:8437/id/…`` for a
store, ``export`` of that store and ``serve`` on another port must mint the same
ones. So the base a store is first served under (or any base given explicitly,
by ``--base-iri`` or ``STRATAGRAPH_BASE_IRI``) is written to ``base-iri`` in the
embedded store's folder, and read back whenever no base is given. What decides,
first to last: ``--base-iri``, ``STRATAGRAPH_BASE_IRI``, the remembered base,
then the address served at (``serve``) or the default (``export``).

A Neo4j store has no folder of ours: there the base comes from the settings only.
"""

from __future__ import annotations

from pathlib import Path

from stratagraph.settings import Settings

__all__ = ["FILE_NAME", "published_base", "remember", "remembered"]

FILE_NAME = "base-iri"


def _file(settings: Settings) -> Path | None:
    return settings.data_dir / FILE_NAME if settings.store == "embedded" else None


def remembered(settings: Settings) -> str | None:
    """The base the store was published under, if one was remembered."""
    path = _file(settings)
    if path is None or not path.is_file():
        return None
    base = path.read_text(encoding="utf-8").strip()
    return base or None


def remember(settings: Settings, base: str) -> None:
    """Remember ``base`` with the store (creating its folder, as opening the store would)."""
    path = _file(settings)
    if path is None or remembered(settings) == base:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(base + "\n", encoding="utf-8")


def published_base(settings: Settings, given: str | None, fallback: str) -> tuple[str, str]:
    """The base to mint IRIs under, and where it came from (for messages): see the module's order."""
    if given:
        return given, "--base-iri"
    if "base_iri" in settings.model_fields_set:
        return settings.base_iri, "STRATAGRAPH_BASE_IRI"
    found = remembered(settings)
    if found is not None:
        return found, f"remembered in {_file(settings)}"
    return fallback, "the address served at"
