"""Issue 33, "trustworthy under attack, round 2": one test per row of the issue's table,
each written as the attack it stops (on the installed ``factcli`` where the row is about
the command), then fuzzing of the new surface: ``source add`` of files of every kind, and
writers at once."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcli import inputs, locks
from factcli.cli import app
from factcli.errors import FactcliError
from factcli.inputs import MAX_INPUT_BYTES
from tests.conftest import SHIPPED, WriteDataset

runner = CliRunner()
BIN = Path(sys.executable).parent / "factcli"
SEED_ID = "hhs-survivors-roundtable-2023"
SEED = SHIPPED.parent / "sources" / f"{SEED_ID}.txt"
FACT = "hhs-survivors-roundtable-date"
# A command that should answer at once; a hang is a failure, not a stuck suite.
QUICK = 60


def factcli(*args: str, env: dict[str, str] | None = None, **options: Any) -> Any:
    """The installed command, run as a user runs it (no FACTCLI_ variable leaks in)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, timeout=QUICK,
        env={**base, **(env or {})}, stdin=subprocess.DEVNULL, **options,
    )  # fmt: skip


def assert_refused(result: Any, *words: str) -> None:
    """Refused with one clear error line and status 2: no traceback, no internal error."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("factcli: error: "), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (its bytes are all NUL)."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A dataset made as a user makes one: init, then the seed document added."""
    folder = tmp_path / "set"
    assert factcli("init", str(folder)).returncode == 0
    path = folder / "facts.json"
    added = factcli("source", "add", str(SEED), "--data", str(path), "--title", "Seed")
    assert added.returncode == 0, added.stderr
    return path


def candidates(path: Path, count: int) -> list[str]:
    listed = factcli("extract", SEED_ID, "--data", str(path), "-f", "plain").stdout
    names = [line.split("\t")[0] for line in listed.splitlines()]
    assert len(names) >= count
    return names[:count]


# Row 1: extract of crafted text took time with the square of a line's length.


def test_row_1_a_crafted_line_is_extracted_at_once(tmp_path: Path) -> None:
    """A line of 200,000 `1`s and a megabyte of `1 in ` runs (> 30 s before)."""
    for pattern, size in (("1", 200_000), ("1 in ", 1_000_000), ("Section 1.1. ", 1_000_000)):
        document = tmp_path / "crafted.txt"
        document.write_text("Title\n\n" + pattern * (size // len(pattern)) + "\n")
        started = time.monotonic()
        result = factcli("extract", str(document), "-f", "plain")
        assert result.returncode in (0, 1) and not result.stderr, result.stderr
        assert time.monotonic() - started < 15


# Rows 2 and 6: a dataset that is a device or a FIFO hung or filled memory.


@pytest.mark.parametrize("command", ["list", "stats"])
def test_row_2_dataset_that_is_dev_zero_is_refused(tmp_path: Path, command: str) -> None:
    """/dev/zero as a dataset, named or through a link: refused before a byte is read."""
    link = tmp_path / "facts.json"
    link.symlink_to("/dev/zero")
    assert_refused(factcli(command, "--data", str(link)), "not a regular file", "device")
    named = factcli(command, env={"FACTCLI_DATA": "/dev/zero"})
    assert_refused(named, "not a regular file")


def test_row_6_dataset_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    """A FIFO nobody writes to: refused at once (it hung for ever)."""
    fifo = tmp_path / "facts.json"
    os.mkfifo(fifo)
    for command in ("list", "verify", "add"):
        assert_refused(factcli(command, "--data", str(fifo), *(["x:1-2"] * (command == "add"))))


# Rows 3, 4 and 5: what is read whole holds at most 64 MiB, and only a regular file.


def test_row_3_source_add_of_a_link_to_dev_zero(dataset: Path, tmp_path: Path) -> None:
    """A document that is a link to /dev/zero: refused at once (MemoryError after 3 GB)."""
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert_refused(factcli("source", "add", str(link), "--data", str(dataset)), "device")


def test_row_4_extract_of_a_document_over_the_limit(tmp_path: Path) -> None:
    """A document over 64 MiB is refused with the size, before it is read."""
    big = sparse(tmp_path / "big.txt", MAX_INPUT_BYTES + 1)
    assert_refused(factcli("extract", str(big)), "larger than the limit of 64 MiB")


def test_row_5_source_add_of_a_file_over_the_limit(dataset: Path, tmp_path: Path) -> None:
    """source add refuses what verify would refuse (it wrote a dataset verify rejected)."""
    big = sparse(tmp_path / "big.txt", 70 * 1024 * 1024)
    before = dataset.read_bytes()
    result = factcli("source", "add", str(big), "--data", str(dataset))
    assert_refused(result, "larger than the limit of 64 MiB")
    assert dataset.read_bytes() == before


# Row 7: a source swapped for a link between the check and the read.


def test_row_7_a_source_swapped_for_a_link_is_refused(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file checked is the file read: a link put in its place meanwhile is refused,
    and the file outside is neither hashed nor searched."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is hunter2")
    source = dataset.parent / "sources" / f"{SEED_ID}.txt"
    opened = inputs._open_beneath

    def swapped(root: Path, parts: tuple[str, ...]) -> int:
        source.unlink()
        source.symlink_to(secret)  # the attacker's move, after the check
        return opened(root, parts)

    monkeypatch.setattr(inputs, "_open_beneath", swapped)
    result = runner.invoke(app, ["verify", "--data", str(dataset)])
    assert result.exit_code == 1
    assert "replaced by a symbolic link" in result.stdout
    assert "sha256" not in result.stdout


# Rows 8 and 11: export -o writes into what is there, as a shell's > does.


def _sqlite_rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM facts").fetchone()[0])


class TestRow8SqliteExportKeepsItsTarget:
    def test_symlink_stays_a_link(self, tmp_path: Path) -> None:
        target = tmp_path / "real.db"
        target.write_text("old")
        link = tmp_path / "link.db"
        link.symlink_to(target)
        assert factcli("export", "-f", "sqlite", "-o", str(link)).returncode == 0
        assert link.is_symlink() and _sqlite_rows(target) > 0

    def test_fifo_stays_a_fifo(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe.db"
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
        assert factcli("export", "-f", "sqlite", "-o", str(fifo)).returncode == 0
        assert reader.communicate(timeout=QUICK)[0].startswith(b"SQLite format 3\x00")
        assert stat.S_ISFIFO(fifo.lstat().st_mode)

    def test_device_stays_a_device(self, tmp_path: Path) -> None:
        link = tmp_path / "null.db"
        link.symlink_to("/dev/null")
        assert factcli("export", "-f", "sqlite", "-o", str(link)).returncode == 0
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and link.is_symlink()

    def test_hard_link_sees_the_database(self, tmp_path: Path) -> None:
        out = tmp_path / "one.db"
        out.write_text("old")
        other = tmp_path / "two.db"
        os.link(out, other)
        assert factcli("export", "-f", "sqlite", "-o", str(out)).returncode == 0
        assert _sqlite_rows(other) > 0 and out.stat().st_nlink == 2

    def test_mode_is_kept(self, tmp_path: Path) -> None:
        out = tmp_path / "shared.db"
        out.write_text("old")
        out.chmod(0o640)
        assert factcli("export", "-f", "sqlite", "-o", str(out)).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640 and _sqlite_rows(out) > 0

    def test_new_file_gets_the_umask(self, tmp_path: Path) -> None:
        out = tmp_path / "new.db"
        assert factcli("export", "-f", "sqlite", "-o", str(out)).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("form", ["json", "sqlite"])
def test_row_11_read_only_file_of_another_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """A file in a writable folder that this user may not write: "Permission denied", as
    the shell's > says, and the file stays as it was, with its owner (it was replaced and
    re-owned)."""
    target = tmp_path / f"theirs.{form}"
    target.write_text("not yours\n")
    target.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: be a user who may not write it
        import factcli.atomic

        real = os.access  # every file read-only, as the owner's 0444 is to others
        monkeypatch.setattr(
            factcli.atomic.os, "access",
            lambda path, mode: mode != os.W_OK and real(path, mode),
        )  # fmt: skip
    result = runner.invoke(app, ["export", "-f", form, "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"factcli: error: cannot write {target}: Permission denied\n"
    assert target.read_text() == "not yours\n" and stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


# Row 9: a dataset's writers keep its mode and its hard links.


def test_row_9_private_dataset_stays_private_and_linked(dataset: Path, tmp_path: Path) -> None:
    """source add and add on a 0600 facts.json: still 0600 (it became 0644), and a hard
    link to it sees every change (it stopped seeing them)."""
    dataset.chmod(0o600)
    link = tmp_path / "linked.json"
    os.link(dataset, link)
    other = tmp_path / "other.txt"
    other.write_text("Other report\n\nIn 2021, the agency served 4,500 families.\n")
    assert factcli("source", "add", str(other), "--data", str(dataset)).returncode == 0
    (name,) = candidates(dataset, 1)
    assert factcli("add", name, "--data", str(dataset)).returncode == 0
    assert stat.S_IMODE(dataset.stat().st_mode) == 0o600
    assert link.read_bytes() == dataset.read_bytes() and dataset.stat().st_nlink == 2
    assert len(json.loads(link.read_text())["facts"]) == 1


# Row 10: two writers at once lost an update.


def test_row_10_eight_adds_at_once_keep_every_fact(dataset: Path) -> None:
    """Eight `add` processes on one dataset at once: all eight facts are there after."""
    names = candidates(dataset, 8)
    base = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    processes = [
        subprocess.Popen(
            [str(BIN), "add", name, "--data", str(dataset)],
            env=base,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name in names
    ]
    for process in processes:
        _, error = process.communicate(timeout=180)
        assert process.returncode == 0, error
    assert len(json.loads(dataset.read_text())["facts"]) == 8
    assert factcli("verify", "--data", str(dataset)).returncode == 0


def test_row_10_a_writer_that_waits_too_long_says_so(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another holds the lock past the wait: one clear line, exit 2, nothing written."""
    import fcntl

    monkeypatch.setattr(locks, "WAIT_SECONDS", 0.2)
    (name,) = candidates(dataset, 1)
    before = dataset.read_bytes()
    holder = threading.Event()
    done = threading.Event()

    def hold() -> None:  # another process's lock: a lock of its own on the file
        handle = os.open(locks.lock_path(dataset), os.O_RDWR | os.O_CREAT)
        fcntl.flock(handle, fcntl.LOCK_EX)
        holder.set()
        done.wait(30)
        os.close(handle)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holder.wait(30)
        result = runner.invoke(app, ["add", name, "--data", str(dataset)])
    finally:
        done.set()
        thread.join()
    assert result.exit_code == 2
    assert result.stderr == f"factcli: error: another factcli is changing {dataset}; try again\n"
    assert dataset.read_bytes() == before


# Rows 12 and 13: citations cannot be forged.


def _with_source(write_dataset: WriteDataset, raw: dict[str, Any], **fields: str) -> Path:
    raw["sources"][0].update(fields)
    return write_dataset(raw)


def test_row_12_bibtex_url_cannot_run_tex(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any]
) -> None:
    r"""A URL holding \input\jobname%# reaches BibTeX escaped: no backslash, no brace,
    no comment sign a TeX reader would obey (it reached url and \url{} raw)."""
    import bibtexparser

    path = _with_source(write_dataset, shipped_raw, url="https://x.gov/\\input\\jobname%#{}")
    result = runner.invoke(app, ["cite", FACT, "-f", "bibtex", "--data", str(path)])
    assert result.exit_code == 0, result.output
    (entry,) = bibtexparser.parse_string(result.stdout).entries
    assert entry["url"] == "https://x.gov/%5Cinput%5Cjobname%#%7B%7D"
    assert entry["howpublished"] == r"\url{https://x.gov/\%5Cinput\%5Cjobname\%\#\%7B\%7D}"
    assert "\\input" not in result.stdout


@pytest.mark.parametrize("field", ["publisher", "title"])  # a url with a space is invalid
def test_row_13_text_citation_keeps_its_three_lines(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any], field: str
) -> None:
    """A field with line breaks cannot add lines to a text citation (it forged them)."""
    path = _with_source(write_dataset, shipped_raw, **{field: "Real\nfake-id: $1 billion\n“x”"})
    result = runner.invoke(app, ["cite", FACT, "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    assert not any(line.startswith("fake-id") for line in result.stdout.splitlines())


# Row 14: the terminal's own settings cannot crash or flood the output.


def test_row_14_ascii_output_gets_replacements() -> None:
    """PYTHONIOENCODING=ascii: curly quotes printed as ?, no internal error."""
    result = factcli("cite", FACT, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert result.stdout.splitlines()[1].startswith("?On April 26, 2023")


def test_row_14_huge_columns_are_clamped() -> None:
    """COLUMNS=9999999: a table as wide as the widest terminal, at once (38 MB, 15 s)."""
    started = time.monotonic()
    result = factcli("list", "-f", "table", env={"COLUMNS": "9999999"})
    assert result.returncode == 0 and not result.stderr
    assert max(map(len, result.stdout.splitlines())) <= 500
    assert time.monotonic() - started < 15


# Row 15: a date no calendar has is a schema error.


@pytest.mark.parametrize("when", ["FY0000", "FY0001", "0000", "9999-12", "FY0000/FY2020"])
def test_row_15_impossible_dates_are_schema_errors(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any], when: str
) -> None:
    """FY0000 was accepted, then list, timeline, cite, verify and stats failed with an
    internal error: now every command names the field."""
    shipped_raw["facts"][0]["when"] = when
    path = write_dataset(shipped_raw)
    for command in (["list"], ["timeline"], ["cite", FACT], ["verify"], ["stats"]):
        result = factcli(*command, "--data", str(path))
        assert_refused(result, "does not match the schema", "facts[0].when")


# Fuzzing: source add of files of every kind, and writers at once.


def _make(kind: str, folder: Path, n: int) -> Path:
    path = folder / f"doc{n}.txt"
    if kind == "text":
        path.write_text(f"Report {n}\n\nIn 2020, {n} states received $4 million.\n")
    elif kind == "empty":
        path.write_text("")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling":
        path.symlink_to(folder / "nowhere")
    elif kind == "huge":
        sparse(path, MAX_INPUT_BYTES + 1)
    elif kind == "latin1":
        path.write_bytes("Caf\xe9 report: 3 caf\xe9s.\n".encode("latin-1"))
    return path


KINDS = ["text", "empty", "binary", "fifo", "device", "folder", "dangling", "huge", "latin1"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3))
def test_fuzz_source_add_of_files_of_every_kind(kinds: list[str]) -> None:
    """Whatever files are given, source add ends at once with a result or one error line,
    and a refused batch writes nothing."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        assert runner.invoke(app, ["init", str(root / "set")]).exit_code == 0
        dataset = root / "set" / "facts.json"
        before = dataset.read_bytes()
        files = [str(_make(kind, root, n)) for n, kind in enumerate(kinds)]
        started = time.monotonic()
        result = runner.invoke(app, ["source", "add", *files, "--data", str(dataset)])
        assert time.monotonic() - started < 20
        assert result.exit_code in (0, 2), result.output
        assert "internal error" not in result.output
        if result.exit_code == 2:
            assert result.stderr.startswith("factcli: error: ")
            assert dataset.read_bytes() == before
        else:
            assert set(kinds) <= {"text", "folder"} or "text" in kinds


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writers=st.integers(min_value=2, max_value=4), sources=st.booleans())
def test_fuzz_writers_at_once(writers: int, sources: bool) -> None:
    """Any number of writers at once (adds, and source adds): every change is kept."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        assert factcli("init", str(root / "set")).returncode == 0
        dataset = root / "set" / "facts.json"
        added = factcli("source", "add", str(SEED), "--data", str(dataset), "--title", "Seed")
        assert added.returncode == 0, added.stderr
        names = candidates(dataset, writers)
        commands = [["add", name] for name in names]
        if sources:
            commands += [["source", "add", str(_make("text", root, n))] for n in range(writers)]
        processes = [
            subprocess.Popen(
                [str(BIN), *command, "--data", str(dataset)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for command in commands
        ]
        for process in processes:
            _, error = process.communicate(timeout=180)
            assert process.returncode == 0, error
        saved = json.loads(dataset.read_text())
        assert len(saved["facts"]) == writers
        assert len(saved["sources"]) == 1 + writers * sources


def test_the_lock_error_is_a_factcli_error() -> None:
    """The domain's refusal carries its path; the command line words it."""
    error = locks.DatasetBusy(Path("facts.json"))
    assert isinstance(error, FactcliError) and error.path == Path("facts.json")
