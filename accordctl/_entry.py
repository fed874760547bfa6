"""The console script's entry point: switch the cyclic garbage collector off before the
command line's imports (a short run builds an acyclic object graph and exits), run, and
leave without the interpreter's teardown."""

import gc
import os
import sys


def run() -> None:
    """`accordctl` on the command line."""
    gc.disable()
    from accordctl import lifetime
    from accordctl.cli.main import main

    lifetime.exiting = True  # large graphs are kept, not freed, till the os._exit below
    code = main()
    # Everything is written: flush, then skip the interpreter's teardown (a full garbage
    # collection and the freeing of every module's objects, 10% of a short run). Nothing
    # of ours waits for it: outputs are written and renamed into place before main returns.
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:
        code = code or 141  # the reader went away (`| head`); see errors.EXIT["pipe"]
    except (OSError, ValueError):
        sys.exit(code)  # let the interpreter report it, as it would have
    os._exit(code)
