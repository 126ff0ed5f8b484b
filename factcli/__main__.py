"""Run factcli as ``python -m factcli``."""

from factcli.entry import main

main()
