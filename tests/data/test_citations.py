"""The dataset proves its own citations against the source texts they cite.

Every citation in ``data/`` names a document, a place in it and how it was read.
Here each one is held to the text: the document's ``sourceFile`` is in the
sources folder, the locator names a section of that file (``data/README.md``,
"Locators"), a ``verbatim`` citation carries its quote, and every quote —
whatever its kind — is that section's words, word for word (``...`` marks words
left out). A quote is the source's words by definition: the curators' own
reading belongs in ``note``.

The sources live outside the repository, in ``../shared/sources/`` next to it
(README); ``STRATAGRAPH_SOURCES`` names another folder. Without them these
tests fail and say so: the dataset's contract is that its citations hold.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel

from stratagraph.loaders.compile import Records
from stratagraph.loaders.limits import DEFAULT_LIMITS
from stratagraph.loaders.located import PathPart, format_path
from stratagraph.loaders.records import Cite, DocumentRecord
from stratagraph.loaders.yaml_records import read_yaml_records
from stratagraph.model.records import Kind
from stratagraph.settings import BUNDLED_DATASET, REPOSITORY
from tests.data.source_layout import SourceText, quote_found

SOURCES_SETTING = "STRATAGRAPH_SOURCES"
DEFAULT_SOURCES = REPOSITORY.parent / "shared" / "sources"


def sources_folder() -> Path:
    """``$STRATAGRAPH_SOURCES``, or ``../shared/sources`` beside the repository (README).

    A clone made elsewhere (``git clone /work/main /tmp/x``) or a worktree looks beside
    the repository it came from: its ``origin`` when that is a local folder, or the
    repository that holds its git data.
    """
    setting = os.environ.get(SOURCES_SETTING)
    if setting:
        return Path(setting)
    candidates = [DEFAULT_SOURCES]
    for args in (["config", "--get", "remote.origin.url"], ["rev-parse", "--path-format=absolute", "--git-common-dir"]):
        found = subprocess.run(["git", "-C", str(REPOSITORY), *args], capture_output=True, text=True, check=False)
        place = Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None
        if place is not None and place.is_absolute():
            home = place.parent if place.name == ".git" else place
            candidates.append(home.parent / "shared" / "sources")
    return next((folder for folder in candidates if folder.is_dir()), DEFAULT_SOURCES)


@dataclass(frozen=True)
class Cited:
    """One citation of the dataset and where it is written."""

    where: str  # data/tasks.yaml:630 tasks[57].sources[0]
    cite: Cite


def _cites(value: object, path: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], Cite]]:
    if isinstance(value, Cite):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _cites(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _cites(item, (*path, index))


@dataclass(frozen=True)
class Dataset:
    documents: dict[str, DocumentRecord]
    citations: list[Cited]
    sources: dict[str, SourceText]

    def source_of(self, cited: Cited) -> tuple[str, SourceText]:
        doc = self.documents[cited.cite.doc.removeprefix("document/")]
        assert doc.sourceFile, f"{cited.where}: {doc.id} names no sourceFile, so this citation cannot be checked"
        return doc.sourceFile, self.sources[doc.sourceFile]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    folder = sources_folder()
    if not folder.is_dir():
        pytest.fail(
            f"the source texts are not at {folder}: the dataset's citations are proved against them. "
            f"They live in ../shared/sources beside the repository (README); set {SOURCES_SETTING} "
            "to the folder that holds them",
            pytrace=False,
        )
    records = Records()
    budget = DEFAULT_LIMITS.budget()
    problems = [
        problem
        for path in sorted(BUNDLED_DATASET.glob("*.yaml"))
        for problem in read_yaml_records(path, f"data/{path.name}", records, budget, DEFAULT_LIMITS.max_bytes)
    ]
    assert not problems, problems
    citations = [
        Cited(f"{item.file}:{item.line_of((*item.path, *path))} {format_path((*item.path, *path))}", cite)
        for group in (records.documents, records.agencies, records.plans, records.indicators, records.tasks)
        for item in group
        for path, cite in _cites(item.record, ())
    ]
    citations += [
        Cited(f"{item.file}:{item.line_of((*item.path, *path))} {format_path((*item.path, *path))}", cite)
        for item in records.measurements
        for path, cite in _cites(item.record, ())
    ]
    documents = {item.record.id: item.record for item in records.documents}
    sources = {path.name: SourceText.read(path) for path in sorted(folder.glob("*.txt"))}
    return Dataset(documents, citations, sources)


def test_every_document_names_a_source_file_that_is_there(dataset: Dataset) -> None:
    wrong = [
        f"{doc.id}: sourceFile {doc.sourceFile!r} is not in {sources_folder()}"
        for doc in dataset.documents.values()
        if doc.sourceFile not in dataset.sources
    ]
    assert not wrong, "\n".join(wrong)


def test_every_locator_names_a_section_of_the_cited_file(dataset: Dataset) -> None:
    wrong: list[str] = []
    for cited in dataset.citations:
        name, source = dataset.source_of(cited)
        try:
            source.resolve(cited.cite.at)
        except LookupError as error:
            wrong.append(f"{cited.where}: {cited.cite.doc} is read from {name}, where {error}")
    assert not wrong, f"{len(wrong)} locators name no section of their file:\n" + "\n".join(wrong)


def test_every_verbatim_citation_quotes_its_words(dataset: Dataset) -> None:
    bare = [
        f"{c.where}: {c.cite.doc} at {c.cite.at!r}"
        for c in dataset.citations
        if c.cite.kind is Kind.VERBATIM and not c.cite.quote
    ]
    assert not bare, "a verbatim citation gives the words it cites (`quote`):\n" + "\n".join(bare)


def test_every_quote_is_the_words_of_the_cited_section(dataset: Dataset) -> None:
    wrong: list[str] = []
    for cited in dataset.citations:
        if cited.cite.quote is None:
            continue
        name, source = dataset.source_of(cited)
        try:
            passage = source.resolve(cited.cite.at)
        except LookupError:
            continue  # reported by the locator test
        if not quote_found(cited.cite.quote, passage.text):
            where = "elsewhere in the file" if quote_found(cited.cite.quote, source.whole().text) else "not in the file"
            wrong.append(
                f"{cited.where} ({cited.cite.kind}): {cited.cite.quote!r} is not in {name} {cited.cite.at!r} "
                f"(lines {passage.first}-{passage.last}; {where})"
            )
    assert not wrong, f"{len(wrong)} quotes are not their section's words:\n" + "\n".join(wrong)
