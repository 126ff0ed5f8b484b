"""Every output format provides the whole `Renderer` Protocol, and loads only what it uses.

mypy checks the same at `OutputFormat.renderer` (each module is returned as a `Renderer`);
these tests hold it for a run of the suite without mypy.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from factcli.render import OutputFormat, Renderer

RENDER_FUNCTIONS = sorted(name for name in vars(Renderer) if name.startswith("render_"))


def test_protocol_is_read() -> None:
    """The Protocol's functions are found (else the test below would check nothing)."""
    assert {"render_facts", "render_timeline", "render_candidates"} <= set(RENDER_FUNCTIONS)


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_format_has_every_render_function(fmt: OutputFormat) -> None:
    """Each format's module has every render function, taking the Protocol's parameters."""
    module = fmt.renderer()
    for name in RENDER_FUNCTIONS:
        function = getattr(module, name, None)
        assert callable(function), f"{fmt.value} has no {name}"
        expected = list(inspect.signature(getattr(Renderer, name)).parameters)[1:]  # no self
        assert list(inspect.signature(function).parameters) == expected, (fmt.value, name)


@pytest.mark.parametrize("fmt", [f for f in OutputFormat if f is not OutputFormat.TABLE])
def test_only_the_table_loads_rich(fmt: OutputFormat) -> None:
    """Formats are imported when chosen: any but the table leaves rich unloaded."""
    code = (
        "import sys\nfrom factcli.render import OutputFormat\n"
        f"OutputFormat({fmt.value!r}).renderer()\nprint('rich' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
