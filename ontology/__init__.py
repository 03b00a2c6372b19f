"""stratagraph: ontology layer."""
