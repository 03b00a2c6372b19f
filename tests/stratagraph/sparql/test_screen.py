"""The screen reads a query as SPARQL's lexer does: SERVICE as a keyword anywhere, never inside other tokens;
nesting counted the way pyoxigraph recurses. Every query the screen lets through parses in pyoxigraph without
crashing it (the worker's 64 MiB stack), checked on the forms that crash it when deeper."""

from __future__ import annotations

import subprocess
import sys

import pytest

from stratagraph.sparql.screen import MAX_DEPTH, refusal

SERVICE_FORMS = {
    "upper": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "lower": "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "mixed-case-no-space": "SELECT * {SeRvIcE<http://127.0.0.1:9/sparql>{?s ?p ?o}}",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }",
    "dollar-variable": "SELECT * WHERE { SERVICE$e{ ?s ?p ?o } }",
    "prefixed-iri": "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
    "optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "union": "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "exists": "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?a ?p ?o } } }",
    "after-comment": "# SERVICE is not used here\nSELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "after-string": 'SELECT * WHERE { ?s ?p "SERVICE" . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }',
    "after-long-string": "SELECT * WHERE { ?s ?p '''\nSERVICE\n''' SERVICE <http://127.0.0.1:9/> { } }",
    "after-escaped-quote": r'SELECT * WHERE { ?s ?p "a\"SERVICE" SERVICE <http://127.0.0.1:9/> { } }',
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "ask": "ASK { SERVICE <http://127.0.0.1:9/> { } }",
}

NOT_SERVICE = {
    "in-a-string": 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "in-a-long-string": 'SELECT * WHERE { ?s ?p """SERVICE\n<http://127.0.0.1:9/>""" }',
    "in-a-comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "in-an-iri": "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "a-variable": "SELECT ?service WHERE { ?service ?p $SERVICE }",
    "a-local-name": "PREFIX ex: <urn:x#> SELECT * WHERE { ?s ex:SERVICE ex:service.x }",
    "a-prefix": "PREFIX service: <urn:x#> SELECT * WHERE { ?s service:p service: }",
    "a-language-tag": 'SELECT * WHERE { ?s ?p "x"@service }',
    "a-blank-node": "SELECT * WHERE { _:service ?p ?o }",
}


@pytest.mark.parametrize("query", SERVICE_FORMS.values(), ids=SERVICE_FORMS.keys())
def test_service_is_refused_however_it_is_written(query: str) -> None:
    reason = refusal(query)
    assert reason is not None
    assert reason.startswith("SERVICE (federated query) is not offered")


@pytest.mark.parametrize("query", NOT_SERVICE.values(), ids=NOT_SERVICE.keys())
def test_the_word_elsewhere_is_not_the_keyword(query: str) -> None:
    assert refusal(query) is None


DEEP = 50_000
TOO_DEEP = {
    "braces": "ASK " + "{" * DEEP + "}" * DEEP,
    "parentheses": "ASK { FILTER(" + "(" * DEEP + "1" + ")" * DEEP + ") }",
    "brackets": "ASK { ?s ?p " + "[ ?p " * DEEP + "]" * DEEP + " }",
    "negations": "ASK { FILTER(" + "!" * DEEP + "true) }",
    "sums": "ASK { FILTER(" + "+".join(["1"] * DEEP) + ") }",
    "differences-without-spaces": "ASK { FILTER(" + "-".join(["1"] * DEEP) + ") }",
    "path": "ASK { ?s " + "/".join(["<urn:p>"] * DEEP) + " ?o }",
    "successive-minus": "ASK { " + "MINUS { ?s ?p ?o } " * DEEP + "}",
    "successive-groups": "ASK { " + "{ ?s ?p ?o } " * DEEP + "}",
}


@pytest.mark.parametrize("query", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_nesting_past_the_bound_is_refused_naming_it(query: str) -> None:
    reason = refusal(query)
    assert reason is not None
    assert f"at most {MAX_DEPTH} are accepted" in reason


def test_ordinary_queries_pass() -> None:
    queries = [
        "PREFIX sg: <https://w3id.org/stratagraph/ontology#> SELECT ?t WHERE { ?a sg:leads ?t . ?t sg:nameVi ?n }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(str(i) for i in range(5000)) + ")) } LIMIT 3",
        "SELECT * WHERE { VALUES ?x { " + " ".join(f"-{i}" for i in range(5000)) + " } }",
        "SELECT * WHERE { " + " . ".join(f"?s{i} <urn:a>/<urn:b> ?o" for i in range(3000)) + " }",
        "SELECT * WHERE { " + "FILTER(?a > 1 && ?b < 2) " * 3000 + "}",
    ]
    assert [refusal(query) for query in queries] == [None] * len(queries)


_AT_THE_BOUND = """
import sys, threading
from pyoxigraph import Store
from stratagraph.sparql.sandbox import STACK_BYTES
from stratagraph.sparql.screen import MAX_DEPTH, refusal
n = MAX_DEPTH - 4
forms = [
    "ASK " + "{" * n + "}" * n,
    "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "ASK { FILTER(" + "!" * n + "true) }",
    "ASK { FILTER(" + "+".join(["1"] * n) + ") }",
    "ASK { FILTER(" + "||".join(["true"] * n) + ") }",
    "ASK { FILTER(" + "(1+" * (n // 2) + "1" + ")" * (n // 2) + ") }",
    "ASK { " + "OPTIONAL { ?s ?p ?o " * (n // 2) + "}" * (n // 2) + "}",
    "ASK { " + "{ SELECT * WHERE " * (n // 2) + "{}" + "}" * (n // 2) + "}",
    "ASK { " + "MINUS { ?s ?p ?o } " * (n // 2) + "}",
    "ASK { " + "{ } UNION " * (n // 2) + "{ } }",
]
def run():
    for query in forms:
        assert refusal(query) is None, query[:40]
        Store().query(query)
    print("all answered")
threading.stack_size(STACK_BYTES)
thread = threading.Thread(target=run)
thread.start()
thread.join()
"""


def test_what_the_screen_lets_through_does_not_crash_pyoxigraph() -> None:
    done = subprocess.run([sys.executable, "-c", _AT_THE_BOUND], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "all answered"
