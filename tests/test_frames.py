"""Frames: each structure a figure's subject, measure and period are read from, on
sentences and documents written for these tests (places and bodies are made up).

corpus2's gold frames are scored by benchmarks/frames_eval.py; these tests pin each rule
on text none of the corpus documents holds.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from factcli.extract.frames import DocumentInfo, Figure, Frame, explain_frames, read_frames
from factcli.language.values import PartialDate

Spec = tuple[str, ...]  # (kind, words) or (kind, words, value)


def figures(text: str, *specs: Spec) -> list[Figure]:
    """Figures found by their words, in order: (kind, words) or (kind, words, value)."""
    found, start = [], 0
    for spec in specs:
        kind, words = spec[0], spec[1]
        value = spec[2] if len(spec) > 2 else None
        at = text.index(words, start)
        found.append(Figure(kind, at, at + len(words), words, value))  # type: ignore[arg-type]
        start = at + len(words)
    return found


def frames(text: str, *specs: Spec, **info: object) -> list[Frame]:
    return read_frames(text, figures(text, *specs), DocumentInfo(**info))  # type: ignore[arg-type]


def words(said: str | None) -> set[str]:
    return set((said or "").lower().replace(",", " ").split())


class TestLists:
    def test_items_with_their_figures_in_parentheses(self) -> None:
        """'A (x); B (y)': each figure is about its item; the measure is the list's."""
        text = (
            "Household income per head was above the national average in three regions: "
            "Northia (£21,446); the Southern Reach (£19,126); and Eastmarch (£18,002)."
        )
        found = frames(text, ("money", "£21,446"), ("money", "£19,126"), ("money", "£18,002"))
        assert [f.subject for f in found] == ["Northia", "Southern Reach", "Eastmarch"]

    def test_followed_by_names(self) -> None:
        """'A had the largest increase (x), followed by B (y) and C (z)'."""
        text = (
            "Otterby had the largest percentage increase (8.6 percent), followed by "
            "Wolden (7.5 percent) and Fenmark (7.3 percent)."
        )
        found = frames(text, ("statistic", "8.6 percent"), ("statistic", "7.5 percent"),
                       ("statistic", "7.3 percent"))  # fmt: skip
        assert [f.subject for f in found] == ["Otterby", "Wolden", "Fenmark"]
        assert all("increase" in words(f.measure) for f in found)

    def test_a_range_shares_what_follows_it(self) -> None:
        """'between 6% and 8% of their income': both ends are shares of income."""
        text = "Top earners in Ruritania pay between 6% and 8% of their income on sales tax."
        low, high = frames(text, ("statistic", "6%"), ("statistic", "8%"))
        assert "income" in words(low.measure) and low.measure == high.measure
        assert low.subject == high.subject == "Ruritania"


class TestPrepositions:
    def test_x_in_a(self) -> None:
        """'x in A': a name after the figure is its subject; the phrase before, its measure."""
        (found,) = frames("The jobless rate stood at 5.1% in Freedonia.", ("statistic", "5.1%"))
        assert found.subject == "Freedonia"
        assert found.measure == "jobless rate"

    def test_x_for_a(self) -> None:
        """'compared with x for A'."""
        text = (
            "The North Isle contributed 77.6 percent, compared with 22.4 percent for the "
            "South Isle."
        )
        north, south = frames(text, ("statistic", "77.6 percent"), ("statistic", "22.4 percent"))
        assert north.subject == "North Isle"
        assert south.subject == "South Isle"

    def test_a_share_of_something(self) -> None:
        """'x% of N' is a share of N."""
        (found,) = frames("Public debt reached 31.7% of GDP last spring.", ("statistic", "31.7%"))
        assert found.measure == "share of GDP"

    def test_measure_of_a_population(self) -> None:
        """'M of <people> were x': the people are the subject, M the measure."""
        text = "Average weekly earnings of salaried farm workers were $967 in March 2019."
        (found,) = frames(text, ("money", "$967"))
        assert found.subject == "salaried farm workers"
        assert found.measure == "Average weekly earnings"
        assert found.period == "2019-03"


class TestPossessives:
    def test_a_s_x(self) -> None:
        """'A's M was x': A is the subject, M the measure."""
        text = "In 2021, Freedonia’s total exports were $12.5 billion."
        (found,) = frames(text, ("money", "$12.5 billion"))
        assert (found.subject, found.measure, found.period) == (
            "Freedonia",
            "total exports",
            "2021",
        )

    def test_an_elided_measure_follows_the_list(self) -> None:
        """'A's M dropped to x and B's to y': B's figure keeps M."""
        text = "Lakeland’s contribution dropped to 13.0 percent and Hillshire’s to 12.4 percent."
        first, second = frames(text, ("statistic", "13.0 percent"), ("statistic", "12.4 percent"))
        assert (first.subject, second.subject) == ("Lakeland", "Hillshire")
        assert first.measure == second.measure == "contribution"


class TestChanges:
    def test_a_rose_x_percent_to_y(self) -> None:
        """'A rose x% to y': x is a change in A, y is A's new level."""
        text = "The toy exports rose 12 percent to $4.1 billion in 2019."
        change, level = frames(text, ("statistic", "12 percent"), ("money", "$4.1 billion"))
        assert change.subject == "toy exports"
        assert words(change.measure) >= {"percent", "change"}
        assert level.measure == "toy exports"
        assert change.period == level.period == "2019"

    def test_a_level_is_not_a_change(self) -> None:
        """'raised the levy from x to y': both figures are levels of the levy."""
        text = "The council raised the parking levy from 12.5% to 15% in 2010."
        before, after = frames(text, ("statistic", "12.5%"), ("statistic", "15%"))
        assert before.measure == after.measure == "parking levy"

    def test_a_figure_used_as_an_adjective(self) -> None:
        """'the x midpoint of the target': the noun after the figure is the measure."""
        text = "Inflation is still some way from the 2.5 per cent midpoint of the target."
        (found,) = frames(text, ("statistic", "2.5 per cent"))
        assert found.measure == "midpoint of the target"


class TestCounts:
    def test_a_count_says_what_it_counts(self) -> None:
        (found,) = frames("The assembly considered 16 amendments.", ("statistic", "16 amendments"))
        assert found.measure == "number of amendments"

    def test_n_of_the_m_things(self) -> None:
        text = "The output of 14 of the 15 districts increased."
        first, _ = frames(text, ("statistic", "14"), ("statistic", "15 districts"))
        assert first.measure == "number of districts"


class TestHeadings:
    def test_a_heading_measure_and_subject_over_an_indicator_box(self) -> None:
        """A box: heading 'Measure — Subject', a date line, the figure, a caption."""
        text = (
            "Average weekly earnings — Utopia\n\n\nJanuary 2019\n\n2.6% increase\n\n"
            "(12-month change)\n"
        )
        date, share = frames(text, ("date", "January 2019", "2019-01"), ("statistic", "2.6%"))
        assert share.subject == "Utopia"
        assert words(share.measure) >= {"average", "weekly", "earnings", "12-month", "change"}
        assert share.period == "2019-01"
        assert date.measure == "reference month"
        assert "utopia" in words(date.subject)

    def test_a_markdown_heading_dates_its_section(self) -> None:
        text = "## Results for March 2021\n\nWidget sales were $5 million.\n"
        (found,) = frames(text, ("money", "$5 million"))
        assert found.period == "2021-03"
        assert found.measure == "Widget sales"

    def test_a_plain_heading_line_without_full_stop(self) -> None:
        """A short line without final punctuation heads what follows."""
        text = "Mill output, April 2020\n\nThe mills produced 5,000 tonnes.\n"
        (found,) = frames(text, ("statistic", "5,000 tonnes"))
        assert found.period == "2020-04"

    def test_a_label_line(self) -> None:
        text = "Widget news\n\nReleased: 2019-03-31\n"
        (found,) = frames(text, ("date", "2019-03-31", "2019-03-31"))
        assert "released" in words(found.measure) and "date" in words(found.measure)


class TestDocumentPeriod:
    def test_the_title_s_date_is_inherited(self) -> None:
        """A figure with no date of its own takes the period its document reports."""
        text = "The plant made 5,000 widgets."
        (found,) = frames(
            text, ("statistic", "5,000 widgets"), title="Widget production, January 2019"
        )
        assert found.period == "2019-01"
        assert found.measure == "number of widgets"

    def test_relative_periods_count_back_from_the_reference_month(self) -> None:
        text = "Prices rose 2.7 percent over the last 12 months and 0.2 percent over the month."
        year, month = frames(
            text, ("statistic", "2.7 percent"), ("statistic", "0.2 percent"),
            title="Price Index – July 2025",
        )  # fmt: skip
        assert year.period == "2024-08/2025-07"
        assert month.period == "2025-07"

    def test_a_year_ended_in_march(self) -> None:
        """In a report on the year ended March 2018, 'In 2018' is that year."""
        text = "In 2018, Northia’s output per head was $68,427."
        date, money = frames(
            text, ("date", "2018", "2018"), ("money", "$68,427"),
            title="Regional output: Year ended March 2018",
        )  # fmt: skip
        assert date.period == money.period == "2017-04/2018-03"

    def test_the_base_of_a_comparison_is_not_the_period(self) -> None:
        text = "Earnings were $900 in January, up 1.8% from January 2016."
        _, _, change, _ = frames(
            text, ("money", "$900"), ("date", "January", "2017-01"), ("statistic", "1.8%"),
            ("date", "January 2016", "2016-01"), published=PartialDate(2017, 3, 31),
        )  # fmt: skip
        assert change.period == "2017-01"

    def test_a_sentence_told_in_the_past_takes_the_period_before_it(self) -> None:
        text = (
            "The 2010 budget cut income taxes.\n\nThe cuts were estimated to reduce revenue "
            "by $2 billion. Top earners pay 6% of their income in sales tax."
        )
        year, cut, share = frames(text, ("date", "2010", "2010"), ("money", "$2 billion"),
                                  ("statistic", "6%"))  # fmt: skip
        assert cut.period == "2010"
        assert share.period is None  # told in the present: no period is invented

    def test_a_date_in_an_aside_dates_only_the_aside(self) -> None:
        """'x (y in 2020, z in 2017)': the years date the figures in the brackets, not x,
        which takes the document's; brackets holding only a date are the figure's own."""
        text = (
            "Turnout was 78.2% (82.2% in 2020, 79.8% in 2017). Then the rate stood at "
            "3.5% (December 2007)."
        )
        found = frames(
            text, ("statistic", "78.2%"), ("statistic", "82.2%"), ("date", "2020", "2020"),
            ("statistic", "79.8%"), ("date", "2017", "2017"), ("statistic", "3.5%"),
            ("date", "December 2007", "2007-12"), title="Official results for the 2023 vote",
        )  # fmt: skip
        assert [found[n].period for n in (0, 1, 3, 5)] == ["2023", "2020", "2017", "2007-12"]

    def test_the_one_year_a_title_names_is_the_document_s_period(self) -> None:
        """Anywhere in the title, one year is what the document reports; a full date is
        when it was issued, not a period its figures inherit."""
        text = "The Greens won 15 seats."
        (seats,) = frames(text, ("statistic", "15 seats"), title="Results of the 2023 election")
        assert seats.period == "2023"
        (seats,) = frames(
            text, ("statistic", "15 seats"), title="Remarks on May 12, 2016 in Chicago"
        )
        assert seats.period is None
        (seats,) = frames(text, ("statistic", "15 seats"), title="The 2019 and 2023 elections")
        assert seats.period is None

    def test_a_level_in_a_named_period_is_of_that_period(self) -> None:
        """'fell by x to y in the year ending March 2016': y is the year's, while
        'between 1984 and 2006, ... to y' is the level at the end of the change."""
        text = (
            "Borrowing decreased by £17.7 billion to £74.0 billion in the financial year "
            "ending March 2016. Between 1984 and 2006, debt increased 11-fold, to $182 billion."
        )
        found = frames(
            text, ("money", "£17.7 billion"), ("money", "£74.0 billion"),
            ("date", "1984 and 2006", "1984/2006"), ("statistic", "11-fold"),
            ("money", "$182 billion"),
        )  # fmt: skip
        assert found[1].period == "2015-04/2016-03"
        assert found[4].period == "2006"

    def test_a_length_of_time_takes_no_date(self) -> None:
        text = "A 2019 ruling ended the more than two and a half year block."
        _, block = frames(text, ("date", "2019", "2019"),
                          ("statistic", "more than two and a half year"))  # fmt: skip
        assert block.period is None


class TestTables:
    def test_a_table_written_as_text(self) -> None:
        """'Region  value  value': row label, column header."""
        text = (
            "Trade by region, 2022\n\n"
            "Region     Exports  Imports\n"
            "Northia    120      80\n"
            "Southia    90       70\n"
        )
        found = frames(text, ("statistic", "120"), ("statistic", "80"), ("statistic", "90"),
                       ("statistic", "70"), title="Trade by region, 2022")  # fmt: skip
        assert [f.subject for f in found] == ["Northia", "Northia", "Southia", "Southia"]
        assert [f.measure for f in found] == ["Exports", "Imports", "Exports", "Imports"]
        assert {f.period for f in found} == {"2022"}

    def test_a_pipe_table_with_a_fiscal_year_column(self) -> None:
        text = (
            "Table 3. Totals of the Budget of Freedonia\n\n"
            "| Fiscal Year | Revenues | Outlays \n"
            "| 2026 | $4,242 | $5,507 \n"
            "| 2027 | $4,476 | $5,591 \n"
        )
        found = frames(text, ("date", "2026", "FY2026"), ("money", "$4,242"),
                       ("money", "$5,507"), ("date", "2027", "FY2027"), ("money", "$4,476"),
                       ("money", "$5,591"))  # fmt: skip
        assert [f.measure for f in found] == ["Fiscal Year", "Revenues", "Outlays"] * 2
        assert [f.period for f in found] == ["FY2026"] * 3 + ["FY2027"] * 3
        assert found[1].subject == "Budget of Freedonia"  # the name its caption is of

    def test_a_markdown_table_with_a_wrapped_header_and_a_lead_in(self) -> None:
        text = (
            "Details for the year ended March 2023:\n\n"
            "Region  | GDP 2023  \n(million)  | Growth  \n2022–23  \n---|---|---  \n"
            "Northia (1)  | 10,061  |  +6.4%   \n"
        )
        found = frames(text, ("date", "2023", "2023"), ("date", "2022–23", "2022/2023"),
                       ("money", "10,061"), ("statistic", "+6.4%"))  # fmt: skip
        assert found[2].subject == found[3].subject == "Northia"
        assert (found[2].measure, found[3].measure) == ("GDP", "Growth")
        assert found[2].period == "2022-04/2023-03"
        assert found[3].period == "2022/2023"


class TestDates:
    def test_a_date_opening_a_clause(self) -> None:
        text = "On March 3, 2020, the Grand Council adopted the plan."
        (found,) = frames(text, ("date", "March 3, 2020", "2020-03-03"))
        assert found.period == "2020-03-03"
        assert {"date", "adopted"} <= words(found.measure)
        assert found.subject == "Grand Council"

    def test_a_date_qualifying_a_noun(self) -> None:
        text = "The move follows a 26 December 2019 ruling by the High Court of Ruritania."
        (found,) = frames(text, ("date", "26 December 2019", "2019-12-26"))
        assert found.measure == "date of ruling"
        assert found.subject == "High Court of Ruritania"

    def test_a_deadline(self) -> None:
        text = "Committees must report their changes not later than May 15, 2026."
        (found,) = frames(text, ("date", "May 15, 2026", "2026-05-15"))
        assert found.measure == "deadline"

    def test_the_ends_of_a_range(self) -> None:
        text = "Between 1985 and 2012 the jobless rate averaged 6.29%."
        first, last, rate = frames(text, ("date", "1985", "1985"), ("date", "2012", "2012"),
                                   ("statistic", "6.29%"))  # fmt: skip
        assert (first.measure, last.measure) == ("start year", "end year")
        assert rate.period == "1985/2012"


class TestAcronyms:
    def test_an_acronym_the_document_spells_out_is_written_both_ways(self) -> None:
        text = "Gross domestic product grew.\n\nRegion | GDP \n---|---\nNorthia | 10,061 \n"
        (found,) = frames(text, ("money", "10,061"))
        assert found.measure == "GDP (Gross domestic product)"

    def test_an_acronym_of_common_words_names_no_one(self) -> None:
        text = "The gross domestic product (GDP) rose. GDP per head was $71,622 in 2018."
        (found,) = frames(text, ("money", "$71,622"))
        assert found.measure == "GDP per head"
        assert found.subject != "GDP per head"


class TestReader:
    def test_one_frame_per_figure_in_their_order(self) -> None:
        text = "Sales were $5 million in 2020 and $6 million in 2021."
        specs = [("money", "$5 million"), ("date", "2020", "2020"),
                 ("money", "$6 million"), ("date", "2021", "2021")]  # fmt: skip
        found = figures(text, *specs)
        shuffled = [found[2], found[0], found[3], found[1]]
        frames_ = read_frames(text, shuffled, DocumentInfo())
        assert [f.period for f in frames_] == ["2021", "2020", "2021", "2020"]
        assert read_frames(text, [], DocumentInfo()) == []

    def test_each_field_names_its_rule(self) -> None:
        (reading,) = explain_frames(
            "Freedonia’s exports were $5 million.", figures(
                "Freedonia’s exports were $5 million.", ("money", "$5 million")),
            DocumentInfo(publisher="Freedonia Statistics"),
        )  # fmt: skip
        assert reading.basis == {
            "subject": "phrase before, possessive",
            "measure": "phrase before, possessive",
            "period": "none",
        }

    def test_a_long_document_is_framed_fast(self) -> None:
        """10,000 words with a figure in every sentence, in well under a second."""
        rng = random.Random(7)
        places = ["Northia", "Southia", "Eastmarch", "Westvale", "the Lowlands"]
        parts, specs = [], []
        for n in range(700):
            place = rng.choice(places)
            parts.append(
                f"In {1990 + n % 30}, {place}’s output per head rose {n % 9}.{n % 10} percent "
                f"to ${1000 + n:,}, followed by {rng.choice(places)} ({n % 7}.5 percent)."
            )
            if n % 40 == 39:
                parts.append(f"\n\n## Section {n}\n\n")
        text = " ".join(parts)
        for match in re.finditer(r"\$[\d,]+|\d\.\d percent|\d\.5 percent", text):
            kind = "money" if match[0].startswith("$") else "statistic"
            specs.append(Figure(kind, match.start(), match.end(), match[0]))  # type: ignore[arg-type]
        assert len(text.split()) > 10_000
        began = time.perf_counter()
        found = read_frames(text, specs, DocumentInfo(title="Output by region"))
        took = time.perf_counter() - began
        assert len(found) == len(specs)
        assert took < 1.0, f"{took:.2f} s"

    @pytest.mark.parametrize(
        "text",
        [
            "A " * 20_000 + "5%",
            "|" * 30_000 + " 5%",
            "Aa " * 10_000 + "(" * 5_000 + "5%",
            ("word  " * 5 + "\n") * 3_000 + "5%",
            "The " + "Big " * 10_000 + "Index rose 5%",
            "12 months ending " * 3_000 + "5%",
            "rose 5% in May 2020 and " * 2_000 + "5%",
            "the output was 5% and " * 2_000 + "5%",
            " " * 30_000 + "\n---|" + " " * 30_000 + "\n5%",
            "S.a." * 10_000 + " 5 5%",
            "[" * 20_000 + "](" * 20_000 + " 5%",
        ],
        ids=[
            "capitals",
            "pipes",
            "parentheses",
            "spaced columns",
            "long name",
            "periods",
            "one sentence of 2,000 figures",
            "one sentence of 2,000 figures without dates",
            "a line of spaces",
            "dotted abbreviations",
            "unclosed markup",
        ],
    )
    def test_pathological_text_is_read_in_bounded_time(self, text: str) -> None:
        """Text made to be slow: each figure is read in bounded time all the same."""
        spans = [(m.start(), m.end()) for m in re.finditer("5%", text)]
        began = time.perf_counter()
        found = read_frames(
            text, [Figure("statistic", a, b, "5%") for a, b in spans], DocumentInfo()
        )
        assert len(found) == len(spans)
        assert time.perf_counter() - began < 1.0
