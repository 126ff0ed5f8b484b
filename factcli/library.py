"""factcli as a library: open a dataset, list, search, ask it and read a measure's series;
extract facts from text.

    import factcli

    with factcli.open_dataset("facts.json") as dataset:
        for fact in dataset.search("awards", kind="money"):
            print(fact.id, fact.value, fact.source.url)
        answer = dataset.ask("How much did ACF award in October 2022?")
        if answer.found:
            print(answer.best.fact.display, answer.best.fact.quote)

Everything here returns plain values (`FactRecord`, `SourceInfo`, `AskResult`); no
environment variable is read, nothing is printed, and no exit code is chosen: that is the
command line's part. "Nothing matched" is an empty result, "no answer" an `AskResult`
without answers; errors are `FactcliError`s carrying what went wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcli.store.filters import NO_FILTERS, Filters
from factcli.workers import start_quiet_worker, usable_cores

if TYPE_CHECKING:
    from factcli.ask import Answer, AskTables
    from factcli.ask.explain import Explanation
    from factcli.extract import Candidate
    from factcli.extract.documents import Document
    from factcli.language.values import Kind, PartialDate
    from factcli.model.records import FactRecord, Rows, SourceInfo, SourceSummary
    from factcli.model.series import SeriesOrder, SeriesPoints
    from factcli.store.build import Progress
    from factcli.store.store import Store


@dataclass(frozen=True)
class AskResult:
    """What a question found: its answers, best first (none: no sourced answer)."""

    question: str
    answers: Sequence[Answer] = field(default_factory=tuple)

    @property
    def found(self) -> bool:
        return bool(self.answers)

    @property
    def best(self) -> Answer:
        """The best answer (check `found` first)."""
        return self.answers[0]


class Dataset:
    """An open dataset: its facts and documents, and the questions asked of them.

    Close it when done (or use it as a context manager): it holds a database connection.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._tables: AskTables | None = None

    @property
    def path(self) -> Path:
        """The dataset file."""
        return self._store.path

    @property
    def title(self) -> str:
        return self._store.title

    @property
    def fact_count(self) -> int:
        return self._store.total_facts

    @property
    def store(self) -> Store:
        """The store underneath, for the command line's own needs."""
        return self._store

    def close(self) -> None:
        if self._tables is not None:
            self._tables.close()
        self._store.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def documents(self) -> list[SourceInfo]:
        """The dataset's documents (sources), in the dataset's order."""
        return list(self._store.documents)

    def sources(self) -> list[SourceSummary]:
        """Each document with its fact count and whether its file is intact."""
        from factcli.model.provenance import summarize_sources

        counts = self._store.source_counts()
        return summarize_sources(self._store.documents, counts, self.path.parent)

    def facts(self, kind: Kind | None = None, filters: Filters = NO_FILTERS) -> Rows:
        """The facts of one kind (all when None) that pass the filters: dates and money in
        time order, the rest in the dataset's order."""
        return self._store.of_kind(kind, filters)

    def timeline(self, filters: Filters = NO_FILTERS) -> Rows:
        """Every dated fact (date facts, and facts with a `when`), earliest first."""
        return self._store.timeline(filters)

    def fact(self, fact_id: str) -> FactRecord | None:
        """The fact with this id, or None."""
        return self._store.fact(fact_id)

    def get(self, fact_ids: Sequence[str]) -> list[FactRecord]:
        """The facts with these ids, in order; an unknown id raises `NotFound` (with the
        ids most like it)."""
        return self._store.by_ids(fact_ids)

    def search(
        self,
        query: str,
        kind: Kind | None = None,
        filters: Filters = NO_FILTERS,
        limit: int | None = None,
    ) -> Rows:
        """Facts holding every word of the query, best first (an empty result when none)."""
        return self._store.search(query, kind, filters, limit)

    def series(
        self, measure: str, *, subject: str | None = None, by: SeriesOrder = "period"
    ) -> SeriesPoints:
        """The facts of one measure as points of a series, as they are read: facts with a
        number whose measure holds every word of ``measure`` (matched as `search` matches
        words), and whose subject holds every word of ``subject`` when given. Unit by unit
        (a currency, percent, a count's unit: never converted nor put on one scale), then
        by period, earliest first (``by="period"``), or by value, largest first
        (``by="subject"``). Several facts of one subject and period are each a point. No
        match: no points (``any()`` is false)."""
        from factcli.errors import UsageProblem
        from factcli.model.series import SERIES_ORDERS, SeriesPoints

        if by not in SERIES_ORDERS:
            raise UsageProblem(f"a series is ordered by {' or '.join(SERIES_ORDERS)}, not {by!r}")
        return SeriesPoints(self._store.series(measure, subject, by))

    def ask(self, question: str, top: int = 1) -> AskResult:
        """The best sourced answer to a question, and up to ``top - 1`` runners-up: none
        when the evidence is weak or two facts of different values are equally supported
        (see `factcli.ask`)."""
        from factcli.ask import ask

        return AskResult(question, tuple(ask(self._store, self._ask_tables(), question, top)))

    def ask_each(self, questions: Sequence[str]) -> Iterator[AskResult]:
        """The best sourced answer to each question (see `ask`), in order, each as it is
        found: the store and ask's tables are opened once for all of them, and many
        questions are spread over the cores, each worker opening the stored dataset."""
        self._ask_tables()  # built (and stored) once, before any worker opens them
        workers = usable_cores(MAX_ASK_WORKERS)
        if len(questions) < PARALLEL_QUESTIONS or workers < 2 or self._store.file is None:
            return (self.ask(question) for question in questions)
        return _asked_in_workers(self.path, self._store.file.parent, questions, workers)

    def explain(self, question: str) -> Explanation:
        """The answer to a question as `ask` gives it, with the lines that say why."""
        from factcli.ask.explain import explain

        return explain(self._store, self._ask_tables(), question)

    def _ask_tables(self) -> AskTables:
        """Ask's own tables of this dataset (built on the first question)."""
        if self._tables is None:
            from factcli.ask import AskTables

            self._tables = AskTables.of(self._store)
        return self._tables


# Questions asked at once go to workers from this many on, with at most this many workers
# (each answer takes tens of milliseconds at 100,000 facts; a worker starts in a few).
PARALLEL_QUESTIONS = 16
MAX_ASK_WORKERS = 4
# The dataset a worker process answers from (opened once per worker).
_worker_dataset: Dataset | None = None


def _asked_in_workers(
    path: Path, cache: Path, questions: Sequence[str], workers: int
) -> Iterator[AskResult]:
    import multiprocessing
    import os

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _open_in_worker, (os.getpid(), path, cache)) as pool:
        yield from pool.imap(_ask_in_worker, questions, chunksize=2)


def _open_in_worker(parent: int, path: Path, cache: Path) -> None:
    """A worker opens the stored dataset (and ask's tables) of its own: connections are
    never shared across a fork."""
    global _worker_dataset
    start_quiet_worker(parent)
    _worker_dataset = open_dataset(path, cache=cache)


def _ask_in_worker(question: str) -> AskResult:
    assert _worker_dataset is not None, "a worker opens its dataset when it starts"
    return _worker_dataset.ask(question)


def open_dataset(
    path: str | Path, *, cache: str | Path | None = None, progress: Progress | None = None
) -> Dataset:
    """Open a dataset file (validated, or served from ``cache`` when its store there is
    fresh). ``cache``: a folder to keep the dataset's store in between calls; None keeps
    it in memory for this one. Raises `DatasetError` for a missing or broken dataset."""
    from factcli.store import open_store

    folder = Path(cache) if cache is not None else None
    return Dataset(open_store(Path(path), cache=folder, progress=progress))


def extract_text(
    text: str,
    *,
    doc: str = "document",
    published: PartialDate | None = None,
    file: str | None = None,
    source: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    currency: str | None = None,
) -> list[Candidate]:
    """Every candidate fact of a document's text, in order: its kind, span, value,
    qualifier and sentence. A pure function: nothing is read or written, no state is kept
    between calls, and it pickles by name, so it runs as a task in worker processes or on
    a cluster (docs/scale.md).

    ``doc``: the document's id (candidate ids are ``DOC:START-END``); ``file``: its file's
    name (default ``DOC.txt``); ``source``: the dataset source it is; ``title``,
    ``publisher``: help read frames; ``currency``: what a bare "$" is in (default USD).
    `read_document` gives each of them as ``factcli extract`` reads a file."""
    from factcli.extract import extract_text as extract
    from factcli.language.currencies import DEFAULT_CURRENCY

    return extract(
        text, doc=doc, file=file or f"{doc}.txt", source=source, published=published,
        title=title, publisher=publisher, currency=currency or DEFAULT_CURRENCY,
    )  # fmt: skip


def read_document(
    path: str | Path, *, published: PartialDate | None = None, currency: str | None = None
) -> Document:
    """A text, HTML or PDF file read as ``factcli extract FILE`` reads one that is no
    source yet: its id (from its name), text, title and publisher when the file says
    them; ``published`` and ``currency`` as extract's options. Pass its fields to
    `extract_text` (``extract_text(d.text, doc=d.doc, file=d.file, ...)``)."""
    from factcli.extract.documents import read_file

    return read_file(Path(path), published, currency)


def source_document(source: SourceInfo, folder: str | Path) -> Document:
    """A source of a dataset (one of `Dataset.documents`) as ``factcli extract SOURCE-ID``
    reads it: its text from the dataset's ``folder``, checked against its hash, with its
    date, title, publisher and currency. Raises `DatasetError` for a missing or changed
    file."""
    from factcli.extract.documents import source_document as read

    return read(source, Path(folder))


def extract_document(document: Document) -> list[Candidate]:
    """Every candidate of a document (`read_document`, `source_document`): `extract_text`
    with the document's own details, as ``factcli extract`` runs it on each document. A
    pure function, picklable by name: one task of a cluster (docs/scale.md)."""
    from factcli.extract import extract_document as extract

    return extract(document)


def write_shard(folder: str | Path, doc: str, candidates: Sequence[Candidate]) -> Path:
    """Write one document's candidates as ``FOLDER/DOC.jsonl``, as ``extract --jsonl-out``
    does, atomically; ``factcli add --from`` takes such shards in, verified."""
    from factcli.extract.shards import write_shard as write

    return write(folder, doc, candidates)
