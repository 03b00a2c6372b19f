"""The Neo4j store's Cypher, one statement per ``.cypher`` file (read by ``graph.neo4j.statements``).

A package only so that the files ship inside the wheel as package data.
"""
