"""The data layer: the dataset's schema, its values, the readers that parse them, loading, checking.

Nothing here imports from the CLI, the index or ask; everything else may import from here.
"""
