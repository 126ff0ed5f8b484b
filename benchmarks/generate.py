"""Write a synthetic dataset of N facts, with its source texts, that `factcli verify` accepts.

    python benchmarks/generate.py N [--out DIR]

Every fact is one sentence of a generated report: dollar awards, shares ("1 in 4"),
percents, counts and dates, with qualifiers, agencies, programs, places and years, so
searches, filters and questions have realistic work to do. A source document holds a
thousand facts. Facts are streamed to disk, so a million of them need little memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FACTS_PER_SOURCE = 1000
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
AGENCIES = (
    ("Administration for Children and Families", "ACF"),
    ("Office on Trafficking in Persons", "OTIP"),
    ("Office of Family Violence Prevention and Services", "OFVPS"),
    ("Health Resources and Services Administration", "HRSA"),
    ("Substance Abuse and Mental Health Services Administration", "SAMHSA"),
    ("Centers for Disease Control and Prevention", "CDC"),
    ("Office of Refugee Resettlement", "ORR"),
    ("Administration for Native Americans", "ANA"),
)
PROGRAMS = (
    "case management services", "emergency shelter grants", "housing assistance",
    "legal services for survivors", "youth prevention programs", "job training",
    "behavioral health care", "community outreach", "hotline operations",
    "culturally specific programs", "transitional housing", "child care subsidies",
)  # fmt: skip
GROUPS = ("adults", "women", "men", "young people", "older adults", "veterans", "students",
          "rural residents", "parents", "workers")  # fmt: skip
PLACES = ("the United States", "rural counties", "tribal communities", "large cities",
          "the Midwest", "the South", "New England", "the Pacific Northwest")  # fmt: skip
EXPERIENCES = ("stalking", "housing instability", "food insecurity", "physical violence",
               "financial abuse", "unmet behavioral health needs")  # fmt: skip
HOLDERS = ("community-based organizations", "tribal nonprofits", "state agencies",
           "shelters", "legal aid providers", "health centers")  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """One generated sentence and the fact it states (without its offsets)."""

    text: str
    fact: dict[str, Any]
    value_text: str


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def make_sentence(n: int, rng: random.Random) -> Sentence:
    """The n-th fact: its kind cycles so every kind is well represented."""
    long_name, acronym = AGENCIES[n % len(AGENCIES)]
    program = rng.choice(PROGRAMS)
    year = 2000 + rng.randrange(24)
    month = rng.randrange(12)
    tags = [acronym, long_name, program]
    kind = ("money", "statistic", "money", "ratio", "date", "count")[n % 6]
    base: dict[str, Any] = {"id": f"{_slug(acronym)}-{_slug(program)}-{kind}-{n}"}
    if kind == "money":
        amount = rng.randrange(1, 2000) * 50_000
        millions = amount / 1_000_000
        qualifier, words = rng.choice(
            [("exact", ""), ("approximately", "approximately "), ("more_than", "more than ")]
        )
        value_text = f"{words}${millions:g} million"
        text = (
            f"In {MONTHS[month]} {year}, the {long_name} ({acronym}) awarded {value_text} "
            f"for {program} to {rng.randrange(2, 90)} {rng.choice(HOLDERS)}."
        )
        fact = {"kind": "money", "value": {"amount": str(amount), "currency": "USD"},
                "qualifier": qualifier, "when": f"{year}-{month + 1:02d}",
                "statement": f"{acronym} awarded {value_text} for {program} in "
                             f"{MONTHS[month]} {year}.",
                "subject": f"{acronym} awards for {program}",
                "measure": f"awards for {program}"}  # fmt: skip
    elif kind in ("ratio", "statistic"):
        group, place, experience = rng.choice(GROUPS), rng.choice(PLACES), rng.choice(EXPERIENCES)
        if kind == "ratio":
            denominator = rng.randrange(2, 10)
            value_text = f"1 in {denominator}"
            value: dict[str, Any] = {"numerator": 1, "denominator": denominator}
        else:
            percent = rng.randrange(1, 99)
            value_text = f"{percent}%"
            value = {"percent": str(percent)}
        text = (
            f"According to the {long_name}, {value_text} {group} in {place} reported "
            f"{experience} in {year}."
        )
        fact = {"kind": "statistic", "value": value, "when": str(year),
                "statement": f"{value_text} {group} in {place} reported {experience} in {year}.",
                "population": f"{group} in {place}", "attributed_to": long_name,
                "subject": experience, "measure": f"share reporting {experience}"}  # fmt: skip
        tags += [group, experience]
    elif kind == "count":
        count = rng.randrange(2, 500)
        holders = rng.choice(HOLDERS)
        value_text = f"{count} {holders}"
        place = rng.choice(PLACES)
        text = f"In {year}, {acronym} funded {value_text} to provide {program} in {place}."
        fact = {"kind": "statistic", "value": {"amount": str(count), "unit": holders},
                "when": str(year),
                "statement": f"{acronym} funded {value_text} for {program} in {year}.",
                "subject": f"{acronym} grantees for {program}",
                "measure": f"grantees funded for {program}"}  # fmt: skip
    else:
        day = rng.randrange(1, 29)
        value_text = f"{MONTHS[month]} {day}, {year}"
        text = f"On {value_text}, the {long_name} launched its {program} initiative."
        fact = {"kind": "date", "value": {"date": f"{year}-{month + 1:02d}-{day:02d}"},
                "statement": f"{acronym} launched its {program} initiative on {value_text}.",
                "subject": f"{acronym} {program} initiative"}  # fmt: skip
    return Sentence(text, {**base, **fact, "text": value_text, "tags": tags}, value_text)


def _sources(count: int, seed: int) -> Iterator[tuple[int, list[Sentence]]]:
    rng = random.Random(seed)
    for start in range(0, count, FACTS_PER_SOURCE):
        yield (
            start,
            [make_sentence(n, rng) for n in range(start, min(count, start + FACTS_PER_SOURCE))],
        )


def generate(count: int, out: Path, seed: int = 2023) -> Path:
    """Write ``out/facts.json`` and ``out/sources/*.txt``; return the dataset's path."""
    (out / "sources").mkdir(parents=True, exist_ok=True)
    sources = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as facts:
        for start, sentences in _sources(count, seed):
            source_id = f"synthetic-report-{start // FACTS_PER_SOURCE + 1:05d}"
            text = "\n".join(sentence.text for sentence in sentences) + "\n"
            file = f"sources/{source_id}.txt"
            (out / file).write_text(text, encoding="utf-8", newline="")
            offset = 0
            for sentence in sentences:
                fact = {
                    **sentence.fact,
                    "source": {
                        "id": source_id,
                        "quote": sentence.text,
                        "start": offset,
                        "end": offset + len(sentence.text),
                    },
                }
                facts.write(json.dumps(fact, ensure_ascii=False) + "\n")
                offset += len(sentence.text) + 1
            sources.append({
                "id": source_id,
                "title": f"Synthetic program report {start // FACTS_PER_SOURCE + 1}",
                "publisher": "factcli benchmarks",
                "published": "2024-01-15",
                "url": f"https://example.org/reports/{source_id}",
                "file": file,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "rights": "Synthetic text written for benchmarks",
            })  # fmt: skip
        dataset = out / "facts.json"
        with dataset.open("w", encoding="utf-8") as handle:
            head = {"schema_version": "1.0", "title": f"Synthetic benchmark ({count} facts)",
                    "sources": sources}  # fmt: skip
            handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "facts": [\n')
            facts.seek(0)
            for n, line in enumerate(facts):
                handle.write(("," if n else "") + line)
            handle.write("]}\n")
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="how many facts")
    parser.add_argument("--out", type=Path, default=None, help="folder (default: .data/N)")
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / ".data" / str(args.count)
    print(generate(args.count, out))


if __name__ == "__main__":
    main()
