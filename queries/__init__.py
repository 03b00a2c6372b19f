"""stratagraph: queries layer."""
