"""Output for the command line: files written whole or not at all, OS errors named.

A command's ``-o FILE`` is written to a temporary file beside ``FILE`` and renamed over
it only when the command has written everything: a command stopped by a problem (a
file that cannot be read to the end, a full disk, an interrupt) leaves ``FILE`` as it
was and no temporary file behind. Standard output, and a ``FILE`` that is not a
regular file (``/dev/stdout``, a pipe, a device), are written as they go.

An operating-system error while writing (a full disk, a device error) is the user's
environment, not a bug: an :class:`OutputError`, exit code :data:`EXIT_OUTPUT`. An
output that cannot be created at all (no such folder, no permission) is a bad command
line, like an input that cannot be read: a :class:`~conflictevents._cli.io.FileError`.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final, cast

from .io import FileError

__all__ = ["EXIT_OUTPUT", "STDOUT", "OutputError", "guarded", "output"]

EXIT_OUTPUT: Final = 4
"""The output could not be written (a full disk, no permission): not a bug."""

STDOUT: Final = "-"
"""The output name that means standard output."""


class OutputError(Exception):
    """The operating system refused to write the output (full disk, permission...)."""

    def __init__(self, name: str, error: OSError) -> None:
        self.name = name
        self.reason = error.strerror or str(error)
        self.reported = False  # a command that printed it sets this
        super().__init__(f"{name}: cannot write: {self.reason}")


class _Guarded(io.TextIOBase):
    """A text stream whose OS errors on writing are :class:`OutputError` naming it.

    A broken pipe stays a :class:`BrokenPipeError` (the reader went away: not an error).
    Closing it leaves the stream it wraps open.
    """

    def __init__(self, stream: IO[str], name: str) -> None:
        super().__init__()
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        """Write ``text`` to the wrapped stream."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def flush(self) -> None:
        """Flush the wrapped stream (nothing once this one is closed)."""
        if self.closed:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def close(self) -> None:
        """Mark this wrapper closed, without flushing or closing the wrapped stream."""
        self._stream = _CLOSED
        with contextlib.suppress(OSError, ValueError):
            super().close()

    def writable(self) -> bool:
        """Always: it is an output."""
        return True

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self._stream.isatty()

    def fileno(self) -> int:
        """The wrapped stream's file descriptor."""
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The wrapped stream's encoding."""
        return getattr(self._stream, "encoding", None) or "utf-8"


_CLOSED: Final = io.StringIO()


def guarded(stream: IO[str], name: str) -> IO[str]:
    """``stream``, whose OS errors on writing become :class:`OutputError` naming ``name``."""
    if isinstance(stream, _Guarded):  # main() guards standard output already
        return stream
    return cast("IO[str]", _Guarded(stream, name))


def _is_special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a pipe, a socket)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def _new_file_mode() -> int:
    """The permissions ``open()`` gives a new file: 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _replace(name: str, target: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A temporary file beside ``target``, renamed over it if the block ends normally.

    ``binary`` gives the raw binary file (for a picture) instead of guarded text.
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = _new_file_mode()
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:  # no such folder, no permission: the command line's fault
        raise FileError(name, f"cannot write: {exc.strerror or exc}") from None
    try:
        opened: IO[Any] = (
            os.fdopen(handle, "wb")
            if binary
            else os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        )
        with opened as stream:
            yield stream if binary else guarded(stream, name)
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as exc:
                raise OutputError(name, exc) from None
        try:
            Path(temporary).chmod(mode)
            Path(temporary).replace(target)
        except OSError as exc:
            raise OutputError(name, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


@contextlib.contextmanager
def output(name: str) -> Iterator[IO[str]]:
    """The stream to write a command's output to: standard output for ``-``, else ``name``.

    A regular file (or a new one) is written whole or not at all: to a temporary file
    beside it, renamed over it when the block ends normally, removed when it raises. OS
    errors while writing are :class:`OutputError`.
    """
    if name == STDOUT:
        stream = guarded(sys.stdout, "<stdout>")
        yield stream
        stream.flush()
        return
    target = Path(name)
    with contextlib.suppress(OSError):
        target = target.resolve()  # write through a symbolic link, not over it
    if not _is_special(target):
        with _replace(name, target) as stream:
            yield stream
        return
    try:
        raw = target.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FileError(name, f"cannot write: {exc.strerror or exc}") from None
    try:
        yield guarded(raw, name)
        try:
            raw.flush()
        except OSError as exc:
            raise OutputError(name, exc) from None
    finally:
        with contextlib.suppress(OSError):
            raw.close()


@contextlib.contextmanager
def binary_output(name: str) -> Iterator[IO[bytes]]:
    """A binary file written whole or not at all, as :func:`output` writes text files.

    Through a symbolic link to its target; permissions kept; removed on any failure.
    OS errors while writing are :class:`OutputError`.
    """
    target = Path(name)
    with contextlib.suppress(OSError):
        target = target.resolve()
    with _replace(name, target, binary=True) as stream:
        try:
            yield stream
        except OSError as exc:
            raise OutputError(name, exc) from None
