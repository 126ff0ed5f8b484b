"""The domain raises errors that carry data; only the command line words them with its
option names and commands."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcli import errors
from factcli.cli import app
from factcli.cli.app import COMMANDS
from factcli.cli.options import worded, worded_details
from factcli.cli.status import NoMatch
from factcli.errors import FactcliError, MixedCurrencies, UnknownSource, UnreadableFilter
from factcli.store.filters import Filters, read_filters
from tests.conftest import SHIPPED, SOURCE_ID, open_store

runner = CliRunner()
PACKAGE = Path(__file__).resolve().parent.parent / "factcli"
# An option flag (--since), or a command hint ('factcli list').
CLI_WORDS = re.compile(r"(?<![\w-])--[a-z][a-z-]+|\bfactcli (?:" + "|".join(COMMANDS) + r")\b")
# The command line and the renderers beside it speak to people; everything else is domain.
DOMAIN = sorted(
    str(path.relative_to(PACKAGE))
    for path in PACKAGE.rglob("*.py")
    if path.relative_to(PACKAGE).parts[0] not in ("cli", "render")
    and path.name not in ("entry.py", "__main__.py", "completion.py", "progress.py")
)


def cli_words(path: Path) -> list[str]:
    """The strings of a module (docstrings and comments aside) that name an option or a
    command."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CLI_WORDS.search(node.value)
    ]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_hold_no_cli_words(module: str) -> None:
    """Domain code raises errors and writes text without option names or command hints."""
    assert cli_words(PACKAGE / module) == []


def test_the_scan_sees_cli_words() -> None:
    """The scan finds CLI words where they are (else it checks nothing), and checks every
    module below the face."""
    assert "--since" in " ".join(cli_words(PACKAGE / "cli" / "options.py"))
    assert "factcli extract" in " ".join(cli_words(PACKAGE / "cli" / "options.py"))
    assert {"store/store.py", "authoring/add.py", "model/schema.py", "errors.py"} <= set(DOMAIN)


class TestErrorsCarryData:
    def test_search_without_match(self) -> None:
        """A search that finds nothing is an empty result, not an error."""
        assert not open_store(SHIPPED).search("unicorns", "money").any()

    def test_unknown_source(self) -> None:
        """A source filter naming no source carries it and the known ones."""
        with pytest.raises(UnknownSource) as caught:
            open_store(SHIPPED).of_kind(None, Filters(source="nope"))
        assert caught.value.source == "nope"
        assert caught.value.known == (SOURCE_ID,)

    def test_filters_match_nothing(self) -> None:
        """Filters that keep nothing give an empty result, not an error."""
        assert not open_store(SHIPPED).of_kind("money", Filters(tag="no-such-tag")).any()


class TestCliWords:
    @pytest.mark.parametrize(
        ("error", "message", "hint"),
        [
            (NoMatch("unicorns", "money"), "no fact matches 'unicorns' among money facts",
             "try fewer or other words, or 'factcli list' to see every fact"),
            (NoMatch(), "no fact matches the filters", "loosen them, or try 'factcli list'"),
            (UnknownSource("nope", ["a", "b"]), "--source: no source 'nope'", "sources: a, b"),
            (MixedCurrencies(["EUR", "USD"]),
             "--min/--max would compare amounts in different currencies (EUR, USD)",
             "pick one with --currency, e.g. --currency EUR"),
            (UnreadableFilter("since", "soon", "date"), "--since: cannot read 'soon' as a date",
             "use --since 2022, 2022-10 or 2022-10-15"),
            (UnreadableFilter("maximum", "lots", "amount"),
             "--max: cannot read 'lots' as an amount",
             "use --max 1000000, 1M, '$8.5 million' or 2,500"),
            (UnreadableFilter("currency", "dollars", "currency code"),
             "--currency: 'dollars' is not a currency code", "use an ISO 4217 code: USD, EUR"),
            (FactcliError("as it is", hint="unchanged"), "as it is", "unchanged"),
            (errors.StatementOfOne(),
             "--statement names the statement of one candidate: give exactly one", None),
            (errors.NoCandidatesNamed(),
             "name the candidates to add (ids from 'factcli extract'), or use --all", None),
            (errors.NotACandidateId("epa-38"),
             "'epa-38' is not a candidate id (SOURCE-ID:START-END, as 'factcli extract' shows)",
             None),
            (errors.NoSuchCandidate("epa:1-2", "epa"), "no candidate epa:1-2 in source epa",
             "list them with 'factcli extract epa'"),
            (errors.NoSuchSource("nope", ["a", "b"]),
             "the dataset has no source 'nope' (sources: a, b)",
             "bring the document in first with 'factcli source add FILE'"),
            (errors.DatasetExists("new", "new/facts.json"),
             "new already holds a dataset (new/facts.json); nothing changed",
             "add documents to it with 'factcli source add FILE --data new/facts.json'"),
            (errors.NoDatasetToChange("x.json"), "no dataset at x.json",
             "create one with 'factcli init', or point --data at a facts.json"),
            (errors.DatasetInvalid("x.json", 2, ["a", "b"]),
             "dataset x.json does not match the schema (2 problems)",
             "run 'factcli schema' to see the expected format"),
            (errors.SourceIdTaken("epa"), "the dataset already has a source with id 'epa'",
             "pass --id with another id"),
            (errors.TextFileInTheWay("sources/epa.txt"),
             "sources/epa.txt already exists beside the dataset and is not this document",
             "pass --id with another id, or move that file away"),
            (errors.NoIdFromName("...txt"), "cannot make a source id from the file name '...txt'",
             "pass --id with an id such as my-report-2024"),
            (errors.MissingDetails(["title", "url"]),
             "a source needs title, url, which the document does not give",
             "pass --title ... --url ..."),
        ],
    )  # fmt: skip
    def test_worded(self, error: FactcliError, message: str, hint: str | None) -> None:
        """Each error with data gets the CLI's option names and hints."""
        assert worded(error) == (message, hint)

    def test_details_name_options(self) -> None:
        """A source detail that does not fit is named by its field in the domain, and by
        its option on the command line."""
        error = errors.DetailsDoNotFit([("published", "2024-02-30", "not a date")])
        assert error.details == ("published '2024-02-30': not a date",)
        assert worded_details(error) == ("--published '2024-02-30': not a date",)
        assert worded_details(FactcliError("x", details=["as it is"])) == ("as it is",)

    def test_domain_message_has_no_option_names(self) -> None:
        """The domain's own message of an unreadable filter names the filter, not a flag."""
        with pytest.raises(UnreadableFilter) as caught:
            read_filters(minimum="lots")
        assert caught.value.message == "minimum: cannot read 'lots' as an amount"

    def test_on_the_command_line(self) -> None:
        """The command line prints the worded error."""
        result = runner.invoke(app, ["money", "--source", "nope"])
        assert result.exit_code == 2
        assert result.stderr == (
            f"factcli: error: --source: no source 'nope'\nhint: sources: {SOURCE_ID}\n"
        )
