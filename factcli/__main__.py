"""Run factcli as ``python -m factcli``."""

from factcli.cli import main

raise SystemExit(main())
