"""The environment of a run, read once, in one place: which dataset, which cache, debugging.

Nothing below the command line reads an environment variable: the library takes what it
needs as arguments, and the commands hand it what `Settings` says.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "FACTCLI_DATA"
NO_CACHE_ENV = "FACTCLI_NO_CACHE"
DEBUG_ENV = "FACTCLI_DEBUG"
COLOR_OFF_ENV = "NO_COLOR"


@dataclass(frozen=True)
class Settings:
    """What the environment says of a run."""

    # The dataset a command reads when --data is not given (None: the bundled one).
    data: Path | None
    # The folder stores are kept in; None when the cache is off.
    cache: Path | None
    # The folder stores would be kept in, on or off (for `cache info`).
    cache_folder: Path
    debug: bool
    no_color: bool

    @property
    def cache_enabled(self) -> bool:
        return self.cache is not None

    def dataset(self, given: Path | None) -> Path:
        """The dataset to read: --data, else $FACTCLI_DATA, else the bundled one."""
        from factcli.model.dataset import bundled_dataset_path

        if given is not None:
            return given
        return self.data if self.data is not None else bundled_dataset_path()

    def dataset_to_change(self, given: Path | None) -> Path:
        """The dataset a command writes: --data, else $FACTCLI_DATA, else ./facts.json."""
        if given is not None:
            return given
        return self.data if self.data is not None else Path("facts.json")


def read_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings the environment gives (``environ``: `os.environ` unless given)."""
    env = os.environ if environ is None else environ
    folder = cache_folder(env)
    return Settings(
        data=Path(env[DATA_ENV]) if env.get(DATA_ENV) else None,
        cache=folder if env.get(NO_CACHE_ENV, "") in ("", "0") else None,
        cache_folder=folder,
        debug=env.get(DEBUG_ENV) == "1",
        no_color=bool(env.get(COLOR_OFF_ENV)),
    )


def cache_folder(env: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/factcli``, or the platform's cache folder for factcli (as
    platformdirs says). As the XDG spec says, a relative ``XDG_CACHE_HOME`` is ignored (it
    would put a cache in every folder factcli is run from)."""
    xdg = env.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "factcli"
    from platformdirs import PlatformDirs

    found = Path(PlatformDirs("factcli", appauthor=False).user_cache_dir)
    if found.is_absolute():
        return found
    return Path.home() / ".cache" / "factcli"


# The settings of the run under way (`app.FactcliGroup` sets them for each run), so that a
# second run in one process reads its own.
_CURRENT: ContextVar[Settings | None] = ContextVar("factcli_settings", default=None)


@contextmanager
def running_with(found: Settings) -> Iterator[Settings]:
    """Make ``found`` this run's settings while the block runs."""
    token = _CURRENT.set(found)
    try:
        yield found
    finally:
        _CURRENT.reset(token)


def settings() -> Settings:
    """This run's settings: those the root command read for it (`app.FactcliGroup`), or,
    outside a run, the environment's now."""
    found = _CURRENT.get()
    return found if found is not None else read_settings()
