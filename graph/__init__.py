"""stratagraph: graph layer."""
