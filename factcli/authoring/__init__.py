"""Building a dataset: a new dataset folder, documents brought in, offsets repaired, files saved.

These modules write files; the reading commands never import them.
"""
