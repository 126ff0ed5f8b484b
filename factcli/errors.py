"""The one exception family of factcli: each error carries what went wrong and its message.

Which exit status an error gives is the command line's choice (`cli.status`), not the
error's.
"""

from __future__ import annotations

from collections.abc import Sequence


class FactcliError(Exception):
    """An error to show the user as ``factcli: error: MESSAGE``.

    ``details`` are extra lines (e.g. one per schema problem); ``hint`` is one line
    telling the user what to do about it.
    """

    # False for outcomes that are not failures (an abstained question): the message is
    # then printed as it is, without the "factcli: error:" prefix.
    show_as_error = True

    def __init__(
        self, message: str, *, hint: str | None = None, details: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)


class DatasetError(FactcliError):
    """The dataset cannot be found, read, parsed or validated."""


class DatasetMissing(DatasetError):
    """No dataset file where one was looked for (``path``)."""

    def __init__(self, path: object) -> None:
        super().__init__(f"dataset not found: {path}")
        self.path = path


class UsageProblem(FactcliError):
    """An option or argument value the CLI cannot use."""


class NotFound(FactcliError):
    """What was asked for is not there: an unknown id, a source the dataset lacks."""


class IndexDamaged(FactcliError):
    """The index of a dataset was found damaged and removed: the command can run again."""


class DocumentError(FactcliError):
    """A document cannot be brought into a dataset: unreadable, not text, empty, already there."""


# Errors that carry what went wrong as data. Their own message says it in the domain's
# words; the command line words them with its option names and commands (see
# `factcli.cli.options.worded`).


class UnreadableFilter(UsageProblem):
    """A filter value that cannot be read as what the filter compares.

    ``name`` is the filter (``since``, ``minimum``, ``currency`` ...), ``expected`` what
    its value must be: ``date``, ``amount`` or ``currency code``.
    """

    def __init__(self, name: str, text: str, expected: str) -> None:
        article = "an" if expected[:1] in "aeiou" else "a"
        super().__init__(f"{name}: cannot read {text!r} as {article} {expected}")
        self.name = name
        self.text = text
        self.expected = expected


class MixedCurrencies(UsageProblem):
    """An amount filter over money in several currencies, none of them chosen: 8.5 million
    dollars and 8.5 million euros are not the same amount."""

    def __init__(self, currencies: Sequence[str]) -> None:
        self.currencies = tuple(currencies)
        super().__init__(
            f"an amount filter would compare amounts in different currencies "
            f"({', '.join(self.currencies)})"
        )


class UnknownSource(UsageProblem):
    """A source filter naming no source of the dataset."""

    def __init__(self, source: str, known: Sequence[str]) -> None:
        self.source = source
        self.known = tuple(known)
        super().__init__(f"no source {source!r}", hint=f"sources: {', '.join(self.known)}")


# Refusals of the commands that change a dataset's sources, worded by the command line.


class OneDocumentDetails(UsageProblem):
    """Details of one document (``names``: id, title, url) given for ``count`` documents."""

    def __init__(self, names: Sequence[str], count: int) -> None:
        self.names = tuple(names)
        self.count = count
        super().__init__(
            f"{', '.join(self.names)} name the details of one document, and {count} are given",
            hint="give each document's details in a sidecar file, one row per file",
        )


class SourceStillCited(UsageProblem):
    """A source that facts still cite (``facts``: their ids), so it is not removed."""

    def __init__(self, source_id: str, facts: Sequence[str]) -> None:
        self.source_id = source_id
        self.facts = tuple(facts)
        shown = ", ".join(facts[:3]) + (f" and {len(facts) - 3} more" if len(facts) > 3 else "")
        count = "1 fact cites" if len(facts) == 1 else f"{len(facts)} facts cite"
        super().__init__(f"{count} source {source_id} ({shown}); nothing was removed")


class ChangesNotAccepted(UsageProblem):
    """A source update that would change or remove ``count`` facts, not accepted."""

    def __init__(self, source_id: str, count: int) -> None:
        self.source_id = source_id
        self.count = count
        facts = "fact's quote or value" if count == 1 else "facts' quotes or values"
        super().__init__(
            f"{count} {facts} changed or vanished in the new text of {source_id}; "
            "nothing was written"
        )


# Refusals of the commands that make a dataset, bring documents in and add facts; their
# hints name the commands and options to use, and the command line words those.


class DatasetExists(UsageProblem):
    """A folder that already holds a dataset (``path``), where a new one was to be made."""

    def __init__(self, folder: object, path: object) -> None:
        super().__init__(f"{folder} already holds a dataset ({path}); nothing changed")
        self.folder = folder
        self.path = path


class NoDatasetToChange(DatasetError):
    """No dataset at ``path`` for a command that changes one."""

    def __init__(self, path: object) -> None:
        super().__init__(f"no dataset at {path}")
        self.path = path


class DatasetInvalid(DatasetError):
    """A dataset file that does not match the schema: ``count`` problems, the first of
    them in ``details``, one a line."""

    def __init__(self, path: object, count: int, details: Sequence[str]) -> None:
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"dataset {path} does not match the schema ({count} {noun})", details=details
        )
        self.path = path
        self.count = count


class SourceIdTaken(DocumentError):
    """A document given an id (``source_id``) that a source of the dataset has."""

    def __init__(self, source_id: str) -> None:
        super().__init__(f"the dataset already has a source with id {source_id!r}")
        self.source_id = source_id


class TextFileInTheWay(DocumentError):
    """Another file where a document's text is to be kept (``relative`` to the dataset)."""

    def __init__(self, relative: str) -> None:
        super().__init__(f"{relative} already exists beside the dataset and is not this document")
        self.relative = relative


class NoIdFromName(UsageProblem):
    """A document whose file name (``name``) makes no source id."""

    def __init__(self, name: str) -> None:
        super().__init__(f"cannot make a source id from the file name {name!r}")
        self.name = name


class NoSuchSource(NotFound):
    """Candidates asked of a source (``source_id``) the dataset does not have (``known``)."""

    def __init__(self, source_id: str, known: Sequence[str]) -> None:
        self.source_id = source_id
        self.known = tuple(known)
        listed = ", ".join(self.known) or "none yet"
        super().__init__(f"the dataset has no source {source_id!r} (sources: {listed})")


class NoSuchCandidate(NotFound):
    """A candidate id (``name``) that extraction does not find in its source."""

    def __init__(self, name: str, source_id: str) -> None:
        super().__init__(f"no candidate {name} in source {source_id}")
        self.name = name
        self.source_id = source_id


class NotACandidateId(UsageProblem):
    """A name (``name``) that is not a candidate's id, SOURCE-ID:START-END."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is not a candidate id (SOURCE-ID:START-END)")
        self.name = name


class NoCandidatesNamed(UsageProblem):
    """Candidates to add, but none named and not all of them asked for."""

    def __init__(self) -> None:
        super().__init__("name the candidates to add, or add them all")


class StatementOfOne(UsageProblem):
    """A statement given for more than one candidate (or for all of them)."""

    def __init__(self) -> None:
        super().__init__("a statement is the statement of one candidate: give exactly one")


class MissingDetails(UsageProblem):
    """Source fields the dataset format requires (``missing``) that neither the user nor
    the document gave."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        super().__init__(
            "a source needs " + ", ".join(self.missing) + ", which the document does not give"
        )


class DetailsDoNotFit(UsageProblem):
    """Source details that the dataset format refuses: ``problems``, each the field, the
    value given and what is wrong with it."""

    def __init__(self, problems: Sequence[tuple[str, str | None, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "the source's details do not fit the dataset format",
            details=[f"{field} {given!r}: {wrong}" for field, given, wrong in self.problems],
        )
