"""The Neo4j store: the ``Store`` protocol over the official async driver.

``store.py`` is the store; ``statements.py`` reads the Cypher of ``cypher/``;
``codec.py`` turns records into parameters and rows back into records;
``errors.py`` translates driver errors; ``snapshot.py`` builds the analysis graph;
``config.py`` (of this package) checks how to reach the server. The data model in Neo4j is
described in ``codec.py``.
"""

from stratagraph.graph.neo4j.config import Neo4jConfig
from stratagraph.graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jConfig", "Neo4jStore"]
