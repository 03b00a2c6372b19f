"""Hostile input files: small on disk, large or deep once parsed (the audit and the tests write them)."""

from __future__ import annotations


def alias_bomb(levels: int = 9) -> str:
    """YAML whose each line names the one before nine times: 9^levels values in about a kilobyte."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def billion_laughs() -> str:
    """RDF/XML whose one literal is an entity standing for 10⁹ copies of a word, in a kilobyte."""
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY lol0 "lol">
{entities}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sg="https://w3id.org/stratagraph/ontology#">
  <rdf:Description rdf:about="https://example.org/sg/id/agency/bo-a"><sg:nameVi>&lol9;</sg:nameVi></rdf:Description>
</rdf:RDF>
"""


def nested_turtle(depth: int) -> str:
    """One statement whose object is ``depth`` collections, each inside the last: two statements a level."""
    return f"<https://example.org/sg/a> <https://example.org/sg/b> {'(' * depth}{')' * depth} .\n"


def nested_jsonld(depth: int) -> str:
    """JSON-LD whose one node holds a node ``depth`` levels deep, one level a line."""
    opening = '{"https://example.org/p":\n' * depth
    return '{"@id": "https://example.org/a", "https://example.org/p":\n' + opening + "1" + "}" * depth + "}\n"


def nested_rdf_xml(depth: int) -> str:
    """RDF/XML whose one description holds blank nodes ``depth`` levels deep, one level a line."""
    opening = '<sg:p rdf:parseType="Resource">\n' * depth
    return (
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sg="https://example.org/">\n'
        '<rdf:Description rdf:about="https://example.org/a">\n'
        f"{opening}{'</sg:p>' * depth}</rdf:Description></rdf:RDF>\n"
    )
