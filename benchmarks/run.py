"""Time factcli on this machine and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 10000 100000 1000000] [--runs 9]

Run it with the Python of an environment where factcli is installed (``pip install .``):
the ``factcli`` next to that Python is measured. Each figure is the median of several
runs (wall time) and the largest peak memory among them (see `run_once`: worker
processes of an index build count too):

- start-up on the bundled dataset: ``factcli --version``, ``stats -f plain`` and
  ``stats -f table`` with a warm index, against ``python -c pass`` and
  ``python -c "import typer"``;
- for each size, a synthetic dataset from generate.py: the first ``search`` (below
  100 MB it reads the JSON; at 1,000,000 facts it builds the index), the second (which
  builds the index when the first did not), then warm ``search``, ``list --kind money
  --min 1M -f jsonl`` and ``ask``, and ``jq`` doing the same search and filter;
- what users run on a large dataset, whatever the number of rows (issue 14): ``search
  the`` (nearly every fact) as plain and as a table, a broad ``ask``, ``timeline``,
  ``stats`` as plain, json and table, ``export`` as jsonl, json, csv and sqlite, ``list``
  as plain and json, ``get`` with a mistyped id; jq doing the same where it can;
  ``sqlite3 -json`` reading the same rows from the SQLite export; the index's size and
  ask's tables' size.

Output goes to /dev/null, so a row's time is the time to write every row.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SEARCH = ("search", "stalking", "women")
LIST = ("list", "--kind", "money", "--min", "1M", "-f", "jsonl")
ASK = ("ask", "How much did SAMHSA award for hotline operations in March 2015?")
JQ_SEARCH = '.facts[] | select(.statement | (contains("stalking") and contains("women")))'
JQ_LIST = '.facts[] | select(.kind == "money" and (.value.amount | tonumber) >= 1000000)'
# What users run on a large dataset (issue 14): label, arguments, and jq doing the same.
BROAD: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("search the -f plain", ("search", "the", "-f", "plain"),
     '.facts[] | select(.statement | test("\\bthe\\b"; "i"))'),
    ("search the -f table (first 50)", ("search", "the", "-f", "table"), None),
    ('ask "What did agencies report about women?"',
     ("ask", "What did agencies report about women?"), None),
    ("timeline -f plain", ("timeline", "-f", "plain"),
     '.facts[] | select(.when != null or .kind == "date")'),
    ("stats -f plain", ("stats", "-f", "plain"), '.facts[] | select(.kind == "statistic")'),
    ("stats -f json", ("stats", "-f", "json"), '[.facts[] | select(.kind == "statistic")]'),
    ("stats -f table (first 50)", ("stats", "-f", "table"), None),
    ("export -f jsonl", ("export", "-f", "jsonl"), ".facts[]"),
    ("export -f json", ("export", "-f", "json"), None),
    ("export -f csv", ("export", "-f", "csv"), None),
    ("list -f json", ("list", "-f", "json"), None),
    ("list -f plain", ("list", "-f", "plain"), None),
    ("get, mistyped id", ("get", "acf-behavioural-health-care-money-0"), None),
)  # fmt: skip


@dataclass(frozen=True)
class Measure:
    """The median wall time and the peak memory of a command over several runs."""

    label: str
    seconds: float
    peak_mb: float


def run_once(command: list[str], env: dict[str, str], tree: bool = False) -> tuple[float, float]:
    """Wall seconds and peak megabytes of one run (output discarded).

    The peak is the command's maximum resident set size as ``time`` reports it, which is
    that of its largest single process. With ``tree`` (for index builds, which fork
    workers), it is at least the most memory the whole process tree held at once,
    sampled as proportional set size, so pages shared with the parent count once (see
    `sample_tree` for how often).
    """
    with tempfile.NamedTemporaryFile("r") as report:
        timed = ["/usr/bin/time", "-f", "%M", "-o", report.name, *command]
        started = time.perf_counter()
        process = subprocess.Popen(timed, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        tree_peak = [0]
        if tree:
            sampler = threading.Thread(target=sample_tree, args=(process, tree_peak))
            sampler.start()
        process.wait()
        elapsed = time.perf_counter() - started
        if tree:
            sampler.join()
        kilobytes = float(report.read().strip().splitlines()[-1])
    return elapsed, max(kilobytes, tree_peak[0]) / 1024


# The sampler's share of one core at most. Reading the proportional set size walks a
# process's page tables: about 3 ms per 100 MB held, which sampled every 20 ms took a
# quarter of a core and made a build on 2 busy cores 20% slower.
SAMPLER_SHARE = 0.02


def sample_tree(process: subprocess.Popen[bytes], peak: list[int]) -> None:
    """Sample the tree's memory every 20 ms, or less often when one sample takes longer
    than SAMPLER_SHARE of that, so that sampling does not slow the command it measures."""
    while process.poll() is None:
        started = time.thread_time()
        peak[0] = max(peak[0], tree_pss(process.pid))
        time.sleep(max(0.02, (time.thread_time() - started) / SAMPLER_SHARE))


def tree_pss(root: int) -> int:
    """Kilobytes of PSS held by a process and all its descendants (0 if it is gone)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


# A command quicker than this is run again when fewer runs were asked (see `measure`).
QUICK_SECONDS = 5.0


def measure(
    label: str,
    command: list[str],
    env: dict[str, str],
    runs: int,
    tree: bool = False,
    quick_runs: int = 0,
) -> Measure:
    """The median time and the largest peak of ``runs`` runs; of ``quick_runs`` when the
    first took under `QUICK_SECONDS` (one run of a quick command after a long one is a
    cold file cache's time, not a median)."""
    results = [run_once(command, env, tree) for _ in range(runs)]
    while len(results) < quick_runs and results[0][0] < QUICK_SECONDS:
        results.append(run_once(command, env, tree))
    return Measure(
        label,
        statistics.median(seconds for seconds, _ in results),
        max(peak for _, peak in results),
    )


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCLI_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed modules run from their bytecode
    env.update({"XDG_CACHE_HOME": str(cache), "NO_COLOR": "1", "COLUMNS": "100"})
    return env


def startup(factcli: str, env: dict[str, str], runs: int) -> list[Measure]:
    python = sys.executable
    subprocess.run([factcli, "stats"], env=env, capture_output=True, check=True)  # index
    return [
        measure("python -c pass", [python, "-c", "pass"], env, runs),
        measure('python -c "import typer"', [python, "-c", "import typer"], env, runs),
        measure("factcli --version", [factcli, "--version"], env, runs),
        measure("factcli stats -f plain", [factcli, "stats", "-f", "plain"], env, runs),
        measure("factcli stats -f table", [factcli, "stats", "-f", "table"], env, runs),
    ]


def at_size(
    factcli: str,
    size: int,
    env: dict[str, str],
    runs: int,
    keep_cache: bool = False,
    with_jq: bool = True,
) -> list[Measure]:
    folder = HERE / ".data" / str(size)
    dataset = folder / "facts.json"
    if not dataset.is_file():
        generate(size, folder)
    data = ["--data", str(dataset)]
    cache = Path(env["XDG_CACHE_HOME"]) / "factcli"
    if not keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    jq_runs = 1 if size >= 1_000_000 else min(runs, 3)
    rows = [
        measure("search, first call", [factcli, *SEARCH, *data], env, 1, tree=True),
        measure("search, second call", [factcli, *SEARCH, *data], env, 1, tree=True),
        measure("search, warm", [factcli, *SEARCH, *data], env, runs),
        measure("jq, same search", ["jq", "-c", JQ_SEARCH, str(dataset)], env, jq_runs),
        measure("list --kind money --min 1M -f jsonl", [factcli, *LIST, *data], env, runs),
        measure("jq, same filter", ["jq", "-c", JQ_LIST, str(dataset)], env, jq_runs),
        measure("ask, first call (builds ask's tables)", [factcli, *ASK, *data], env, 1),
        measure("ask", [factcli, *ASK, *data], env, runs),
    ]
    broad_runs = 1 if size >= 1_000_000 else min(runs, 3)
    for label, arguments, jq in BROAD:
        command = [factcli, *arguments, *data]
        rows.append(measure(label, command, env, broad_runs, quick_runs=min(runs, 3)))
        if jq and (with_jq or size < 1_000_000):
            rows.append(measure(f"jq, {label}", ["jq", "-c", jq, str(dataset)], env, jq_runs))
    # The same rows as JSON from SQLite's own shell, over factcli's SQLite export.
    exported = folder / "export.sqlite"
    exported.unlink(missing_ok=True)
    rows.append(measure("export -f sqlite", [factcli, "export", "-f", "sqlite", "-o",
                                             str(exported), *data], env, 1))  # fmt: skip
    if shutil.which("sqlite3"):
        command = ["sqlite3", "-json", str(exported), "SELECT * FROM facts"]
        rows.append(measure("sqlite3 -json, the exported facts", command, env, broad_runs))
    index_mb = index_size(factcli, dataset, env) / 1e6
    ask_mb = index_size(factcli, dataset, env, ".ask.sqlite") / 1e6
    rows.append(Measure(f"index size (dataset {dataset.stat().st_size / 1e6:.0f} MB)", 0.0,
                        index_mb))  # fmt: skip
    rows.append(Measure("ask's tables size", 0.0, ask_mb))
    return rows


def index_size(factcli: str, dataset: Path, env: dict[str, str], suffix: str = ".sqlite") -> int:
    """Bytes of the dataset's index (or, with ``suffix=".ask.sqlite"``, of ask's tables), as
    ``factcli cache info`` names it."""
    listed = subprocess.run([factcli, "cache", "info"], env=env, capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    folder = Path(env["XDG_CACHE_HOME"]) / "factcli"
    for line in listed.splitlines()[1:]:
        name, _, state, path = line.split("\t")
        is_ask = name.endswith(".ask.sqlite")
        if (
            path == str(dataset.resolve())
            and name.endswith(suffix)
            and is_ask == (suffix == ".ask.sqlite")
        ):
            return (folder / name).stat().st_size
    return 0


def machine() -> list[str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    memory = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        "unknown",
    )  # fmt: skip
    script = (
        "import importlib.metadata as m; "
        "print(*(m.version(p) for p in ('factcli', 'typer', 'pydantic', 'rich')))"
    )
    versions = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    jq = subprocess.run(["jq", "--version"], capture_output=True, text=True).stdout.strip()
    return [
        f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), memory {memory}",
        f"- system: {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {jq}",
        f"- factcli {versions[0]}, typer {versions[1]}, pydantic {versions[2]}, rich {versions[3]}",
    ]


def table(rows: list[Measure], baseline: dict[str, Measure]) -> list[str]:
    """Rows of medians; a row with a baseline says how it compares to it."""
    lines = ["| command | median s | peak MB | compared |", "|---|---:|---:|---|"]
    for row in rows:
        reference = baseline.get(row.label)
        compared = ""
        if reference and reference.label.startswith("jq"):
            compared = f"{reference.seconds / row.seconds:.1f}× faster than jq"
        elif reference:
            compared = f"{row.seconds / reference.seconds:.2f}× the time of {reference.label}"
        if row.label.startswith("index size"):
            lines.append(f"| {row.label} | | {row.peak_mb:.0f} | size on disk, MB |")
            continue
        lines.append(f"| {row.label} | {row.seconds:.3f} | {row.peak_mb:.0f} | {compared} |")
    return lines


# What follows this line in the results file was written by hand (notes on a run, earlier
# runs quoted elsewhere): a new run keeps it below the tables it writes.
KEEP_MARK = "<!-- run.py keeps what follows: notes written by hand -->"


def kept_notes(out: Path) -> str:
    """The hand-written part of an existing results file, from `KEEP_MARK` on."""
    try:
        text = out.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    at = text.find(KEEP_MARK)
    return "" if at < 0 else "\n" + text[at:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--cache", type=Path, help="use (and keep) this cache folder: "
                        "indexes already in it are not built again")  # fmt: skip
    parser.add_argument("--no-jq-at-1m", action="store_true",
                        help="skip jq beside the broad commands at 1,000,000 facts")  # fmt: skip
    args = parser.parse_args()
    factcli = str(Path(sys.executable).parent / "factcli")
    lines = [
        "# factcli benchmarks",
        "",
        f"Written by `benchmarks/run.py`; medians of {args.runs} runs "
        "(jq: up to 3, one at 1,000,000 facts; the broad commands: up to 3, one at 1,000,000 "
        f"facts unless it took under {QUICK_SECONDS:.0f} s).",
        "",
        *machine(),
    ]
    with tempfile.TemporaryDirectory() as temporary:
        cache = args.cache or Path(temporary)
        env = environment(Path(cache))
        rows = startup(factcli, env, args.runs)
        typer_row = rows[1]
        baseline = {row.label: typer_row for row in rows[2:]}
        lines += ["", "## Start-up (bundled dataset, warm index)", "", *table(rows, baseline)]
        for size in args.sizes:
            rows = at_size(factcli, size, env, args.runs, args.cache is not None,
                           not args.no_jq_at_1m)  # fmt: skip
            by_label = {row.label: row for row in rows}
            baseline = {
                "search, warm": by_label["jq, same search"],
                "list --kind money --min 1M -f jsonl": by_label["jq, same filter"],
                **{label: by_label[f"jq, {label}"] for label, _, jq in BROAD
                   if f"jq, {label}" in by_label},
            }  # fmt: skip
            lines += ["", f"## {size:,} facts", "", *table(rows, baseline)]
            print(f"{size:,} facts done", file=sys.stderr)
    args.out.write_text("\n".join(lines) + "\n" + kept_notes(args.out), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
