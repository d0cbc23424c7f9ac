"""Recording a run that missed the cache, and storing its answer.

What the run writes to stdout and stderr is passed on as it is written and kept, in order.
Its answer is stored only when it is whole and its own: exit 0 or 1, no write to a stream
failed (click turns a broken pipe into exit 1), no interrupt (click turns Ctrl-C into exit
1 as well), and every `--output` went to a regular file, not a device or pipe.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import BinaryIO, TextIO

from kikcalc.cli.cache.entry import Entry, Pieces
from kikcalc.cli.exits import EXIT_FINDINGS, EXIT_OK
from kikcalc.cli.output import WRITTEN
from kikcalc.reading.files_read import FILES_READ


class Recording:
    """The pieces a run wrote, and whether anything makes them not its whole answer."""

    def __init__(self) -> None:
        self.pieces: Pieces = []
        self.spoilt = False

    def tee(self, stream: TextIO, name: str) -> io.TextIOWrapper:
        """A text stream like `stream` that writes through to it and keeps each piece."""
        return io.TextIOWrapper(_Tee(stream.buffer, name, self), encoding=stream.encoding,
                                errors=stream.errors, write_through=True,
                                line_buffering=getattr(stream, "line_buffering", False))


class _Tee(io.RawIOBase):
    """Bytes passed on to `target` and kept in the recording under `name`."""

    def __init__(self, target: BinaryIO, name: str, recording: Recording) -> None:
        super().__init__()
        self.target, self.name, self.recording = target, name, recording

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            self.target.write(data)
        except BaseException:
            self.recording.spoilt = True
            raise
        if data:
            self.recording.pieces.append((self.name, bytes(data)))
        return len(data)

    def flush(self) -> None:
        if self.target.closed:
            return
        try:
            self.target.flush()
        except BaseException:
            self.recording.spoilt = True
            raise

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


def run_and_store(app: Callable[[], object], entry: Entry) -> None:
    """Run `app` (a Typer app, which ends in SystemExit) and store its answer in `entry`;
    then exit as the app did."""
    recording = Recording()
    FILES_READ.clear()
    WRITTEN.clear()
    code = _run_recorded(app, recording)
    outputs = [(target, data) for target, data in WRITTEN if data is not None]
    if code in (EXIT_OK, EXIT_FINDINGS) and not recording.spoilt \
            and len(outputs) == len(WRITTEN):
        # a cache that cannot be written is no cache, not a failed command
        with contextlib.suppress(OSError, ValueError):  # ValueError: a NUL in a path
            entry.store(code, recording.pieces, list(FILES_READ), outputs)
    sys.exit(code)


def _run_recorded(app: Callable[[], object], recording: Recording) -> int | str:
    """The exit code of `app`, run with stdout and stderr recorded and Ctrl-C noticed."""
    streams = sys.stdout, sys.stderr
    teed = recording.tee(sys.stdout, "out"), recording.tee(sys.stderr, "err")
    before = signal.getsignal(signal.SIGINT)

    def interrupted(number: int, frame: FrameType | None) -> None:
        recording.spoilt = True
        if callable(before):
            before(number, frame)

    wrapped = callable(before)  # Python's own handler; an ignored Ctrl-C stays ignored
    if wrapped:
        signal.signal(signal.SIGINT, interrupted)
    sys.stdout, sys.stderr = teed
    try:
        app()
    except SystemExit as end:
        return EXIT_OK if end.code is None else end.code
    finally:
        if wrapped:
            signal.signal(signal.SIGINT, before)
        try:
            for stream in teed:
                stream.flush()
        finally:
            sys.stdout, sys.stderr = streams
    return EXIT_OK
