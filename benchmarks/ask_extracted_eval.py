"""Evaluate `factcli ask` on datasets built by `factcli extract` + `add --all` (no curation).

    python benchmarks/ask_extracted_eval.py [--questions FILE] [--misses]

FILE (default tests/data/ask_blind_extracted.tsv, 60 questions written blind) holds
``doc<TAB>question<TAB>expected<TAB>answer|abstain``: doc is a document of the extraction
corpora (tests/data/extract/*/docs/DOC.txt), expected the value as the corpus gold writes
it (percents as fractions: 0.885), or ``-``. For each document a dataset is built in a
temporary folder exactly as a user would (init, source add, add --all: statements are the
document's sentences), and each question is asked of it. An answer is right when its value
equals the expected one numerically (88.5% = 0.885) or, for dates, as written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcli.ask import NoSourcedAnswer, ask  # noqa: E402
from factcli.authoring.add import add_candidates  # noqa: E402
from factcli.authoring.batch import add_source  # noqa: E402
from factcli.authoring.init import init_dataset  # noqa: E402
from factcli.authoring.sources import SourceDetails  # noqa: E402
from factcli.catalog import MemoryCatalog  # noqa: E402
from factcli.data.dataset import load_dataset  # noqa: E402

CORPORA = REPO / "tests" / "data" / "extract"
QUESTIONS = REPO / "tests" / "data" / "ask_blind_extracted.tsv"


def as_number(value: str) -> Fraction | None:
    text = value.strip()
    scale = Fraction(1)
    if text.endswith("pp") or text.endswith("%"):
        text, scale = text.rstrip("p%"), Fraction(1, 100)
    try:
        if "/" in text:
            top, bottom = text.split("/", 1)
            return Fraction(Decimal(top)) / Fraction(Decimal(bottom)) * scale
        return Fraction(Decimal(text)) * scale
    except (ArithmeticError, ValueError):
        return None


def same(expected: str, got: str) -> bool:
    a, b = as_number(expected), as_number(got)
    if a is not None and b is not None and "-" not in expected[1:]:
        return a == b
    return expected.strip().upper() == got.strip().upper()


def build(doc: str, folder: Path) -> Path:
    for corpus in sorted(CORPORA.iterdir()):
        meta = corpus / "docs.json"
        if not meta.exists():
            continue
        for document in json.loads(meta.read_text("utf-8"))["documents"]:
            if document["slug"] == doc:
                dataset = init_dataset(folder / doc).path
                copy = folder / f"{doc}.txt"
                copy.write_bytes((corpus / document["file"]).read_bytes())
                details = SourceDetails(
                    title=document["title"], publisher=document["publisher"],
                    published=document["published"], url=document["url"],
                    rights=document["rights"],
                )  # fmt: skip
                add_source(copy, details, dataset)
                add_candidates(dataset, [], every=True)
                return dataset
    raise SystemExit(f"ask_extracted_eval: error: no corpus document {doc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    rows = [
        line.split("\t")
        for line in args.questions.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    right = answerable = abstained = unanswerable = 0
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {}
        for doc, question, expected, outcome in rows:
            if doc not in corpora:
                loaded = load_dataset(build(doc, Path(tmp)))
                corpora[doc] = MemoryCatalog.from_loaded(loaded).ask_corpus()
            try:
                got: str | None = ask(corpora[doc], question)[0].record.value
            except NoSourcedAnswer:
                got = None
            if outcome.strip() == "answer":
                answerable += 1
                ok = got is not None and same(expected, got)
                right += ok
            else:
                unanswerable += 1
                ok = got is None
                abstained += ok
            if not ok:
                misses.append((doc, question, expected, got))
    print(
        f"extracted datasets  right {100 * right / max(answerable, 1):5.1f}% of {answerable:3d}   "
        f"abstained {100 * abstained / max(unanswerable, 1):5.1f}% of {unanswerable:3d}"
    )
    if args.misses:
        for miss in misses:
            print("  miss:", *miss, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
