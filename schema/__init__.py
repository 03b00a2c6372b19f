"""stratagraph: schema layer."""
