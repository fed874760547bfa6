"""Writing bytes to standard output whole, or failing loudly. Only the standard library:
a cached answer is written with this before anything else is imported."""

from __future__ import annotations

import errno
import os
import sys

CHUNK = 1 << 16


def write_out(data: bytes) -> None:
    """Write `data` on stdout, all of it, and flush: text already written through
    sys.stdout first. A reader gone away is a BrokenPipeError, a full or failing stream an
    OSError, even when the kernel took part of a write before the reader left (Python's
    own buffered writer can lose that error: its next write is never made)."""
    stream = sys.stdout
    if stream is None:
        raise OSError(errno.EBADF, "it is closed")
    stream.flush()
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a replaced stream (tests capture text)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()
        return
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:CHUNK])
        view = view[written:]
