"""Score the frames reader (`factcli.extract.frames`) on corpus2's gold frames.

    python benchmarks/frames_eval.py [--corpus DIR] [--federal DIR] [--errors] [--json]

Each document of the corpus (default tests/data/extract/corpus2) is given to
`read_frames` with its metadata (docs.json: title, publisher, published) and the gold
figures (kind, offsets, text, value), and each predicted frame is compared with the gold
frame of its figure:

- subject and measure: content words are compared. A text is folded (case, accents), cut
  into words of letters and digits, and stopwords, words holding a digit ("33", "FY2026",
  "12-month" gives "month") and one-letter debris of initials ("U.S." gives none) are
  dropped; a word is stemmed crudely (a plural "s", then "-ing" or "-ed", then a final
  "e", so "increased" and "increase" meet). A prediction is right when the two sets of
  words overlap and the overlap covers at least half of the gold's words or at least half
  of the prediction's (so "shelter index" matches "CPI-U, U.S. city average, shelter
  index"). An empty prediction is right only when the gold has no content words. Because
  a short prediction passes by covering half of itself, a stricter figure is printed
  beside it: the overlap must cover half of the gold's words.
- period: right when it spans the same first and last day as the gold (both None is right).
  "FY2026" is read as a U.S. federal fiscal year (October to September) whatever the
  document's country: the gold writes another country's fiscal year with the same label
  ("FY2014" in an article on New Zealand), so two equal labels agree whatever the
  convention, and only an FY compared with calendar dates depends on it (not in corpus2).

Printed: per-field accuracy overall and per document; period on figures that are not
dates (a date's period is its own value, given to the reader); and, since the rules are
hand-written and nothing is fitted, what stands in for leaving each document out: for every
rule the frames reader names (`explain_frames`), the corpus2 documents whose fields it
decided and whether it also fires on the federal press releases of tests/data/extract (no
gold frames there); then each document's figures again with every field decided by a rule
that no other document uses counted as wrong, as if that document's own rules had not been
written. `--errors` lists every wrong field.
Standard library and factcli only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from factcli.extract.frames import DocumentInfo, Figure, FrameReading, explain_frames
from factcli.language.sentences import split_sentences
from factcli.language.values import PartialDate, date_from_iso

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "extract" / "corpus2"
FEDERAL = REPO / "tests" / "data" / "extract"
FIELDS = ("subject", "measure", "period")
TARGET = 0.85

# English function words: what is left is what a frame says.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves""".split()
)


def stem(word: str) -> str:
    """A crude stem: a plural "s", then "-ing" or "-ed", then a final "e"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def content_words(text: str | None) -> set[str]:
    """The content words of a frame's text, folded and stemmed."""
    if not text:
        return set()
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded)
    return {
        stem(w)
        for w in words
        if len(w) > 1 and w not in STOPWORDS and not any(c.isdigit() for c in w)
    }


def words_match(predicted: str | None, gold: str | None, *, strict: bool = False) -> bool:
    """Whether a predicted subject or measure says what the gold says (see the docstring)."""
    want, got = content_words(gold), content_words(predicted)
    if not got or not want:
        return not got and not want
    shared = len(want & got)
    if not shared:
        return False
    if 2 * shared >= len(want):
        return True
    return not strict and 2 * shared >= len(got)


def period_days(period: str) -> tuple[date, date]:
    """The first and last day of a period as the dataset writes it ("FY2026/FY2035" too)."""
    first, _, last = period.partition("/")
    start, end = date_from_iso(first), date_from_iso(last or first)
    return start.first_day(), end.last_day()


def period_match(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted is None and gold is None
    if predicted == gold:
        return True
    try:
        return period_days(predicted) == period_days(gold)
    except ValueError:
        return False


def load_corpus(corpus: Path) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    documents = json.loads((corpus / "docs.json").read_text(encoding="utf-8"))["documents"]
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (corpus / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                gold[row["doc"]].append(row)
    return documents, gold


def document_info(document: dict[str, Any]) -> DocumentInfo:
    published = document.get("published")
    return DocumentInfo(
        title=document.get("title"),
        publisher=document.get("publisher"),
        published=PartialDate.from_iso(published) if published else None,
    )


def figures_of(rows: Iterable[dict[str, Any]]) -> list[Figure]:
    return [Figure(r["kind"], r["start"], r["end"], r["text"], r["value"]) for r in rows]


def frame_documents(
    corpus: Path,
) -> Iterable[tuple[str, list[dict[str, Any]], list[FrameReading], float]]:
    """Each document's slug, gold rows, readings and the seconds reading took."""
    documents, gold = load_corpus(corpus)
    for document in documents:
        slug = document.get("slug") or Path(document["file"]).stem
        rows = sorted(gold.get(slug, []), key=lambda r: r["start"])
        if not rows:
            continue
        text = (corpus / document["file"]).read_text(encoding="utf-8")
        began = time.perf_counter()
        readings = explain_frames(text, figures_of(rows), document_info(document))
        yield slug, rows, readings, time.perf_counter() - began


def judge(row: dict[str, Any], reading: FrameReading) -> dict[str, bool]:
    frame = reading.frame
    return {
        "subject": words_match(frame.subject, row["subject"]),
        "measure": words_match(frame.measure, row["measure"]),
        "period": period_match(frame.period, row["period"]),
        "subject_strict": words_match(frame.subject, row["subject"], strict=True),
        "measure_strict": words_match(frame.measure, row["measure"], strict=True),
    }


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "    -"


def baselines(corpus: Path) -> Counter[str]:
    """What the measure gives without a frames reader: the publisher as every subject, the
    figure's whole sentence as its measure, a date's own value as its period (else none)."""
    documents, gold = load_corpus(corpus)
    right: Counter[str] = Counter()
    for document in documents:
        slug = document.get("slug") or Path(document["file"]).stem
        text = (corpus / document["file"]).read_text(encoding="utf-8")
        sentences = split_sentences(text)
        for row in gold.get(slug, []):
            said = next((s.text for s in sentences if s.start <= row["start"] < s.end), "")
            own = row["value"] if row["kind"] == "date" else None
            right["facts"] += 1
            right["subject"] += words_match(document.get("publisher"), row["subject"])
            right["measure"] += words_match(said, row["measure"])
            right["period"] += period_match(own, row["period"])
    return right


def rule_parts(field: str, basis: str) -> list[str]:
    """The rules that decided a field ("own value, a year ended in another month" is two)."""
    return [f"{field}:{part}" for part in basis.split(", ")]


def federal_rules(federal: Path) -> Counter[str]:
    """How often each rule decides a field on the federal press releases (no gold frames)."""
    used: Counter[str] = Counter()
    for corpus in sorted(p for p in federal.iterdir() if (p / "docs.json").is_file()):
        for _, _, readings, _ in frame_documents(corpus):
            for reading in readings:
                for field in FIELDS:
                    used.update(rule_parts(field, reading.basis[field]))
    return used


class Tally:
    """The verdicts of a corpus: per document and field, and per rule."""

    def __init__(self) -> None:
        self.docs: dict[str, Counter[str]] = {}
        # rule -> document -> [decided, right]
        self.rules: dict[str, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )
        self.fields: list[tuple[str, str, bool, list[str]]] = []  # slug, field, right, rules
        self.errors: list[str] = []
        self.seconds = 0.0

    def add(self, slug: str, row: dict[str, Any], reading: FrameReading) -> None:
        verdict = judge(row, reading)
        counts = self.docs.setdefault(slug, Counter())
        counts["facts"] += 1
        if row["kind"] != "date":
            counts["non_date"] += 1
            counts["period_non_date"] += verdict["period"]
        counts.update(verdict)
        for field in FIELDS:
            parts = rule_parts(field, reading.basis[field])
            self.fields.append((slug, field, verdict[field], parts))
            for part in parts:
                self.rules[part][slug][0] += 1
                self.rules[part][slug][1] += verdict[field]
            if not verdict[field]:
                said = getattr(reading.frame, field)
                self.errors.append(
                    f"{slug[:24]:24} {row['start']:>6} {row['text'][:22]!r:26} {field:7} "
                    f"gold={row[field]!r} got={said!r} ({reading.basis[field]})"
                )

    def lone(self, federal: Counter[str]) -> dict[str, str]:
        """Rules that decide fields in one corpus2 document only, and on no federal release."""
        return {
            rule: next(iter(docs))
            for rule, docs in self.rules.items()
            if len([d for d, (n, _) in docs.items() if n]) == 1 and not federal[rule]
        }

    def held_out(self, lone: dict[str, str]) -> dict[str, Counter[str]]:
        """Right fields per document when a rule no other document uses counts for nothing:
        what a document would score had its own rules not been written."""
        kept: dict[str, Counter[str]] = defaultdict(Counter)
        for slug, field, right, parts in self.fields:
            kept[slug][field] += right and not any(part in lone for part in parts)
        return kept


def total(counts: Iterable[Counter[str]]) -> Counter[str]:
    summed: Counter[str] = Counter()
    for c in counts:
        summed.update(c)
    return summed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--federal", type=Path, default=FEDERAL)
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args(argv)
    if not (args.corpus / "gold.jsonl").is_file():
        print(f"frames_eval: error: no gold.jsonl in {args.corpus}", file=sys.stderr)
        return 2

    tally = Tally()
    for slug, rows, readings, took in frame_documents(args.corpus):
        tally.seconds += took
        for row, reading in zip(rows, readings, strict=True):
            tally.add(slug, row, reading)
    federal = federal_rules(args.federal) if args.federal.is_dir() else Counter()
    lone = tally.lone(federal)
    held = tally.held_out(lone)
    docs = {**tally.docs, "ALL": total(tally.docs.values())}
    held["ALL"] = total(held.values())

    if args.json:
        print(json.dumps({
            "documents": {
                slug: {f: c[f] / c["facts"] for f in (*FIELDS, "subject_strict", "measure_strict")}
                | {"facts": c["facts"], "period_non_date": c["period_non_date"] / c["non_date"],
                   "held_out": {f: held[slug][f] / c["facts"] for f in FIELDS}}
                for slug, c in docs.items()
            },
            "rules_of_one_document": lone,
            "seconds": tally.seconds,
        }, indent=1))  # fmt: skip
        return 0

    header = f"{'document':44} {'facts':>5} {'subject':>7} {'measure':>7} {'period':>7}"
    header += f" {'subj*':>6} {'meas*':>6} {'per~d':>6}"
    print(header)
    for slug, c in docs.items():
        if slug == "ALL":
            print("-" * len(header))
        n = c["facts"]
        print(
            f"{slug[:44]:44} {n:5} {percent(c['subject'], n):>7} {percent(c['measure'], n):>7} "
            f"{percent(c['period'], n):>7} {percent(c['subject_strict'], n):>6} "
            f"{percent(c['measure_strict'], n):>6} "
            f"{percent(c['period_non_date'], c['non_date']):>6}"
        )
    print(
        f"subj*/meas*: strict (the overlap covers half of the gold's words); per~d: period of "
        f"figures that are not dates.\ntarget: each of subject, measure, period >= "
        f"{TARGET:.0%}; read in {tally.seconds * 1000:.0f} ms in all."
    )
    base = baselines(args.corpus)
    print(
        f"baselines without frames: publisher as subject {percent(base['subject'], base['facts'])}"
        f", whole sentence as measure {percent(base['measure'], base['facts'])}, a date's own "
        f"value as period {percent(base['period'], base['facts'])}"
    )
    print(
        "\nheld out: a field decided by a rule that no other corpus2 document and no federal "
        "release uses\ncounts as wrong (the rules are written by hand; nothing is fitted)"
    )
    print(f"{'document':44} {'facts':>5} {'subject':>7} {'measure':>7} {'period':>7}")
    for slug, c in docs.items():
        n = c["facts"]
        print(
            f"{slug[:44]:44} {n:5} {percent(held[slug]['subject'], n):>7} "
            f"{percent(held[slug]['measure'], n):>7} {percent(held[slug]['period'], n):>7}"
        )
    print("\nrules (field:rule  decided/right per document; federal = uses on the releases)")
    rules = tally.rules
    for rule in sorted(
        rules, key=lambda r: (r.split(":")[0], -sum(n for n, _ in rules[r].values()))
    ):
        spread = "  ".join(f"{slug.split('-')[0]}:{n}/{r}" for slug, (n, r) in rules[rule].items())
        mark = "  <- one document only" if rule in lone else ""
        print(f"  {rule:34} {spread}  federal={federal[rule]}{mark}")
    if args.errors:
        print("\nwrong fields")
        print("\n".join(tally.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
