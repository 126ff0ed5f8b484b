"""`ask` on datasets a user builds from any document: init, source add, add --all.

Statements are the document's sentences; nothing is curated; several facts often share a
sentence. Each class is one kind of failure seen on such datasets; the questions are the
project's own (tests/data/ask_extracted_own.tsv), asked as users type them. Every test runs
on the store.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from factcli.ask import AskCorpus, NoSourcedAnswer, ask, explain, read_question
from factcli.ask.corpus import Opening, measure_words, near_part, paragraph_around, range_end
from factcli.authoring.add import add_candidates
from factcli.authoring.batch import add_source
from factcli.authoring.init import init_dataset
from factcli.authoring.sources import SourceDetails
from tests.conftest import REPO, ask_corpus_of

CORPORA = REPO / "tests" / "data" / "extract"
SEAT_BELTS = "nhtsa-click-it-or-ticket-remarks-2016"
HARVEY = "fema-hurricane-harvey-snapshot-2017"
CHILD_ABUSE = "acf-child-maltreatment-2003-data-2005"
DEATHS = "cdc-nchs-deaths-preliminary-2006-2008"
PILT = "doi-pilt-payments-2006"
PRISONS = "bjs-prisoners-2016-2018"
HEALTH_CENTERS = "hhs-hrsa-health-centers-30-million-2002"
VETERANS = "va-facts-about-va-2007"
HOMELESS = "hud-continuum-of-care-awards-2024"
SCHEDULE = "census-population-estimates-schedule-2012"
SURVEY = "samhsa-nsduh-2015-report-2016"
SMALL_BUSINESS = "sba-72-years-of-service-2025"


def _document(doc: str) -> tuple[Path, dict[str, str]]:
    for meta in sorted(CORPORA.glob("*/docs.json")):
        for document in json.loads(meta.read_text("utf-8"))["documents"]:
            if document["slug"] == doc:
                return meta.parent / document["file"], document
    raise LookupError(doc)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One dataset per document, built as a user would, once for the module."""
    folder = tmp_path_factory.mktemp("extracted")
    paths = {}
    for doc in (
        SEAT_BELTS,
        HARVEY,
        CHILD_ABUSE,
        DEATHS,
        PILT,
        PRISONS,
        HEALTH_CENTERS,
        VETERANS,
        HOMELESS,
        SCHEDULE,
        SURVEY,
        SMALL_BUSINESS,
    ):
        file, document = _document(doc)
        dataset = init_dataset(folder / doc).path
        copy = folder / f"{doc}.txt"
        copy.write_bytes(file.read_bytes())
        details = SourceDetails(
            title=document["title"], publisher=document["publisher"],
            published=document["published"], url=document["url"], rights=document["rights"],
        )  # fmt: skip
        add_source(copy, details, dataset)
        add_candidates(dataset, [], every=True)
        paths[doc] = dataset
    return paths


@pytest.fixture()
def of(built: dict[str, Path]) -> dict[str, AskCorpus]:
    return {doc: ask_corpus_of(path) for doc, path in built.items()}


def answer(corpus: AskCorpus, question: str) -> str | None:
    try:
        return ask(corpus, question)[0].record.value
    except NoSourcedAnswer:
        return None


class TestNamedDate:
    """A date named without a kind: the fact of that very date beats one whose date only
    holds it, and a date fact is not the answer."""

    def test_exact_date_beats_a_range(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[SEAT_BELTS], "lives saved by seat belts in 2014") == "12802"

    def test_the_range_itself(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[SEAT_BELTS], "seatbelt lives saved 2010 to 2014") == "63000"

    def test_explain_names_the_rejected_date(self, of: dict[str, AskCorpus]) -> None:
        text = "\n".join(explain(of[SEAT_BELTS], "lives saved by seat belts in 2014", top=5).lines)
        assert "asks for no date" in text

    def test_another_year_abstains(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[CHILD_ABUSE], "how many reports of maltreatment in 2004") is None

    def test_compared_year(self, of: dict[str, AskCorpus]) -> None:
        # The sentence of the 2016 figure states the 2015 it is compared with.
        assert answer(of[PRISONS], "how many fewer prisoners in 2016 than 2015") in (
            "21200",
            "2300",
        )


class TestWhatAShareCounts:
    """ "pct of men in fatal crashes": what a share counts follows "of"/"for" its value."""

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("pct of men in fatal crashes who were unbelted", "53%"),
            ("share of women unbelted", "40%"),
            ("share of occupants killed in crashes who were unbelted in 2014", "1/2"),
        ],
    )
    def test_share(self, of: dict[str, AskCorpus], question: str, expected: str) -> None:
        assert answer(of[SEAT_BELTS], question) == expected

    def test_share_of_the_patients(self, of: dict[str, AskCorpus]) -> None:
        question = "share of health center patients without insurance"
        assert answer(of[HEALTH_CENTERS], question) == "1/2"

    def test_drug_sentences(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[PRISONS], "pct of drug sentences for trafficking") == "99%"

    def test_numbers_in_words_and_what_them_stands_for(self) -> None:
        sentence = (
            "In 2015, one out of five adults in America met criteria for a disorder and "
            "only 39 percent of them received services."
        )
        ratio = _measured(sentence, "one out of five adults")
        share = _measured(sentence, "39 percent", unit="percent")
        assert "adult" in measure_words(ratio)
        assert "adult" in measure_words(share) and "them" not in measure_words(share)

    def test_a_kind_before_the_noun_and_no_qualifier(self) -> None:
        sentence = (
            "The agency approved more than 2,600 manufacturing loans for $1.9 billion, and "
            "504 loans for over $23 billion; 10 organizations receiving funds reported."
        )
        assert {"manufactur", "loan"} <= set(measure_words(_measured(sentence, "more than 2,600")))
        assert "over" not in measure_words(_measured(sentence, "504 loans"))
        assert "receiv" not in measure_words(_measured(sentence, "10 organizations"))

    def test_what_changed_by_a_bare_number(self) -> None:
        sentence = "Nonfarm payroll employment increased by 156,000 in September."
        assert {"payroll", "job"} <= set(measure_words(_measured(sentence, "156,000")))
        # A number with its own noun counts that noun only.
        other = "Employment rose by 12,000 workers in May."
        assert "job" not in measure_words(_measured(other, "12,000 workers"))

    def test_how_many_jobs_added(self, tmp_path: Path) -> None:
        text = "Nonfarm payroll employment increased by 156,000 in September."
        question = "how many jobs were added to payrolls in September 2016"
        assert answer(_one_document(text, tmp_path), question) == "156000"

    def test_how_many_of_a_kind(self, of: dict[str, AskCorpus]) -> None:
        question = "how many manufacturing loans did the SBA approve"
        assert answer(of[SMALL_BUSINESS], question) == "2600"

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("what share of adults had a mental illness or substance use disorder in 2015",
             "1/5"),
        ],
    )  # fmt: skip
    def test_share_of_an_earlier_figure(
        self, of: dict[str, AskCorpus], question: str, expected: str
    ) -> None:
        assert answer(of[SURVEY], question) == expected


def _measured(sentence: str, text: str, unit: str | None = None) -> Any:
    """A stand-in with what `measure_words` reads."""
    detail = {"unit": unit} if unit else {}
    return SimpleNamespace(
        statement=sentence,
        quote=sentence,
        text=text,
        value_detail=detail,
        population=None,
        kind="statistic",
    )


class TestTheDocumentsDate:
    """A year that describes what was released ("the 2015 report") is not when it was."""

    def test_a_described_year_is_no_date_asked_for(self) -> None:
        question = read_question("When did the agency publish the 2019 survey?")
        assert question.dates == () and question.numbers == ("2019",)
        assert read_question("what was published in 2019").dates != ()


class TestOneShare:
    """ "each", "per" and "apiece" ask the same: a figure for one of many."""

    @pytest.mark.parametrize("word", ["per recipient", "each recipient", "apiece"])
    def test_each_per_apiece(self, word: str, tmp_path: Path) -> None:
        sentence = "The 52 recipients will each receive $200,000, part of $10.4 million."
        corpus = _one_document(sentence, tmp_path)
        assert answer(corpus, f"how much {word} do the recipients receive") == "200000"


def _one_document(text: str, folder: Path) -> AskCorpus:
    """The ask corpus of facts extracted from one text and all accepted."""
    dataset = init_dataset(folder / "d").path
    (folder / "doc.txt").write_text(f"WASHINGTON, May 2, 2016\n\n{text}\n", "utf-8")
    details = SourceDetails(
        title="A release", publisher="An agency", published="2016-05-02",
        url="https://example.gov/release", rights="Public domain",
    )  # fmt: skip
    add_source(folder / "doc.txt", details, dataset)
    add_candidates(dataset, [], every=True)
    return ask_corpus_of(dataset)


class TestEndsOfARange:
    """ "maximum", "smallest"...: the end of a range its sentence states, or a figure that is
    a bound itself ("up to"); no other figure answers when the data does not use the word."""

    TEXT = (
        "Awards will range from $50,000 to $250,000 each. In all, up to $4 million is available. "
        "The office expects to select 4 to 8 applications. It has 30 staff."
    )

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("maximum award", "250000"),
            ("what is the minimum award amount", "50000"),
            ("smallest number of applications the office expects to select", "4"),
            ("largest number of applications expected", "8"),
            ("maximum amount available in all", "4000000"),
            ("what is the largest staff count", None),
        ],
    )
    def test_ends(self, question: str, expected: str | None, tmp_path: Path) -> None:
        assert answer(_one_document(self.TEXT, tmp_path), question) == expected

    @pytest.mark.parametrize(
        ("sentence", "text", "end"),
        [
            ("It cut use by 30% to 90%.", "30%", "lower"),
            ("It cut use by 30% to 90%.", "90%", "upper"),
            ("Between 10 and 20 sites open.", "10", "lower"),
            ("Between 10 and 20 sites open.", "20 sites", "upper"),
            ("It funds 10 states and 5 territories.", "5 territories", None),
            ("It funds 10 states and 5 territories.", "10 states", None),
        ],
    )
    def test_range_end(self, sentence: str, text: str, end: str | None) -> None:
        assert range_end(SimpleNamespace(quote=sentence, text=text)) == end


class TestNotARange:
    """Found in review: what must not read as a range, a share or a joined clause."""

    @pytest.mark.parametrize(
        ("sentence", "text"),
        [
            ("HUD awarded $5 million to 10 organizations.", "$5 million"),
            ("HUD awarded $5 million to 10 organizations.", "10 organizations"),
            ("The food bank delivered 300 meals to 20 shelters.", "300 meals"),
        ],
    )
    def test_no_range(self, sentence: str, text: str) -> None:
        assert range_end(SimpleNamespace(quote=sentence, text=text)) is None

    def test_a_noun_ends_what_a_figure_counts(self) -> None:
        sentence = "The food bank delivered 300 meals to 20 shelters in the county."
        assert "shelter" not in measure_words(_measured(sentence, "300 meals"))

    def test_between_is_one_range(self) -> None:
        sentence = "The office will fund between 4 and 8 applications in each region."
        assert near_part(_record(sentence, "4", "statistic")) is None
        assert "applic" in measure_words(_measured(sentence, "8 applications"))

    def test_a_year_is_no_ratio(self) -> None:
        sentence = "It opened a clinic in 2017 and a second one in 2019, serving 300 people."
        assert near_part(_record(sentence, "300 people", "statistic")) is None

    def test_a_clause_with_its_own_subject_shares_none(self) -> None:
        sentence = "Men were 53 percent of drivers killed, and women were 40 percent."
        near = near_part(_record(sentence, "40 percent", "statistic"))
        assert near is not None and "Men" not in near

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("How much does HUD award per state for lead hazard control?", None),
            ("What was the largest award HUD made?", None),
        ],
    )
    def test_abstains(
        self, question: str, expected: str | None, tmp_path: Path
    ) -> None:
        text = (
            "Each year, HUD awards $40 million to 20 states for lead hazard control. "
            "HUD awarded $5 million to 10 organizations for counseling."
        )
        assert answer(_one_document(text, tmp_path), question) == expected

    def test_a_release_named_in_the_text_is_not_the_documents(
        self, tmp_path: Path
    ) -> None:
        text = (
            "The agency today announced new grants for the states. Its national survey on "
            "drug use, made public on June 2, 2016, found that 12 percent of adults used drugs."
        )
        question = "When was the national survey on drug use released?"
        assert answer(_one_document(text, tmp_path), question) != "2016-05-02"


class TestListUnderAHeading:
    """A short line above a list (a date in a schedule) holds the list's items, and each
    item its heading, blank lines between them or not."""

    TEXT = (
        "Below is the schedule:\n\n     April 5, 2012\n\n"
        "  • County total population.\n  • Metro area population.\n\n"
        "     May 17, 2012\n\n  • National population by age.\n"
    )

    def test_heading_holds_its_items(self) -> None:
        at = self.TEXT.index("April 5, 2012")
        context = paragraph_around(self.TEXT, at, at + len("April 5, 2012"))
        assert "County total" in context and "Metro area" in context
        assert "National" not in context

    def test_item_holds_its_heading(self) -> None:
        at = self.TEXT.index("National")
        assert "May 17, 2012" in paragraph_around(self.TEXT, at, at + len("National"))

    def test_prose_holds_no_list(self) -> None:
        prose = "A paragraph of prose, longer than any heading, " * 3
        text = f"{prose}\n  • An item.\n"
        assert "An item" not in paragraph_around(text, 0, 10)

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("when are the puerto rico municipio estimates out", "2012-04-05"),
            ("release date of national estimates by age sex race and hispanic origin",
             "2012-05-17"),
        ],
    )  # fmt: skip
    def test_schedule(self, of: dict[str, AskCorpus], question: str, expected: str) -> None:
        assert answer(of[SCHEDULE], question) == expected


class TestMonthsAndLengths:
    """ "jul/aug" are two months; a month the question names is no answer to a question
    asking no date; "a 3-month average" asks for no date."""

    def test_read(self) -> None:
        question = read_question(
            "what's the 3-month average of job gains after the jul/aug revisions"
        )
        assert question.kind != "date" and question.months == (7, 8)
        assert ("july", "july") in question.words and ("august", "august") in question.words
        assert read_question("five-year plan cost").kind == "money"
        assert read_question("how much may be awarded").months == ()

    def test_the_average_not_the_months(self, tmp_path: Path) -> None:
        text = (
            "After revisions to July and August, which cut employment by 7,000, job gains "
            "have averaged 192,000 over the past 3 months."
        )
        question = "3-month average of job gains after the jul/aug revisions"
        assert answer(_one_document(text, tmp_path), question) == "192000"


class TestSpansOfMonthsAndYears:
    """Months or years joined as one period ("jun/jul 2022", "Jan.-Mar.", "2022/2023") ask
    for every one of them, abbreviations that are also words included; two dates named
    apart ("from 2015 to 2016", "March and July 2022") stay two."""

    def test_read(self) -> None:
        from factcli.language.values import DateInterval, PartialDate

        def span(first: PartialDate, last: PartialDate) -> tuple[DateInterval]:
            return (DateInterval(first, last),)

        june_july = span(PartialDate(2022, 6), PartialDate(2022, 7))
        for question in ("awards in jun/jul 2022", "awards in June/July 2022",
                         "awards in June and July 2022", "awards from jun to jul 2022",
                         "awards in Jun.-Jul. 2022", "awards in june – july 2022"):  # fmt: skip
            assert read_question(question).dates == june_july, question
        assert read_question("after the jun/jul revisions").months == (6, 7)
        assert read_question("jan-mar hires").months == (1, 3)
        winter = read_question("awards Dec/Jan 2022").dates
        assert winter == span(PartialDate(2021, 12), PartialDate(2022, 1))
        assert read_question("grants for 2022/2023").dates == span(PartialDate(2022),
                                                                    PartialDate(2023))  # fmt: skip
        apart = read_question("How did awards change from 2015 to 2016?")
        assert apart.dates == (PartialDate(2015), PartialDate(2016))
        not_a_span = read_question("How much in March and July 2022?")
        assert not_a_span.dates == (PartialDate(2022, 7),) and not_a_span.months == (3,)
        assert read_question("what did Jun Li award").months == ()

    def test_answers_from_the_first_month(self, tmp_path: Path) -> None:
        text = (
            "In June 2022, the agency awarded $5 million to shelters.\n\n"
            "In August 2022, the agency awarded $7 million to shelters."
        )
        corpus = _one_document(text, tmp_path)
        assert answer(corpus, "How much did the agency award to shelters in jun/jul 2022?") == (
            "5000000"
        )
        assert answer(corpus, "How much did the agency award to shelters in jul 2022?") is None

    def test_a_fact_of_the_whole_period_first(self, tmp_path: Path) -> None:
        """Of a fact of the whole period and one of a part of it, the whole one answers."""
        text = (
            "Seat belts saved nearly 63,000 lives from 2010 to 2014. In 2014 alone, seat belts "
            "saved 12,802 lives."
        )
        corpus = _one_document(text, tmp_path)
        assert answer(corpus, "lives saved by seat belts 2010-2014") == "63000"
        assert answer(corpus, "lives saved by seat belts in 2014") == "12802"


class TestMonthWords:
    """A month is a whole word, its name or abbreviation, misspelled inside as people do
    ("Febuary"): a word that starts as one does ("marketing", "novel", "Marshall") is no
    month, so it stays a word to match and part of a name, and names no month."""

    def test_read(self) -> None:
        from factcli.language.values import PartialDate

        for question, word in (("How much went to marketing 2022?", "marketing"),
                               ("How much for the novel 2021 program?", "novel"),
                               ("how many decades 2020", "decades")):  # fmt: skip
            read = read_question(question)
            assert all(getattr(day, "month", None) is None for day in read.dates), question
            assert word in {plain for plain, _ in read.words}, question
        marshall = read_question("How much did DOJ award Marshall University?")
        assert (("marshall", "marshall"), ("university", "university")) in marshall.names
        assert read_question("awards in Febuary 2022").dates == (PartialDate(2022, 2),)
        assert read_question("awards in Sept. 2021").dates == (PartialDate(2021, 9),)
        assert read_question("What happened on March 3, 2021?").dates == (PartialDate(2021, 3, 3),)

    def test_answers_a_word_that_starts_as_a_month(self, tmp_path: Path) -> None:
        text = (
            "In 2022, the agency spent $2 million on marketing.\n\n"
            "In March 2022, the agency spent $3 million on shelters."
        )
        corpus = _one_document(text, tmp_path)
        # Read as "March 2022", these gave the $3 million for shelters.
        assert answer(corpus, "marketing 2022 amount") == "2000000"
        assert answer(corpus, "How much did the agency spend on marketing 2022?") == "2000000"


class TestChangeOverAPeriod:
    """ "year over year" is a change from one period to the next, not a date asked for."""

    def test_year_over_year_is_no_date_cue(self) -> None:
        assert read_question("By what percent did loans grow year over year?").kind == "statistic"
        assert read_question("sales growth, year-over-year").kind != "date"

    def test_answers_the_share(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[SMALL_BUSINESS], "sba loan increase year over year, in percent") == "11%"


class TestSharedSentence:
    """Several figures in one sentence: the clause of each tells them apart."""

    def test_clause(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[HARVEY], "cost share for emergency protective measures") == "100%"
        assert answer(of[HARVEY], "debris removal cost share") == "90%"

    def test_what_a_figure_counts(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[HARVEY], "how many red cross shelters in texas") == "270"
        assert answer(of[HARVEY], "number of people in shelters in texas") == "37000"

    def test_near_part_keeps_own_clause(self) -> None:
        sentence = (
            "And men wear their seat belts at a lower rate than women do – 53 percent of men "
            "in fatal crashes were unbelted, compared to 40 percent for women."
        )
        record = _record(sentence, "40 percent", "statistic")
        near = near_part(record)
        assert near is not None and "40 percent for women" in near and "53" not in near
        # A date is of its whole sentence.
        assert near_part(_record(sentence, "40 percent", "date")) is None

    def test_near_part_of_a_clause_with_two_figures(self) -> None:
        sentence = (
            "In 2015, one out of five adults met criteria for a disorder and only 39 percent "
            "of them received services."
        )
        ratio = near_part(_record(sentence, "one out of five adults", "statistic"))
        assert ratio is not None and "criteria" in ratio and "services" not in ratio
        # "of them" is about the part before it: the whole sentence is its own.
        assert near_part(_record(sentence, "39 percent", "statistic")) is None
        other = "Some 40 sites opened in May and 12 more closed in June."
        later = near_part(_record(other, "12 more", "statistic"))
        assert later is not None and "closed" in later and "opened" not in later

    def test_near_part_of_joined_clauses(self) -> None:
        # A thousands separator cuts no clause.
        sentence = "Awards range from $50,000 to $250,000 each, and 12 more sites opened."
        near = near_part(_record(sentence, "$250,000", "money"))
        assert near is not None and "Awards" in near and "sites" not in near
        # What the first clause says before its figure is said of the clause joined to it...
        sentence = (
            "The agency approved more than 2,600 manufacturing loans for $1.9 billion, and "
            "nearly 24,000 disaster loans for $3.7 billion."
        )
        near = near_part(_record(sentence, "$3.7 billion", "money"))
        assert near is not None and "approved" in near and "disaster" in near
        assert "manufacturing" not in near
        # ... not of the parts a total includes.
        sentence = (
            "Spending is over $80 billion, including $34.9 billion for health care, and "
            "$160.7 million for cemeteries."
        )
        near = near_part(_record(sentence, "$160.7 million", "money"))
        assert near is not None and "Spending" not in near and "cemeteries" in near


def _record(sentence: str, text: str, kind: str) -> Any:
    """A stand-in with what `near_part` reads."""
    return SimpleNamespace(statement=sentence, quote=sentence, text=text, kind=kind)


class TestDateline:
    """The date in a document's dateline answers what its header or its "today"
    sentences say was done; names in the header are covered."""

    @pytest.mark.parametrize(
        ("doc", "question", "expected"),
        [
            (SEAT_BELTS, "when did Rosekind deliver the remarks", "2016-05-12"),
            (CHILD_ABUSE, "when did ACF release the maltreatment statistics", "2005-04-01"),
            (DEATHS, "when did CDC release the preliminary death statistics", "2008-06-11"),
            (PILT, "when did Kempthorne announce the PILT payments", "2006-06-15"),
            (PRISONS, "when did BJS release the prisoner statistics", "2018-01-09"),
            (HEALTH_CENTERS, "when did Thompson announce the health center grants", "2002-08-21"),
        ],
    )
    def test_dateline(
        self, of: dict[str, AskCorpus], doc: str, question: str, expected: str
    ) -> None:
        assert answer(of[doc], question) == expected

    def test_opening(self) -> None:
        text = (
            "Remarks: Click It or Ticket\n\nDr. Jane Roe, Administrator\n"
            "Thursday, May 12, 2016 | Chicago\n\n"
            "The national seat belt use rate is at 88.5 percent, which continues a steady "
            "increase in every state of the nation.\n"
            "Other news was announced today by the office in a long sentence of many words.\n"
        )
        opening = Opening.of(text)
        assert opening.dateline == "2016-05-12"
        assert "Jane Roe" in opening.header and "88.5 percent" in opening.lead
        assert opening.today_sentences == (
            "Other news was announced today by the office in a long sentence of many words.",
        )

    def test_long_title_is_not_the_lead(self) -> None:
        title = " ".join(["Word"] * 20)
        opening = Opening.of(f"{title}\nWASHINGTON (May 25, 2023) – Today, " + "x " * 20 + ".")
        assert opening.dateline == "2023-05-25" and title in opening.header


class TestKindWords:
    def test_fiscal_year_is_a_date_not_a_cue(self, of: dict[str, AskCorpus]) -> None:
        question = "how much did Bush raise funding to in fiscal year 2005"
        assert read_question(question).kind == "money"
        assert answer(of[CHILD_ABUSE], question) == "42900000"
        assert answer(of[CHILD_ABUSE], "child abuse prevention funding fy2005") == "42900000"

    @pytest.mark.parametrize(
        ("question", "kind"),
        [
            ("What was the previous year's victimization rate?", "statistic"),
            ("how much did the president request next year", "money"),
            ("how much did the budget grow over the past year", "money"),
            ("how many jobs were added in the past month", "statistic"),
            ("how much is requested for the next fiscal year", "money"),
            ("When did the office open last year?", "date"),
            ("What year did the office open?", "date"),
            ("In which month was the program announced?", "date"),
        ],
    )
    def test_a_period_pointed_to_is_no_date_cue(self, question: str, kind: str) -> None:
        """ "The previous year's rate" asks for a rate; "what year" still asks for a date."""
        assert read_question(question).kind == kind

    def test_next_year_asks_for_the_amount(self, of: dict[str, AskCorpus]) -> None:
        question = "how much did the president request for health centers next year"
        assert answer(of[HEALTH_CENTERS], question) == "1500000000"

    @pytest.mark.parametrize(
        ("question", "names"),
        [
            ("What was the deficit in FY 2018?", []),
            ("VA FY 2007 spending", ["va"]),
            (
                "How much did the VA spend in Fiscal Year 2007 on Health Care?",
                ["va", "health care"],
            ),
            ("When did the March 2015 Awards happen?", ["awards"]),
        ],
    )
    def test_a_date_is_no_name(self, question: str, names: list[str]) -> None:
        """ "FY" of "FY 2018" is not a name the fact must hold, and a date ends a name."""
        read = read_question(question).names
        assert [" ".join(word for word, _ in name) for name in read] == names

    def test_words_beside_a_date_are_not_neighbours(self) -> None:
        question = read_question("the deficit in FY 2018 compared to the deficit in FY 2017")
        assert question.places == () and ("deficit", "compared") not in question.pairs

    def test_a_fiscal_year_abbreviated_finds_the_one_written_out(
        self, of: dict[str, AskCorpus]
    ) -> None:
        assert answer(of[VETERANS], "VA FY 2007 spending") == "80000000000"

    def test_fiscal_without_year(self) -> None:
        from factcli.language.values import FiscalYear

        for question in ("deficit fiscal 2018", "the fiscal 2018 deficit", "fiscal 18 deficit"):
            read = read_question(question)
            assert read.dates == (FiscalYear(2018),), question
            assert "fiscal" not in {plain for plain, _ in read.words}, question
        assert read_question("fiscal policy 2018").dates != (FiscalYear(2018),)

    def test_fiscal_year_not_stated(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[PILT], "how much was appropriated for PILT in FY 2007") is None

    def test_days(self, of: dict[str, AskCorpus]) -> None:
        assert answer(of[HARVEY], "for how many days is the 100% cost share") == "30"

    def test_rate_per(self, of: dict[str, AskCorpus]) -> None:
        # A rate is "per" something by its nature; "1000" is the sentence's "1,000".
        assert answer(of[DEATHS], "2006 age-adjusted death rate") == "776.4/100000"
        assert answer(of[CHILD_ABUSE], "victimization rate per 1000 children") is not None

    def test_percent_is_not_a_rate(self, of: dict[str, AskCorpus]) -> None:
        # "6.7 infant deaths per 1,000 live births, a 2.3 percent decline": the percent.
        assert answer(of[DEATHS], "pct decline in infant mortality") == "2.3%"

    def test_number_as_word(self, of: dict[str, AskCorpus]) -> None:
        question = "how many new health center sites over 5 yrs"
        assert answer(of[HEALTH_CENTERS], question) == "1200"


class TestLinkedInitialism:
    """An initialism that keeps its link words' letters ("CoC": "Continuum of Care"), in a
    document that never writes it, reads as the words it stands for."""

    @pytest.mark.parametrize(
        ("question", "expected"),
        [
            ("total coc awards 2024", "3160000000"),
            ("how many CoC projects were funded", "7000"),
        ],
    )
    def test_link_word_letters_kept(
        self, of: dict[str, AskCorpus], question: str, expected: str
    ) -> None:
        assert answer(of[HOMELESS], question) == expected

    def test_only_the_link_words_own_letters(self, of: dict[str, AskCorpus]) -> None:
        assert of[HOMELESS].linked_initialism("coc") == "continuum of care"
        assert of[HOMELESS].linked_initialism("cfc") is None  # "for" is no word of the run
        assert of[HOMELESS].linked_initialism("cc") is None  # nothing dropped, nothing kept

    def test_not_hidden_by_a_commoner_run(self, tmp_path: Path) -> None:
        """ "Child care" is more frequent than "Continuum of Care" and has the same initials
        with link words skipped ("cc"); "coc" still reads as the run whose letters it keeps."""
        text = (
            "The agency awarded $4 million for child care centers. Child care workers and "
            "child care providers in 12 states were helped.\n\n"
            "The Continuum of Care program funded 300 projects."
        )
        corpus = _one_document(text, tmp_path)
        assert corpus.initialism("cc") == "child care"
        assert corpus.linked_initialism("coc") == "continuum of care"
        assert answer(corpus, "how many coc projects were funded") == "300"

    def test_some_link_words_kept_others_skipped(self, tmp_path: Path) -> None:
        """ "DoI" keeps the "of" of "Department of the Interior" and skips its "the"."""
        text = "The Department of the Interior awarded $232 million to counties in 2006."
        corpus = _one_document(text, tmp_path)
        assert corpus.linked_initialism("doi") == "department of the interior"
        assert corpus.linked_initialism("doti") == "department of the interior"
        assert answer(corpus, "how much did the DoI award counties in 2006") == "232000000"

    def test_past_forms_not_in_ed(self, tmp_path: Path) -> None:
        """ "paid", "spent", "held": the verbs of money and counts meet their other forms."""
        text = (
            "The agency paid $232 million to counties in 2006.\n\n"
            "The agency spent $5 million on outreach in 2006."
        )
        corpus = _one_document(text, tmp_path)
        assert answer(corpus, "how much does the agency pay counties") == "232000000"
        assert answer(corpus, "agency outreach spending") == "5000000"


class TestParaphrase:
    @pytest.mark.parametrize(
        ("doc", "question", "expected"),
        [
            (CHILD_ABUSE, "how many kids died of abuse or neglect in 2003", "1500"),
            (SEAT_BELTS, "percent of men not wearing seat belts in fatal crashes", "53%"),
            (SEAT_BELTS, "seatbelt lives saved 2010 to 2014", "63000"),
            (HARVEY, "ppl in shelters in tennessee", "60"),
        ],
    )
    def test_paraphrase(
        self, of: dict[str, AskCorpus], doc: str, question: str, expected: str
    ) -> None:
        assert answer(of[doc], question) == expected


class TestNearMisses:
    @pytest.mark.parametrize(
        ("doc", "question"),
        [
            (SEAT_BELTS, "share of occupants killed in crashes in Mexico who were unbelted"),
            (SEAT_BELTS, "how many lives did airbags save in 2014"),
            (SEAT_BELTS, "seat belt use rate among truck drivers"),
            (HARVEY, "how many people in shelters in Oklahoma"),
            (HARVEY, "how many red cross workers in Louisiana"),
            (CHILD_ABUSE, "how many children died of abuse in Canada"),
            (DEATHS, "infant mortality rate in canada"),
            (PILT, "how many local governments got payments in 2007"),
            (PRISONS, "how many prisoners in state prisons in 2010"),
            (HEALTH_CENTERS, "how much did HHS award to hospitals"),
        ],
    )
    def test_abstains(self, of: dict[str, AskCorpus], doc: str, question: str) -> None:
        assert answer(of[doc], question) is None

    def test_unknown_place_is_a_constraint(self, of: dict[str, AskCorpus]) -> None:
        text = "\n".join(explain(of[DEATHS], "infant mortality rate in canada").lines)
        assert "canada" in text


def test_memory_and_index_agree(built: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every question of the own set gets the same answer from memory and from the index."""
    rows = [
        line.split("\t")
        for line in (REPO / "tests" / "data" / "ask_extracted_own.tsv").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    answers = {}
    for mode in ("memory", "index"):
        monkeypatch.setenv("FACTCLI_NO_CACHE", "1" if mode == "memory" else "0")
        corpora = {doc: ask_corpus_of(path) for doc, path in built.items()}
        answers[mode] = [answer(corpora[doc], q) for doc, q, *_ in rows if doc in corpora]
    assert answers["memory"] == answers["index"]
