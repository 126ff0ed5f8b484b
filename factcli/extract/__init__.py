"""Extraction: every date, dollar figure and statistic of a document, as candidate facts.

`extract_text` finds the spans (`spans.py`), reads each with the same readers `verify`
uses (`factcli.language.readers`), gives each its sentence (`language.sentences`), and
reads what each figure is about (`frames.py`): its subject, its measure and its period,
from the sentence's structure, the headings above it and the document's title. Nothing
here writes: a person accepts candidates with ``factcli add``.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterable, Iterator

from factcli.extract.candidates import Candidate
from factcli.extract.documents import Document
from factcli.extract.frames import DocumentInfo, Figure, read_frames
from factcli.extract.prose import ProseView, prose_view
from factcli.extract.spans import find_spans
from factcli.language.calendar import MONTH_STARTS
from factcli.language.currencies import DEFAULT_CURRENCY
from factcli.language.patterns import any_word
from factcli.language.readers import UnreadableText, fiscal_year_end, read_date, read_value
from factcli.language.sentences import Sentence, split_sentences
from factcli.language.tables import column_unit
from factcli.language.values import PartialDate

__all__ = ["Candidate", "extract_text", "extract_documents", "document_date"]
# From this many documents on, extraction runs on every core the process may use.
PARALLEL_FROM = 8
# How many documents are read ahead for the workers.
WINDOW = 64
MAX_WORKERS = 8

_FULL_DATE = re.compile(
    rf"\b{any_word(MONTH_STARTS)}[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}}\b",
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
    title: str | None = None,
    publisher: str | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> list[Candidate]:
    """Every candidate fact of a document's text, in the order they appear, each with its
    frame.

    ``published`` is the document's date, from which a month or day written without a
    year takes its year; without it, the document's own first full date is used. The
    document's ``title`` and ``publisher`` help read frames (a bulletin's title names the
    period and what it measures). ``currency`` is the document's own: what a bare "$" is
    in (U.S. dollars unless the source says otherwise; no country is guessed from words).
    A figure in a table is read with the unit its column's header gives
    (`language.tables`), and a quarter with the fiscal year the document says it keeps.

    The text is read as prose in lines of a bounded length (`prose`), so the time taken
    grows with the text's length, whatever it holds; the candidates' offsets and words
    are the document's own.
    """
    view = prose_view(text)
    found = _candidates(
        view.text, doc=doc, file=file, source=source, published=published, title=title,
        publisher=publisher, currency=currency,
    )  # fmt: skip
    if view.text is text:
        return found
    return [_placed(candidate, view, text) for candidate in found]


def _placed(candidate: Candidate, view: ProseView, text: str) -> Candidate:
    """A candidate read in the prose view, with the document's offsets and words."""
    from dataclasses import replace

    start, end = view.original(candidate.start), view.original(candidate.end)
    first, last = view.original(candidate.sentence_start), view.original(candidate.sentence_end)
    return replace(
        candidate, start=start, end=end, text=text[start:end], sentence_start=first,
        sentence_end=last, sentence=text[first:last],
    )  # fmt: skip


def _candidates(
    text: str,
    *,
    doc: str,
    file: str,
    source: str | None,
    published: PartialDate | None,
    title: str | None,
    publisher: str | None,
    currency: str,
) -> list[Candidate]:
    """`extract_text` of a text read as it is."""
    reference = published or document_date(text)
    fiscal_end = fiscal_year_end(text)
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
                currency=currency,
                fiscal_year_end=fiscal_end,
                unit=column_unit(text, span.start),
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
    return _framed(found, text, DocumentInfo(title, publisher, reference))


def extract_document(document: Document) -> list[Candidate]:
    """Every candidate of a document, read with its own details (what each worker of
    `extract_documents` runs, and each task of a cluster: picklable by name)."""
    return extract_text(
        document.text, doc=document.doc, file=document.file, source=document.source,
        published=document.published, title=document.title, publisher=document.publisher,
        currency=document.currency,
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
        yield from map(extract_document, itertools.chain(window, documents))
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, start_quiet_worker, (os.getpid(),)) as pool:
        while window:
            yield from pool.imap(extract_document, window, chunksize=4)
            window = list(itertools.islice(documents, WINDOW))


def _sentence_of(
    sentences: list[Sentence], starts: list[int], start: int, end: int, text: str
) -> Sentence:
    n = bisect.bisect_right(starts, start) - 1
    if n >= 0 and sentences[n].end >= end:
        return sentences[n]
    # A span across a sentence cut (rare): its own words are its sentence.
    return Sentence(start, end, text[start:end])


def _framed(found: list[Candidate], text: str, info: DocumentInfo) -> list[Candidate]:
    """The candidates with their frames: subject, measure, and period (their ``when``)."""
    from dataclasses import replace

    figures = [Figure(c.kind, c.start, c.end, c.text, c.value) for c in found]
    frames = read_frames(text, figures, info)
    return [
        replace(candidate, subject=frame.subject, measure=frame.measure,
                when=frame.period if candidate.kind != "date" else None)
        for candidate, frame in zip(found, frames, strict=True)
    ]  # fmt: skip
