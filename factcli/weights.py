"""How much a word counts, by the field of a fact it is found in: for search and for ask.

The index's word columns are made from these tables (`index.schema`), so a field added
here is indexed, and this module imports nothing: the index reads it at every start.
"""

from __future__ import annotations

# Search: how much a query word counts, by the field it is found in: what the fact is about
# counts more than the wording around it.
FIELD_WEIGHTS = {
    "tags": 3.0,
    "subject": 3.0,
    "population": 3.0,
    "statement": 2.0,
    "text": 2.0,
    "attributed_to": 2.0,
    "quote": 1.0,
    "source": 0.5,
}

# Ask: the fields of a fact's evidence, and how much a word found in each counts (see `ask.rank`).
FIELD_FACTORS = {
    "tags": 1.0,
    "subject": 1.0,
    "population": 1.0,
    "statement": 1.0,
    "text": 1.0,
    "attributed_to": 1.0,
    "date": 1.0,
    "quote": 0.9,
    "context": 0.6,
    "document": 0.4,
}
# Fields of a fact's own words: all but the paragraph around its quote and its document.
OWN_WORD_FIELDS = tuple(name for name in FIELD_FACTORS if name not in ("context", "document"))
# A word found in every fact's document tells nothing apart: document words are left out of
# word frequencies (they would weigh nothing), and weighed by their field factor instead.
FREQUENCY_FIELDS = tuple(name for name in FIELD_FACTORS if name != "document")
