"""The engine's floor: graphql-core alone, over our own answer, gives that answer back or refuses to measure."""

from __future__ import annotations

import orjson
import pytest
from graphql import build_schema

from bench.computed import SCHEMA, engine_floor
from bench.run import Query

AGENCY = Query("T", "an agency", '{ agency(id: "agency/cuc-bao-chi") { id name tasks(first: 2) { totalCount } } }')
ANSWER = {"data": {"agency": {"id": "agency/cuc-bao-chi", "name": "Cục Báo chí", "tasks": {"totalCount": 7}}}}


def test_the_floor_executes_the_document_over_the_answer() -> None:
    schema = build_schema(SCHEMA.read_text(encoding="utf-8"))
    assert engine_floor(schema, AGENCY, orjson.dumps(ANSWER), requests=3, rounds=2) > 0


def test_an_answer_the_document_does_not_give_back_is_refused() -> None:
    """A floor over data the document does not read would time less work than ours and flatter us."""
    schema = build_schema(SCHEMA.read_text(encoding="utf-8"))
    short = {"data": {"agency": {"id": "agency/cuc-bao-chi", "tasks": {"totalCount": 7}}}}  # no name
    with pytest.raises(RuntimeError, match="did not give our answer back"):
        engine_floor(schema, AGENCY, orjson.dumps(short), requests=1, rounds=1)
