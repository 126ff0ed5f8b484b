"""Extraction: each rule of the annotation guidelines, on sentences written for these tests.

The sentences are our own, in the style of federal press releases; the corpora under
tests/data/extract/ are scored by benchmarks/extract_eval.py, and every candidate of every
corpus document is added to a dataset and verified here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcli.authoring.add import add_candidates
from factcli.authoring.batch import add_source
from factcli.authoring.init import init_dataset
from factcli.authoring.sources import SourceDetails
from factcli.extract import Candidate, document_date, extract_text
from factcli.language.sentences import split_sentences
from factcli.language.values import PartialDate
from factcli.model.dataset import load_dataset
from factcli.model.provenance import verify_dataset

CORPORA = Path(__file__).parent / "data" / "extract"
PUBLISHED = PartialDate(2024, 3, 14)


def found(text: str, published: PartialDate | None = PUBLISHED) -> list[Candidate]:
    return extract_text(text, doc="doc", file="doc.txt", published=published)


def spans(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, text, value, qualifier) of each candidate."""
    return [(c.kind, c.text, c.value.machine(), c.qualifier) for c in found(text)]


def has(sentence: str, kind: str, text: str, value: str, qualifier: str) -> bool:
    """Whether a candidate of this kind, value and qualifier starts with these words (a
    head noun may run on by a word: span extent is a convention, the guidelines say)."""
    return any(
        (c_kind, c_value, c_qualifier) == (kind, value, qualifier) and c_text.startswith(text)
        for c_kind, c_text, c_value, c_qualifier in spans(sentence)
    )


class TestMoney:
    @pytest.mark.parametrize(
        ("sentence", "text", "value", "qualifier"),
        [
            ("The agency awarded $4,104,782 to the county.", "$4,104,782", "4104782", "exact"),
            ("It Announces $3.16 Billion in Funding", "$3.16 Billion", "3160000000", "exact"),
            ("Grants total nearly $2.5 million.", "nearly $2.5 million", "2500000", "less_than"),
            ("Loans of up to $500K are open.", "up to $500K", "500000", "at_most"),
            ("Each project gets about 75 million dollars.", "about 75 million dollars",
             "75000000", "approximately"),
            ("Every two dollars must be matched.", "two dollars", "2", "exact"),
        ],
    )  # fmt: skip
    def test_amounts(self, sentence: str, text: str, value: str, qualifier: str) -> None:
        """The span holds the qualifier and the scale word; the value is in dollars."""
        assert has(sentence, "money", text, value, qualifier), spans(sentence)

    def test_shared_scale_word(self) -> None:
        """In "$3 to $4 billion" the first figure shares the second's scale word."""
        values = [c.value.machine() for c in found("Revenues run $3 to $4 billion a year.")]
        assert values == ["3000000000", "4000000000"]

    def test_add_up_to_is_a_total(self) -> None:
        """'add up to' states a total: no at_most qualifier."""
        assert spans("Payments add up to $5.7 million more.")[0][1:] == (
            "$5.7 million", "5700000", "exact",
        )  # fmt: skip


class TestStatistics:
    @pytest.mark.parametrize(
        ("sentence", "text", "value", "qualifier"),
        [
            ("The board approved 418 projects in all.", "418 projects", "418", "exact"),
            ("Over 12,000 families were housed.", "Over 12,000 families", "12000", "more_than"),
            ("Staff visited nine shelters.", "nine shelters", "9", "exact"),
            ("Crews cleared more than four\nmillion tons.", "more than four\nmillion tons",
             "4000000", "more_than"),
            ("About 1 in 5 adults smoke.", "About 1 in 5 adults", "1/5", "approximately"),
            ("The rate was 3.1 out of every 1,000 infants.", "3.1 out of every 1,000 infants",
             "3.1/1000", "exact"),
            ("It fell to 512.3 deaths per 100,000 people.", "512.3 deaths per 100,000 people",
             "512.3/100000", "exact"),
            ("Roughly two-thirds of the states agreed.", "Roughly two-thirds", "2/3",
             "approximately"),
            ("Half of the wells were dry.", "Half", "1/2", "exact"),
            ("Coverage reached 91.2 percent.", "91.2 percent", "91.2%", "exact"),
            ("A 75-percent federal share applies.", "75-percent", "75%", "exact"),
            ("Use rose 12% in a year.", "12%", "12%", "exact"),
            ("The share was 0.6 percentage point lower.", "0.6 percentage point", "0.6pp", "exact"),
            ("Hiring averaged 150,000 per month.", "150,000 per month", "150000", "exact"),
            ("The program ran for 45 days.", "45 days", "45", "exact"),
            ("Payrolls grew by 210,000 in May.", "210,000", "210000", "exact"),
            ("Gains in retail (+18,000) continued.", "+18,000", "18000", "exact"),
            ("It marks the fourth consecutive year of growth.", "fourth consecutive year", "4",
             "exact"),
            ("Four of the 12 districts met the goal.", "Four of the 12 districts", "4/12", "exact"),
            ("It serves the nation’s 34 million small businesses.", "34 million small businesses",
             "34000000", "exact"),
            ("Ohio's 88 counties reported.", "88 counties", "88", "exact"),
            ("It served over 2000 families.", "over 2000 families", "2000", "more_than"),
            ("The agency marks its 72nd anniversary today.", "72nd anniversary", "72", "exact"),
        ],
    )  # fmt: skip
    def test_figures(self, sentence: str, text: str, value: str, qualifier: str) -> None:
        """Counts with their head noun, ratios, fractions, percents, points, rates, changes."""
        assert has(sentence, "statistic", text, value, qualifier), spans(sentence)

    @pytest.mark.parametrize(
        ("sentence", "change"),
        [
            ("Wages have grown by 2.4 percent.", "increase"),
            ("Income fell by 1.1 percent.", "decrease"),
            ("Output rose 3 percent.", "increase"),
            ("The gap was 0.2 percentage point higher.", "increase"),
            ("Revisions reduced employment by 9,000 on net.", "decrease"),
            ("Coverage is 88 percent.", None),
        ],
    )
    def test_change_direction(self, sentence: str, change: str | None) -> None:
        """Words around a figure say whether it is a change, and which way."""
        (candidate,) = found(sentence)
        assert getattr(candidate.value, "change", None) == change

    def test_estimated_is_a_hedge_not_a_qualifier(self) -> None:
        """'an estimated' stays outside the span, and the figure is exact."""
        assert spans("An estimated 2.1 million people moved.") == [
            ("statistic", "2.1 million people", "2100000", "exact")
        ]


class TestDates:
    @pytest.mark.parametrize(
        ("sentence", "text", "value"),
        [
            ("Monday, June 3, 2019 marked the start.", "June 3, 2019", "2019-06-03"),
            ("The office opened in March 2021.", "March 2021", "2021-03"),
            ("The law passed in 1996, after debate.", "1996", "1996"),
            ("Spending in FY 2022 rose.", "FY 2022", "FY2022"),
            ("The fiscal year (FY) 2020 results are in.", "fiscal year (FY) 2020", "FY2020"),
            ("Sales in Fiscal Year 2019 fell.", "Fiscal Year 2019", "FY2019"),
            ("From 2011 to 2015 crashes fell.", "2011 to 2015", "2011/2015"),
            ("Signups run Nov. 1 - Dec. 15, 2024.", "Nov. 1 - Dec. 15, 2024",
             "2024-11-01/2024-12-15"),
            ("GDP grew in the third quarter of 2018.", "third quarter of 2018", "2018-07/2018-09"),
            ("Filing is open since 2009 for all.", "2009", "2009"),
            ("Rates peaked in mid-2021, officials said.", "mid-2021", "2021"),
            ("Claims for January–March 2022 were high.", "January–March 2022", "2022-01/2022-03"),
            ("In Q3 2022, sales rose.", "Q3 2022", "2022-07/2022-09"),
        ],
    )  # fmt: skip
    def test_dates(self, sentence: str, text: str, value: str) -> None:
        """Dates at their written precision; fiscal years, ranges and quarters as such."""
        assert has(sentence, "date", text, value, "exact"), spans(sentence)

    @pytest.mark.parametrize(
        ("sentence", "text", "value"),
        [
            ("Hiring slowed in February.", "February", "2024-02"),
            ("Contracts were signed in late January.", "late January", "2024-01"),
            ("Registration closes April 2.", "April 2", "2024-04-02"),
            ("DOE issued the notice on June 13th for review.", "June 13th", "2024-06-13"),
            ("Inquiries rose 10 percent over 2023.", "2023", "2023"),
            ("Revisions for November and December were small.", "November", "2023-11"),
        ],
    )
    def test_year_from_the_document_date(self, sentence: str, text: str, value: str) -> None:
        """A month or day without a year takes the year nearest the document's date."""
        assert has(sentence, "date", text, value, "exact"), spans(sentence)

    def test_without_a_document_date_the_first_full_date_serves(self) -> None:
        """A file with no date given takes its own first full date as the reference."""
        text = "WASHINGTON (Jan. 8, 2019) - Hiring slowed in December."
        assert document_date(text) == PartialDate(2019, 1, 8)
        assert [c.value.machine() for c in found(text, None)] == ["2019-01-08", "2018-12"]

    def test_between_is_two_dates_and_a_change_compares_two_points(self) -> None:
        """'between 2018 and 2019' and 'fell from 2015 to 2016' are two facts each."""
        assert [c.text for c in found("Rates rose between 2018 and 2019.")] == ["2018", "2019"]
        assert [c.text for c in found("Crime fell 2 percent from 2015 to 2016.")] == [
            "2 percent", "2015", "2016",
        ]  # fmt: skip

    def test_when_is_the_sentences_date(self) -> None:
        """A figure's `when` is the nearest date of its sentence."""
        money = found("In fiscal year 2021, the office spent $9 million.")
        assert money[-1].kind == "money" and money[-1].when == "FY2021"


class TestNotFacts:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Call (202) 555-0143 for details.",
            "Media line: 1-800-555-0199.",
            "The embargo lifts at 8:30 a.m. Eastern.",
            "See HUD No. 24-018 for the text.",
            "Under Section 8 of the Act, rents are capped.",
            "Under 42 U.S.C. 1983, suits may be filed.",
            "Public Law 117-58 created the program.",
            "The COVID-19 response continued.",
            "Young adults ages 18 to 34 were surveyed.",
            "Children less than five years of age were counted.",
            "Sales were flat over the past 12 months.",
            "The plant closed two years ago.",
            "It was the first time on record.",
            "The state ranked 13th in the nation.",
            "Senate bill S. 1234 passed.",
            "It follows the Consolidated Appropriations Act, 2014 as written.",
            "The Recovery Act of 2009 applies.",
            "These two programs share staff.",
            "The 2016 National Safety Campaign starts soon.",
            "Phase 2 begins later.",
            "Values are in 2015 dollars.",
            "See the footnote.[3]",
            "Write to 200 Independence Avenue SW for copies.",
            "It is the largest investment ever.",
        ],
    )
    def test_no_candidate(self, sentence: str) -> None:
        """Phone numbers, clock times, identifiers, statutes, ages, relative times, ordinal
        ranks, anaphoric counts, years in names, constant-dollar years, footnotes, addresses
        and superlatives are not facts."""
        assert spans(sentence) == []


class TestSentences:
    def test_offsets_and_abbreviations(self) -> None:
        """Sentences are exact text; 'U.S.' and initials do not end them."""
        text = "The U.S. Department said so. Donald J. Trump signed it.\n\nA new line."
        sentences = split_sentences(text)
        assert [s.text for s in sentences] == [
            "The U.S. Department said so.", "Donald J. Trump signed it.", "A new line.",
        ]  # fmt: skip
        assert all(text[s.start : s.end] == s.text for s in sentences)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("It expands apprenticeship in the U.S. The recipients each receive $200,000.",
             ["It expands apprenticeship in the U.S.", "The recipients each receive $200,000."]),
            ("Doors open at 9 a.m. This year 40 vendors come.",
             ["Doors open at 9 a.m.", "This year 40 vendors come."]),
            ("The U.S. Army and U.S. Navy sent 30 ships.",
             ["The U.S. Army and U.S. Navy sent 30 ships."]),
            ("Dr. The Smith won.", ["Dr. The Smith won."]),
        ],
    )  # fmt: skip
    def test_an_abbreviation_may_end_a_sentence(self, text: str, expected: list[str]) -> None:
        """ "U.S." ends a sentence before a word that starts one ("The"), not before a name."""
        assert [s.text for s in split_sentences(text)] == expected

    def test_hard_wrapped_text_keeps_its_sentences_whole(self) -> None:
        """A printed page's line breaks do not cut sentences; a short heading line does."""
        line = "word " * 16
        text = f"Heading Of It\nWord {line}and\nMore words {line}end.\n{line}x.\n{line}y."
        first = split_sentences(text)
        assert first[0].text == "Heading Of It"
        assert first[1].text.startswith("Word") and first[1].text.endswith("end.")

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from("ab .,\n$%1 9-Mayin"), max_size=80))
    def test_candidates_lie_in_their_sentences(self, text: str) -> None:
        """For any text: every candidate's words are the text at its offsets, inside its
        sentence, and the sentence is the text at its offsets."""
        for candidate in found(text):
            assert text[candidate.start : candidate.end] == candidate.text
            assert text[candidate.sentence_start : candidate.sentence_end] == candidate.sentence
            assert candidate.sentence_start <= candidate.start < candidate.end
            assert candidate.end <= candidate.sentence_end


# A statement of 5 November 2024: "the September quarter" is July to September 2024.
NOVEMBER = PartialDate(2024, 11, 5)


def figures(text: str, published: PartialDate | None = NOVEMBER) -> list[tuple[str, str, str]]:
    """(kind, text, value) of each candidate, a decrease's value with its minus."""
    return [
        (c.kind, c.text, ("-" if getattr(c.value, "change", None) == "decrease" else "")
         + c.value.machine())
        for c in found(text, published)
    ]  # fmt: skip


class TestOtherGenres:
    """The conventions of statistical bulletins, central banks, company results,
    encyclopedias and budget reports (tests/data/extract/corpus2/README_1.md): each rule
    on a sentence written for it."""

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            ("Deficits grew in the 1990s.", ("date", "the 1990s", "1990/1999")),
            ("Income fell after the\n1970s crisis.", ("date", "the\n1970s", "1970/1979")),
            ("Budgets for 2026–27 are set.", ("date", "2026–27", "2026/2027")),
            ("Events in 2013-18 shaped it.", ("date", "2013-18", "2013/2018")),
            ("The plan for 2021-2027 holds.", ("date", "2021-2027", "2021/2027")),
            ("Deficits over FY2026-FY2035 rise.", ("date", "FY2026-FY2035", "FY2026/FY2035")),
            ("Output in the year ended March 2018 rose.",
             ("date", "year ended March 2018", "2017-04/2018-03")),
            ("Borrowing in the financial year ending March 2016 fell.",
             ("date", "financial year ending March 2016", "2015-04/2016-03")),
            ("GDP in the year to March 2018 rose.",
             ("date", "year to March 2018", "2017-04/2018-03")),
            ("Prices fell in the September quarter.",
             ("date", "September quarter", "2024-07/2024-09")),
            ("Sales in Q3 rose.", ("date", "Q3", "2024-07/2024-09")),
            ("Profits in H1 2025 rose.", ("date", "H1 2025", "2025-01/2025-06")),
            ("Results for the First Quarter 2025 are out.",
             ("date", "First Quarter 2025", "2025-01/2025-03")),
            ("Sales in the first quarter rose.", ("date", "first quarter", "2025-01/2025-03")),
            ("Spending in Q2 FY2025 fell.", ("date", "Q2 FY2025", "2025-01/2025-03")),
            ("Hearings run April 10 to 16 in Denver.",
             ("date", "April 10 to 16", "2025-04-10/2025-04-16")),
            ("The index rose over the 12 months ending June. Food rose.",
             ("date", "June", "2024-06")),
            ("Productivity is still only at 2016 levels.", ("date", "2016", "2016")),
            ("In 2018 New Zealand ranked second.", ("date", "2018", "2018")),
        ],
    )  # fmt: skip
    def test_dates(self, sentence: str, expected: tuple[str, str, str]) -> None:
        """Decades, short and fiscal ranges of years, years ended at a month, quarters
        named by their month or as results name them (year from context), ranges of days,
        a month ending a period, a year of levels, a year before a name."""
        assert expected in figures(sentence), figures(sentence)

    def test_early_decade_is_approximate(self) -> None:
        """'the early 1970s': the decade, approximately."""
        (candidate,) = found("Deficits began in the early 1970s.")
        assert (candidate.value.machine(), candidate.qualifier) == ("1970/1979", "approximately")

    def test_company_quarters_follow_its_fiscal_year(self) -> None:
        """A document that says its fiscal year ends in January counts its quarters from
        it: its 'second quarter 2004' is May to July 2003; without it, April to June 2004."""
        said = "Our fiscal year ends January 31. Sales in the second quarter 2004 rose."
        assert ("date", "second quarter 2004", "2003-05/2003-07") in figures(said)
        plain = "Sales in the second quarter 2004 rose."
        assert ("date", "second quarter 2004", "2004-04/2004-06") in figures(plain)

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            ("Earnings fell -1.2% on the year.", [("statistic", "-1.2%", "-1.2%")]),
            ("Jobs fell (-36,000; -0.5%) in May.",
             [("statistic", "-36,000", "-36000"), ("statistic", "-0.5%", "-0.5%")]),
            ("The balance peaked at −7.8% of GDP.", [("statistic", "−7.8%", "-7.8%")]),
            ("Growth was \u20111.4% in August.", [("statistic", "\u20111.4%", "-1.4%")]),
            ("Deposits contributed -0.4 percentage points to growth.",
             [("statistic", "-0.4 percentage points", "-0.4pp")]),
            ("Growth in Auckland was +10% on the year.", [("statistic", "+10%", "10%")]),
        ],
    )  # fmt: skip
    def test_written_signs(self, sentence: str, expected: list[tuple[str, str, str]]) -> None:
        """A written minus is kept as a decrease ('-0.5%': 0.5% down), not dropped."""
        assert [f for f in figures(sentence) if f[0] == "statistic"] == expected

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            ("The spread was 9.85 basis points.", ("statistic", "9.85 basis points", "0.0985pp")),
            ("The spread was 25bp over bonds.", ("statistic", "25bp", "0.25pp")),
            ("The Senate agreed by a vote of 52-46 on the motion.", ("statistic", "46", "46")),
            ("It is part of a five-year plan.", ("statistic", "five-year plan", "5")),
            ("World Bank prices a 7-Year Bond", ("statistic", "7-Year Bond", "7")),
            ("Debt increased 11-fold, to a record.", ("statistic", "11-fold", "11")),
            ("It extends three-fifths vote thresholds.", ("statistic", "three-fifths", "3/5")),
            ("Its share grew from one third in 1997.", ("statistic", "one third", "1/3")),
            ("Twenty percent of adults smoke.", ("statistic", "Twenty percent", "20%")),
            ("Fourteen were female.", ("statistic", "Fourteen", "14")),
            ("The party has gained two, and others lost.", ("statistic", "two", "2")),
            ("One more seat will be added.", ("statistic", "One more seat", "1")),
            ("Help went to 600 000 people.", ("statistic", "600 000 people", "600000")),
            ("Fares were 78 cents a ride.", ("money", "78 cents", "0.78")),
        ],
    )  # fmt: skip
    def test_statistics(self, sentence: str, expected: tuple[str, str, str]) -> None:
        """Basis points, vote tallies, durations before a noun, multiples, fractions as
        adjectives, number words (a percent, a sentence's subject, after a change, before
        'more'), thousands parted by spaces, cents."""
        assert expected in figures(sentence), figures(sentence)

    def test_a_vote_tally_is_two_facts(self) -> None:
        """'52-46': the yeas and the nays."""
        assert figures("It passed by a vote of 52-46.") == [
            ("statistic", "52", "52"), ("statistic", "46", "46"),
        ]  # fmt: skip

    @pytest.mark.parametrize(
        "sentence",
        [
            "Earnings rose (12-month change).",
            "See [S.Con.Res. 33](https://example.org/33) for the text.",
            "It used version 1.0 of the engine.",
            "It was fixed in bug 759422 last week.",
            "The totals in table 1 show it.",
            "Excel spreadsheet, 89 KB",
            "People on low incomes (1) are covered.",
            "Call +49 69 1344 7455 for details.",
            "Under Sections 2001 and 2002 of the resolution, committees act.",
            "Smith, J. Growth. Retrieved 5 May 2020.",
            "## References\n\n1. Smith, J. (2019). Growth. Journal 12: 34.",
            "Values are in 2015 dollars.",
        ],
    )
    def test_no_candidate(self, sentence: str) -> None:
        """Windows of a measure, bill numbers, versions and bug numbers, numbered tables,
        file sizes, reference markers, telephone numbers of other countries, section
        numbers, retrieval dates and reference lists are not facts."""
        assert figures(sentence) == []


# A budget report's table: a unit line above it, a "Fiscal Year" column, and a second
# table whose header gives a unit in parentheses.
TABLES = (
    "Table 1. Budgetary Totals\n\nIn Millions of Dollars\n\n"
    "| Fiscal Year | Revenues | Outlays\n"
    "| 2026 | $4,242,825 | $5,507,841\n"
    "| 2027 | $4,476,744 | $5,591,820\n\n"
    "Table 2. Directives\n\n"
    "| Committee | Amount, FY2026-FY2035 (in billions)\n"
    "| Judiciary | +$70\n"
    "| Total | $140 billion\n\n"
    # a markdown table whose header's cells run over lines, up to its rule
    "Region  | GDP 2023  \n(NZ$ million)  | GDP per capita  \n2023 (NZ$)  \n---|---|---  \n"
    "Northland (1)  | 10,061  | 49,710  \n"
)


class TestTables:
    def test_a_column_reads_its_headers_unit(self) -> None:
        """A cell is read with the unit its column's header, or the table's unit line,
        gives: millions of dollars, billions, NZ$ million; a year under "Fiscal Year" is a
        fiscal year; a figure with its own scale keeps it; the header's years are dates."""
        values = figures(TABLES, PartialDate(2026, 4, 23))
        for expected in [
            ("date", "2026", "FY2026"),
            ("money", "$4,242,825", "4242825000000"),
            ("money", "$5,591,820", "5591820000000"),
            ("money", "+$70", "70000000000"),
            ("money", "$140 billion", "140000000000"),
            ("money", "10,061", "10061000000"),
            ("money", "49,710", "49710"),
            ("date", "2023", "2023"),
        ]:
            assert expected in values, values
        assert [c.value.currency for c in found(TABLES) if c.text == "10,061"] == ["NZD"]  # type: ignore[attr-defined]
        assert not [f for f in values if f[1] == "1"]  # the map's reference "(1)"

    def test_verify_reads_the_same_unit(self, tmp_path: Path) -> None:
        """add --all makes every cell a fact that verifies; verify reads a cell's text with
        its column's unit, from the document around the quote, so a value in plain
        dollars is a problem."""
        dataset = init_dataset(tmp_path / "ds").path
        document = tmp_path / "budget.txt"
        document.write_text(TABLES, encoding="utf-8")
        add_source(document, SourceDetails(title="t", published="2026-04-23"), dataset)
        report = add_candidates(dataset, [], every=True)
        assert not report.skipped and verify_dataset(load_dataset(dataset)).ok
        raw = json.loads(dataset.read_text(encoding="utf-8"))
        fact = next(f for f in raw["facts"] if f["text"] == "$4,242,825")
        fact["value"]["amount"] = "4242825"
        dataset.write_text(json.dumps(raw), encoding="utf-8")
        (problem,) = verify_dataset(load_dataset(dataset)).problems
        assert "differs from 4242825000000" in str(problem)


ALL_CORPORA = ("dev", "heldout1", "heldout2", "heldout3", "corpus2", "genresA", "genresB")
# What a bare "$" is in, as a user states it for the documents of another country.
STATED_CURRENCY: dict[str, str] = json.loads(
    (CORPORA / "stated_currencies.json").read_text("utf-8")
)["documents"]


def corpus_documents() -> list[tuple[str, dict[str, str]]]:
    return [
        (name, document)
        for name in ALL_CORPORA
        for document in json.loads((CORPORA / name / "docs.json").read_text("utf-8"))["documents"]
    ]


@pytest.mark.parametrize(
    ("corpus", "document"), corpus_documents(), ids=lambda value: getattr(value, "get", str)("slug")
)
def test_every_candidate_adds_and_verifies(
    tmp_path: Path, corpus: str, document: dict[str, str]
) -> None:
    """Each corpus document: source add (with the currency a user states), add --all adds
    every candidate (none is left out for not verifying: a table's unit, a fiscal year,
    a quarter without its year read back alike), verify clean, and a second add --all
    changes nothing."""
    dataset = init_dataset(tmp_path / "ds").path
    copy = tmp_path / Path(document["file"]).name
    shutil.copy(CORPORA / corpus / document["file"], copy)
    details = SourceDetails(
        publisher=document["publisher"], published=document["published"],
        url=document["url"].split()[0], rights=document.get("rights") or document.get("license"),
        title="t", currency=STATED_CURRENCY.get(document["slug"]),
    )  # fmt: skip
    add_source(copy, details, dataset)
    report = add_candidates(dataset, [], every=True)
    assert report.added and not report.already
    assert not report.skipped, report.skipped
    verified = verify_dataset(load_dataset(dataset))
    assert verified.ok, verified.problems
    again = add_candidates(dataset, [], every=True)
    assert not again.added and len(again.already) == len(report.added)


def test_add_all_leaves_out_only_what_does_not_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --all, a candidate that cannot be made a fact that verifies is reported and
    the others are added: one candidate never fails a document."""
    import factcli.authoring.add as add
    from factcli.errors import DatasetError

    dataset = init_dataset(tmp_path / "ds").path
    copy = tmp_path / "release.txt"
    copy.write_text(
        "WASHINGTON, March 14, 2024 - The agency awarded $8.5 million to 10 groups. "
        "It also awarded $2 million to 4 states.\n",
        encoding="utf-8",
    )
    add_source(
        copy, SourceDetails(title="t", publisher="p", url="https://x.test", rights="r"), dataset
    )
    made = add._fact

    def refuse_two_million(candidate: Candidate, *args: object) -> object:
        if candidate.text == "$2 million":
            raise DatasetError("when 2024-03-14 disagrees with the quote")
        return made(candidate, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(add, "_fact", refuse_two_million)
    report = add_candidates(dataset, [], every=True)
    assert [why for _, why in report.skipped] == ["when 2024-03-14 disagrees with the quote"]
    added = {fact.text for _, fact in report.added}
    assert "$8.5 million" in added and "$2 million" not in added
    assert {fact.text for fact in load_dataset(dataset).dataset.facts} == added


def test_many_documents_on_every_core_keep_their_order() -> None:
    """Past PARALLEL_FROM documents extraction runs in workers, a window at a time; the
    candidates are those of one process, in the documents' order."""
    from factcli.extract import PARALLEL_FROM, WINDOW, extract_documents
    from factcli.extract.documents import Document

    paths = sorted((CORPORA / "dev" / "docs").glob("*.txt"))
    documents = [
        Document(f"d{n}", str(path), None, path.read_text("utf-8"), PUBLISHED)
        for n, path in enumerate(paths * (WINDOW // len(paths) + 2))
    ]
    assert len(documents) > max(PARALLEL_FROM, WINDOW)
    serial = [found_in(d) for d in documents]
    assert list(extract_documents(iter(documents))) == serial


def found_in(document: object) -> list[Candidate]:
    from factcli.extract.documents import Document

    assert isinstance(document, Document)
    return extract_text(
        document.text, doc=document.doc, file=document.file, published=document.published
    )
