"""The model: the dataset file's schema, loading and streaming it, records, provenance checks."""
