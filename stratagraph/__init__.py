"""stratagraph: a GraphQL knowledge graph of national strategies and their action plans."""

__version__ = "0.1.0"
