"""Reading the documents a user brings: text, HTML pages, PDFs, and what a file is.

Below the store and beside the model: `extract` reads documents with it as `source add` does,
so a document is read the same way wherever it is read.
"""
