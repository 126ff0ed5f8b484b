"""The command line: parses arguments and wires the domain modules together.

`app` is the root command (`factcli.cli.app`); the subcommands live in modules by
concern: `reading`, `ask`, `export`, `cite`, `authoring`, `cache`. Their shared options
and the CLI's wording of errors are in `options`; standard output in `output`. Nothing
outside this package imports it, but the entry point.
"""

from factcli.cli.app import app, main

__all__ = ["app", "main"]
