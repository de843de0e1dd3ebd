"""The one error type of the DICOM reading layer.

Anything that comes from outside (a file, a folder, a DICOMDIR, a data set received over the
network) may be malformed or hostile (PS3.10 section 7, PS3.5 section 7). Every failure to read
or decode it is reported as a :class:`DicomReadError` naming the source and the reason, so that
callers show one clear line instead of a traceback.
"""

from __future__ import annotations

import os

IN_MEMORY = "<in-memory data set>"


class DicomReadError(Exception):
    """A DICOM source could not be read or one of its frames could not be decoded.

    ``path`` is the file (``None`` for an in-memory data set) and ``reason`` a one-line
    explanation; ``str(error)`` is ``"PATH: reason"``.
    """

    def __init__(self, path: str | os.PathLike[str] | None, reason: str) -> None:
        self.path: str | None = None if path is None else os.fspath(path)
        self.reason: str = " ".join(str(reason).split())
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{IN_MEMORY if self.path is None else self.path}: {self.reason}"


class FrameIndexError(DicomReadError, IndexError):
    """A frame index outside ``0 <= index < number_of_frames`` (also an :class:`IndexError`)."""


# Exceptions whose message reads well on its own; any other type is named in front of it.
_SELF_EXPLAINING = (ValueError, RuntimeError, NotImplementedError, AttributeError, OSError)


def one_line(exc: BaseException) -> str:
    """Return *exc* as one line of text, whitespace collapsed, for a :class:`DicomReadError`."""
    message = " ".join(str(exc).split())
    if message and isinstance(exc, _SELF_EXPLAINING):
        return message
    name = type(exc).__name__
    return f"{name}: {message}" if message else name
