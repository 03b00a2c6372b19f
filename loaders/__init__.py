"""stratagraph: loaders layer."""
