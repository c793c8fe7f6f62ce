"""``python -m dashboard``: the command line."""

from dashboard.cli import cli

cli()
