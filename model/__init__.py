"""The domain model at the bottom of every layer: records, deadlines as values, errors, text, memory.

It imports nothing else of the project, so every layer may use it.
"""
