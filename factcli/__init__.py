"""factcli: answers questions with sourced facts from official documents."""

__version__ = "0.1.0"
