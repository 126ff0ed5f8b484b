"""``factcli cache info | clear``: the index kept of each dataset.

Neither command reads a dataset, so neither imports pydantic or rich (a test checks it).
"""

from __future__ import annotations

import typer

from factcli.cli.output import WholeSummaries, emit, show_help_without_command

# The commands of this module, built on demand by `factcli.cli.app`.
commands = typer.Typer()

cache_app = typer.Typer(
    name="cache",
    help="Show or clear the index factcli keeps of each dataset it reads.\n\n"
    "Example: factcli cache info",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    invoke_without_command=True,
    cls=WholeSummaries,
)
commands.add_typer(cache_app, name="cache")


@cache_app.callback()
def cache_root(ctx: typer.Context) -> None:
    """Show or clear the index factcli keeps of each dataset it reads."""
    show_help_without_command(ctx)


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, and each index in it with its dataset.

    Example: factcli cache info
    """
    from factcli.cli.settings import settings
    from factcli.render.report import render_cache_info
    from factcli.store.cache import cache_entries

    run = settings()
    emit(render_cache_info(run.cache_folder, run.cache_enabled, cache_entries(run.cache_folder)))


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every index (each is rebuilt when next needed).

    Example: factcli cache clear
    """
    from factcli.cli.settings import settings
    from factcli.render.report import render_cache_cleared
    from factcli.store.cache import clear_cache

    folder = settings().cache_folder
    emit(render_cache_cleared(folder, *clear_cache(folder)))
