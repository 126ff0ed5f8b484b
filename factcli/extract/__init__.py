"""Extraction: every date, dollar figure and statistic of a document, as candidate facts.

`extract_text` finds the spans (`spans.py`), reads each with the same readers `verify`
uses (`factcli.language.readers`), and gives each its sentence (`sentences.py`) and the date the
sentence gives it. Nothing here writes: a person accepts candidates with ``factcli add``.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterable, Iterator

from factcli.extract.candidates import Candidate
from factcli.extract.documents import Document
from factcli.extract.spans import find_spans
from factcli.language.readers import UnreadableText, read_date, read_value
from factcli.language.sentences import Sentence, split_sentences
from factcli.language.values import PartialDate

__all__ = ["Candidate", "extract_text", "extract_documents", "document_date"]
# From this many documents on, extraction runs on every core the process may use.
PARALLEL_FROM = 8
# How many documents are read ahead for the workers.
WINDOW = 64
MAX_WORKERS = 8

_FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b",
    re.IGNORECASE,
)


def document_date(text: str) -> PartialDate | None:
    """The date a document gives itself: its first full date (the dateline of a release)."""
    for match in _FULL_DATE.finditer(text):
        try:
            day = read_date(match[0])
        except UnreadableText:
            continue
        if isinstance(day, PartialDate):
            return day
    return None


def extract_text(
    text: str,
    *,
    doc: str,
    file: str,
    source: str | None = None,
    published: PartialDate | None = None,
) -> list[Candidate]:
    """Every candidate fact of a document's text, in the order they appear.

    ``published`` is the document's date, from which a month or day written without a
    year takes its year; without it, the document's own first full date is used.
    """
    reference = published or document_date(text)
    sentences = split_sentences(text)
    starts = [sentence.start for sentence in sentences]
    found: list[Candidate] = []
    for span in find_spans(text):
        sentence = _sentence_of(sentences, starts, span.start, span.end, text)
        words = text[span.start : span.end]
        try:
            reading = read_value(
                words,
                span.kind,  # type: ignore[arg-type]  # find_spans returns fact spans only
                reference=reference,
                before=text[sentence.start : span.start],
                after=text[span.end : sentence.end],
            )
        except UnreadableText:
            continue
        found.append(
            Candidate(
                doc=doc, file=file, source=source, kind=span.kind,  # type: ignore[arg-type]
                text=words, start=span.start, end=span.end, value=reading.value,
                qualifier=reading.qualifier, sentence=sentence.text,
                sentence_start=sentence.start, sentence_end=sentence.end, when=None,
            )
        )  # fmt: skip
    return list(_with_when(found))


def _extract_document(document: Document) -> list[Candidate]:
    return extract_text(
        document.text, doc=document.doc, file=document.file, source=document.source,
        published=document.published,
    )  # fmt: skip


def extract_documents(documents: Iterable[Document]) -> Iterator[list[Candidate]]:
    """The candidates of each document, in order, as documents are read.

    Many documents go to worker processes on every core, a window at a time, so memory
    holds a window of documents, never all of them.
    """
    from factcli.workers import start_quiet_worker, usable_cores

    documents = iter(documents)
    window = list(itertools.islice(documents, WINDOW))
    workers = usable_cores(MAX_WORKERS)
    if len(window) < PARALLEL_FROM or workers < 2:
        yield from map(_extract_document, itertools.chain(window, documents))
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, start_quiet_worker, (os.getpid(),)) as pool:
        while window:
            yield from pool.imap(_extract_document, window, chunksize=4)
            window = list(itertools.islice(documents, WINDOW))


def _sentence_of(
    sentences: list[Sentence], starts: list[int], start: int, end: int, text: str
) -> Sentence:
    n = bisect.bisect_right(starts, start) - 1
    if n >= 0 and sentences[n].end >= end:
        return sentences[n]
    # A span across a sentence cut (rare): its own words are its sentence.
    return Sentence(start, end, text[start:end])


def _with_when(found: list[Candidate]) -> Iterator[Candidate]:
    """Each figure with the date its sentence gives it: the nearest date in the sentence."""
    from dataclasses import replace

    dates: dict[int, list[Candidate]] = {}
    for candidate in found:
        if candidate.kind == "date":
            dates.setdefault(candidate.sentence_start, []).append(candidate)
    for candidate in found:
        near = dates.get(candidate.sentence_start) if candidate.kind != "date" else None
        if not near:
            yield candidate
            continue
        nearest = min(near, key=lambda other: abs(other.start - candidate.start))
        yield replace(candidate, when=nearest.value.machine())
