"""Shell completion (bash, zsh, fish) by Click's protocol: ``_FACTCLI_COMPLETE=bash_source``
prints the script a shell sources; the script then calls factcli with ``bash_complete``.

This module is imported only when that variable is set, so ordinary calls pay nothing
for completion. Commands, options and option values (kinds, formats) come from Click;
fact ids from the dataset (`cli.options.complete_fact_ids`).
"""

from __future__ import annotations

from typing import Any

from factcli.errors import UsageProblem


def run_completion(command: Any, prog_name: str, complete_var: str, instruction: str) -> str:
    """The text a completion request answers with: the shell script (``SHELL_source``)
    or the completions of the words the shell hands over (``SHELL_complete``).

    Typer carries its own copy of Click, so its shell classes are the ones that know its
    commands; their scripts call back with the words the other way round
    (``complete_bash``), which is read as well.
    """
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    shells: dict[str, type[BashComplete | ZshComplete | FishComplete]] = {
        "bash": BashComplete, "zsh": ZshComplete, "fish": FishComplete,
    }  # fmt: skip
    first, _, second = instruction.partition("_")
    shell, action = (second, first) if first in ("source", "complete") else (first, second)
    if shell not in shells or action not in ("source", "complete"):
        raise UsageProblem(
            f"{complete_var}={instruction!r}: not a completion instruction",
            hint="use bash_source, zsh_source or fish_source",
        )
    completer = shells[shell](command, {}, prog_name, complete_var)
    return completer.source() if action == "source" else completer.complete()
