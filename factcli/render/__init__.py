"""Output formats: pure functions from results to text. Only the CLI writes."""
