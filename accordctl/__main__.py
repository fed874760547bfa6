"""`python -m accordctl`."""

from accordctl._entry import run

run()
