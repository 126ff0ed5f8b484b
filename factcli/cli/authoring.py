"""The commands that make and check a dataset: init, source add, extract, add, verify, schema.

Each parses its options and hands them to `factcli.authoring`, `factcli.extract` or
`factcli.model.provenance`; the reports are rendered by `factcli.render.authoring_report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcli.cli.options import (
    ColorChoice,
    ColorOption,
    DataOption,
    FormatOption,
    KindOption,
    NoColorOption,
    WriteDataOption,
    choose_format,
    terminal,
)
from factcli.cli.output import WholeSummaries, emit, emit_chunks, show_help_without_command
from factcli.cli.settings import settings
from factcli.cli.status import ExitStatus
from factcli.cli.stdin import STDIN, STDIN_NAME, read_stdin
from factcli.errors import UsageProblem
from factcli.render import OutputFormat, plural

if TYPE_CHECKING:
    from factcli.extract.candidates import Candidate
    from factcli.extract.documents import Document
    from factcli.language.values import Kind, PartialDate

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()


@commands.command()
def verify(
    data: DataOption = None,
    fix_offsets: Annotated[
        bool,
        typer.Option(
            "--fix-offsets",
            help="First move each misplaced quote found exactly once in its source to that "
            "place (the dataset file is rewritten), and list what changed.",
        ),
    ] = False,
) -> None:
    """Check every fact against its source text.

    Checks each source file's hash, each quote at its offsets, and each value.

    Exit 0 when clean, 1 when problems were found, 2 when the dataset cannot be loaded.

    Example: factcli verify --data my/facts.json
    """
    from factcli.model.dataset import load_dataset
    from factcli.model.provenance import verify_dataset
    from factcli.render.report import render_verify_report

    if fix_offsets:
        from factcli.authoring.offsets import fix_offsets_at
        from factcli.render.authoring_report import render_offset_repair

        emit(render_offset_repair(fix_offsets_at(settings().dataset(data))))
    report = verify_dataset(load_dataset(settings().dataset(data)))
    emit(render_verify_report(report))
    if not report.ok:
        raise typer.Exit(ExitStatus.NOT_FOUND)


@commands.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[DIR]", help="Folder of the new dataset (made if missing).", show_default=False
        ),
    ] = Path("."),
    title: Annotated[
        str | None,
        typer.Option("--title", help="What the dataset holds, shown above tables.", metavar="T"),
    ] = None,
) -> None:
    """Start a new dataset: an empty DIR/facts.json and DIR/sources/.

    DIR is the current folder when not given. A folder holding a facts.json is refused.

    Example: factcli init my-dataset --title "Press releases on housing, 2024"
    """
    from factcli.authoring.init import init_dataset
    from factcli.render.authoring_report import render_new_dataset

    emit(render_new_dataset(init_dataset(folder, title)))


source_app = typer.Typer(
    name="source",
    help="Bring documents into a dataset, list them, update or remove them.\n\n"
    "Example: factcli source add report.pdf",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    invoke_without_command=True,
    cls=WholeSummaries,
)
commands.add_typer(source_app, name="source")


@source_app.callback()
def source_root(ctx: typer.Context) -> None:
    """Bring documents into a dataset, list them, update or remove them."""
    show_help_without_command(ctx)


def _source_option(name: str, text: str, metavar: str = "TEXT") -> Any:
    return typer.Option(f"--{name}", help=text, metavar=metavar, show_default=False)


@source_app.command("add")
def source_add(
    documents: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="UTF-8 text files, HTML pages, PDFs, or folders of them; - for a text (or "
            "PDF) on standard input, with --id.",
            show_default=False,
        ),
    ],
    source_id: Annotated[
        str | None, _source_option("id", "Source id (default: from the file name).", "ID")
    ] = None,
    title: Annotated[
        str | None, _source_option("title", "Title (default: the page's, or a short first line).")
    ] = None,
    publisher: Annotated[
        str | None, _source_option("publisher", "Who published it (default: the page's site).")
    ] = None,
    published: Annotated[
        str | None,
        _source_option("published", "Date published: YYYY-MM-DD, YYYY-MM or YYYY.", "DATE"),
    ] = None,
    url: Annotated[
        str | None, _source_option("url", "Where it is published (http or https).", "URL")
    ] = None,
    rights: Annotated[
        str | None,
        _source_option("rights", "Terms of reuse, e.g. 'Public domain (U.S. government work)'."),
    ] = None,
    accessed: Annotated[
        str | None,
        _source_option("accessed", "Date you read it at its URL, for citations.", "DATE"),
    ] = None,
    currency: Annotated[
        str | None,
        _source_option(
            "currency",
            "What a bare '$' or 'dollars' of the document is in: CAD, AUD, NZD ... "
            "(default: USD). 'NZ$', '€' and codes keep their own.",
            "CODE",
        ),
    ] = None,
    metadata: Annotated[
        Path | None,
        _source_option(
            "metadata",
            "A sidecar file (CSV or JSON) of the documents' details, one row per file.",
            "FILE",
        ),
    ] = None,
    data: WriteDataOption = None,
) -> None:
    """Bring documents in: their texts copied to sources/, hashed, recorded.

    Text files are copied byte for byte; HTML pages (.html, .htm) become their main text
    (pip install 'factcli[html]'), PDFs their text, page by page (pip install
    'factcli[pdf]'). A folder adds its .txt, .md, .html and .pdf files. Details come from
    the options, else the file's row in --metadata, else the document; what none states
    is recorded as not stated. All are written at once; nothing when anything is wrong.
    - reads one document from standard input: it has no file name, so --id names it.

    Example: factcli source add reports/ --metadata reports/sources.csv
    """
    from factcli.authoring.batch import add_sources
    from factcli.authoring.sources import SourceDetails
    from factcli.progress import terminal_progress
    from factcli.render.authoring_report import render_added_sources

    details = SourceDetails(
        id=source_id, title=title, publisher=publisher, published=published, url=url,
        rights=rights, accessed=accessed, currency=currency,
    )  # fmt: skip
    bar = terminal_progress(after=BATCH_BAR_AFTER)

    def progress(phase: str, done: int, total: int | None) -> None:
        if bar is not None and total is not None and total >= BATCH_BAR_FILES:
            bar(phase, done, total)

    documents, given = stdin_source(documents, source_id)
    added = add_sources(
        documents, details, settings().dataset_to_change(data), sidecar=metadata,
        progress=progress, given=given,
    )  # fmt: skip
    emit(render_added_sources(added))


def stdin_source(
    documents: list[Path], source_id: str | None
) -> tuple[list[Path], dict[Path, bytes]]:
    """The documents to add, standard input (``-``) among them read, bounded: one
    document alone, named by --id (it has no file name to make one from)."""
    if Path(STDIN) not in documents:
        return documents, {}
    if len(documents) > 1:
        raise UsageProblem("- (standard input) is one document: add it alone, with --id")
    if source_id is None:
        raise UsageProblem(
            "- (standard input) has no file name to make a source id from",
            hint="name it with --id, e.g. factcli source add - --id my-report-2024",
        )
    return [Path(STDIN_NAME)], {Path(STDIN_NAME): read_stdin()}


# A batch of this many documents that takes longer than BATCH_BAR_AFTER seconds shows a
# progress bar on a terminal (stderr); a few documents, or a pipe, show none.
BATCH_BAR_FILES = 10
BATCH_BAR_AFTER = 0.5


@source_app.command("list")
def source_list(
    data: WriteDataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """The documents of the dataset, with fact counts and file status.

    As 'factcli sources' shows them, of the dataset that 'source add' writes to.

    Example: factcli source list -f plain | cut -f1,4
    """
    from factcli.authoring.save import load_dataset_to_change
    from factcli.model.provenance import dataset_sources

    summaries = dataset_sources(load_dataset_to_change(settings().dataset_to_change(data)))
    emit_chunks(choose_format(fmt).renderer().render_sources(summaries, terminal(no_color, color)))


@source_app.command("update")
def source_update(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The source to update.")],
    document: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Its new revision: text, HTML or PDF; - for standard input."
        ),
    ],
    accept: Annotated[
        bool,
        typer.Option(
            "--accept",
            help="Write the update even though facts' quotes or values changed or vanished: "
            "changed quotes take their new place, facts whose value changed or vanished "
            "are removed.",
        ),
    ] = False,
    data: WriteDataOption = None,
) -> None:
    """Take in a new revision of a source, each quote moved to its new place.

    Facts whose quote or value changed, or that vanished, are reported, and nothing is
    written until --accept says so (exit 2 until then).

    Example: factcli source update cpi-july-2025 cpi-july-2025-revised.pdf
    """
    from factcli.authoring.update import UpdateNeedsAcceptance, update_source
    from factcli.render.authoring_report import render_source_update

    given = None
    if document == Path(STDIN):
        document, given = Path(STDIN_NAME), read_stdin()
    try:
        update = update_source(
            settings().dataset_to_change(data), source_id, document, accept=accept, given=given
        )
    except UpdateNeedsAcceptance as refused:
        emit(render_source_update(refused.update))
        raise
    emit(render_source_update(update))


@source_app.command("remove")
def source_remove(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="The source to remove.")],
    with_facts: Annotated[
        bool, typer.Option("--with-facts", help="Remove the facts that cite it too.")
    ] = False,
    keep_file: Annotated[
        bool, typer.Option("--keep-file", help="Keep its text file in sources/.")
    ] = False,
    data: WriteDataOption = None,
) -> None:
    """Take a source out of the dataset, and delete its text file.

    Refused (exit 2, nothing written) while facts cite it, unless --with-facts.

    Example: factcli source remove old-report --with-facts
    """
    from factcli.authoring.remove import remove_source
    from factcli.render.authoring_report import render_removed_source

    removed = remove_source(
        settings().dataset_to_change(data), source_id, with_facts=with_facts, keep_file=keep_file
    )
    emit(render_removed_source(removed))


def read_published(text: str | None) -> PartialDate | None:
    """The --published option: a date such as 2016-10-07, or None."""
    if text is None:
        return None
    from factcli.language.values import PartialDate

    try:
        return PartialDate.from_iso(text)
    except ValueError:
        raise UsageProblem(
            f"--published: cannot read {text!r} as a date", hint="use --published 2016-10-07"
        ) from None


def read_currency(text: str | None) -> str | None:
    """The --currency option of extract: an ISO 4217 code such as CAD, or None."""
    if text is None:
        return None
    from factcli.language.currencies import read_code

    try:
        return read_code(text)
    except ValueError:
        raise UsageProblem(
            f"--currency: {text!r} is not an ISO 4217 currency code", hint="use e.g. --currency CAD"
        ) from None


def stdin_documents(names: list[str]) -> tuple[list[str], dict[str, bytes]]:
    """The documents named, standard input (``-``, at most once) named `STDIN_NAME` and
    read, bounded."""
    if names.count(STDIN) > 1:
        raise UsageProblem("- (standard input) can be read only once")
    if STDIN not in names:
        return names, {}
    return [STDIN_NAME if name == STDIN else name for name in names], {STDIN_NAME: read_stdin()}


@commands.command()
def extract(
    documents: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|SOURCE-ID...",
            help="Text, HTML or PDF files, source ids, or - for standard input.",
        ),
    ],
    kind: KindOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Date of files that are no source yet (default: their first full date); "
            "months written without a year take theirs from it.",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="What a bare '$' of files that are no source yet is in: CAD, NZD ... "
            "(default: USD; a source keeps its own).",
            metavar="CODE",
            show_default=False,
        ),
    ] = None,
    jsonl_out: Annotated[
        Path | None,
        typer.Option(
            "--jsonl-out",
            help="Write each document's candidates to DIR/DOC.jsonl (for 'add --from') "
            "instead of printing them.",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    fmt: FormatOption = None,
    no_color: NoColorOption = False,
    color: ColorOption = ColorChoice.AUTO,
) -> None:
    """Every date, amount and statistic of documents, as candidate facts.

    Writes nothing to the dataset: accept candidates with 'factcli add CANDIDATE...', or
    write shards with --jsonl-out and take them in with 'factcli add --from'. A file
    already in the dataset, or a source id, gives candidate ids that 'add' takes as they
    are. - reads a text (or PDF) from standard input; its candidates are stdin:START-END.
    Exit 1 when no document holds a figure.

    Example: factcli extract release.txt -f jsonl | jq -r .candidate
    """
    from factcli.extract import extract_documents
    from factcli.extract.documents import resolve_documents

    if jsonl_out is not None and fmt is not None:
        raise UsageProblem("--jsonl-out writes shard files: it takes no --format")
    chosen = choose_format(fmt)
    renderer = chosen.renderer()
    streamed = chosen in (OutputFormat.PLAIN, OutputFormat.JSONL)
    collected = []
    # A file already in the dataset is named by its source (only a dataset the user names:
    # the bundled one's document is no file a user passes).
    named = data if data is not None else settings().data
    names, given = stdin_documents(documents)

    def resolved() -> Iterator[Document]:
        return resolve_documents(
            names, named, settings().dataset(data), read_published(published),
            read_currency(currency), given,
        )  # fmt: skip

    texts = resolved()
    if jsonl_out is not None:
        # Two documents of one id would write one shard: found before anything is written
        # (a first pass reads each document and keeps only its id).
        _one_document_an_id(document.doc for document in resolved())
        write_shards(extract_documents(texts), kind, jsonl_out)
        return
    count = 0
    for candidates in extract_documents(texts):
        found = [c for c in candidates if kind is None or c.kind == kind]
        count += len(found)
        if streamed:
            emit_chunks(renderer.render_candidates(found, terminal(no_color, color)))
        else:
            collected.extend(found)
    if not streamed:
        emit_chunks(renderer.render_candidates(collected, terminal(no_color, color)))
    if not count:
        raise typer.Exit(ExitStatus.NOT_FOUND)  # like grep: nothing found


def _one_document_an_id(ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for doc in ids:
        if doc in seen:
            raise _two_documents(doc)
        seen.add(doc)


def _two_documents(doc: str) -> UsageProblem:
    return UsageProblem(
        f"two documents have the id {doc!r}: their shards would be one file",
        hint="extract them in two runs, into two folders",
    )


def write_shards(found: Iterable[list[Candidate]], kind: Kind | None, folder: Path) -> None:
    """Write each document's candidates as a shard in ``folder``; say how many of what went
    where. Exit 1 (as extract does) when no document holds a figure."""
    from factcli.extract.shards import write_shard

    count, written = 0, set()
    for candidates in found:
        kept = [c for c in candidates if kind is None or c.kind == kind]
        if not kept:
            continue  # a document with no figure (of the kind asked) writes no shard
        doc = kept[0].doc
        if doc in written:  # (found by the first pass already, unless a file changed since)
            raise _two_documents(doc)
        write_shard(folder, doc, kept)
        written.add(doc)
        count += len(kept)
    emit(f"wrote {plural(count, 'candidate')} of {plural(len(written), 'document')} to {folder}")
    if not count:
        raise typer.Exit(ExitStatus.NOT_FOUND)


@commands.command()
def add(
    candidates: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CANDIDATE...",
            help="Candidate ids from 'factcli extract' (with --all: source ids, or none; "
            "with --from: shard files).",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every candidate of the named sources (or of all).")
    ] = False,
    statement: Annotated[
        str | None,
        typer.Option(
            "--statement",
            help="The fact's statement (default: its sentence). One candidate only.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    from_shards: Annotated[
        bool,
        typer.Option(
            "--from",
            help="The arguments are shard files of 'extract --jsonl-out' (or folders of "
            "them): every candidate, each verified.",
        ),
    ] = False,
    data: WriteDataOption = None,
) -> None:
    """Make candidates facts, each with an id and its sentence, verified.

    Adding a figure that already is a fact changes nothing and says so. With --from, the
    candidates of shard files (extracted elsewhere: docs/scale.md) are each checked
    against their source's text; those that do not verify are left out and named.

    Example: factcli add epa-brownfields-2023:612-627 --data my/facts.json
    """
    from factcli.authoring.add import add_candidates
    from factcli.render.authoring_report import render_added_facts

    named = candidates or []
    if from_shards and every:
        raise UsageProblem("--from and --all cannot be used together")
    report = add_candidates(
        settings().dataset_to_change(data), [] if from_shards else named, every=every,
        statement=statement, shards=shard_files(named) if from_shards else [],
    )  # fmt: skip
    emit(render_added_facts(report))
    if from_shards and report.skipped and not (report.added or report.already):
        raise typer.Exit(ExitStatus.NOT_FOUND)  # not one candidate of the shards verified


def shard_files(named: list[str]) -> list[Path]:
    """The shard files --from names: files as given, and a folder's *.jsonl in name order."""
    from factcli.extract.shards import SHARD_SUFFIX

    if not named:
        raise UsageProblem("--from takes shard files or folders: name at least one")
    files: list[Path] = []
    for path in map(Path, named):
        if path.is_dir():
            files += sorted(path.glob(f"*{SHARD_SUFFIX}"))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageProblem(f"--from: no file or folder {str(path)!r}")
    if not files:
        raise UsageProblem(f"--from: no {SHARD_SUFFIX} file in {', '.join(map(str, named))}")
    return files


@commands.command()
def schema() -> None:
    """Print the JSON Schema of the dataset file.

    The schema is generated from the models factcli validates with.

    Example: factcli schema > facts.schema.json
    """
    from factcli.render.report import render_schema

    emit(render_schema())
