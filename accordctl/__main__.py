"""`python -m accordctl`."""

from accordctl.cli import run

run()
