"""The console script's entry point: switch the cyclic garbage collector off before the
command line's imports (a short run builds an acyclic object graph and exits), then run."""

import gc


def run() -> None:
    """`accordctl` on the command line."""
    gc.disable()
    from accordctl.cli.main import run as cli_run

    cli_run()
