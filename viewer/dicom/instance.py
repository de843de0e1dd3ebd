"""One DICOM object (a SOP Instance, PS3.3 section A.1.2.x) and its lazily decoded frames.

:class:`Instance` keeps the header data set and decodes one frame at a time, on demand, exactly
as ``pydicom.pixels.pixel_array(ds, index=i)`` gives it with default options: grayscale stored
values signed per Pixel Representation and not rescaled, colour as RGB (YBR converted),
PALETTE COLOR as raw indices (big endian files give big endian dtypes, as pydicom does). A file's
frames are read from the file one at a time (see :mod:`.frames`); an in-memory data set's with
``pixel_array(ds, index=i)``. Decoded frames are read-only and kept in the process's one LRU
cache (:mod:`.cache`).
"""

from __future__ import annotations

import itertools
import operator
import os

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import pixel_array
from pydicom.uid import UID

from .cache import frame_cache
from .errors import DicomReadError, FrameIndexError, one_line
from .frames import FramesInFile
from .kinds import ObjectKind, classify_sop_class
from .pixeldata import PixelElement, element_from_dataset, number_of_frames, pixel_problem
from .reader import Header, read_header
from .syntax import infer_native_syntax, transfer_syntax_label
from .values import get_int, get_str
from .video import (VideoFrames, expected_codec, fragments_of_file, fragments_of_value,
                    frame_rate, is_video_syntax)

__all__ = ["Instance", "instance_from_dataset", "instance_from_header", "read_instance"]

_tokens = itertools.count(1)


class Instance:
    """A DICOM object: its header (``ds``), identifying attributes and frames (0-based).

    Build it with :func:`read_instance` or :func:`instance_from_dataset`. ``pixel_problem`` says
    why frames cannot be decoded (found when opening), ``notes`` what was worked around.
    """

    def __init__(
        self,
        ds: Dataset,
        *,
        path: str | None,
        transfer_syntax_uid: UID | None,
        element: PixelElement | None,
        decode_from_path: bool,
        notes: list[str] | None = None,
    ) -> None:
        self.ds = ds
        self.path = path
        self.transfer_syntax_uid = transfer_syntax_uid
        self.notes = list(notes or [])
        self.has_pixel_data = element is not None
        self.pixel_problem = pixel_problem(ds, transfer_syntax_uid, element)
        self._file = None
        self._video = None
        if is_video_syntax(transfer_syntax_uid) and element is not None:
            codec = expected_codec(transfer_syntax_uid)
            self._video = _video_frames(ds, path if decode_from_path else None, element, codec)
        elif decode_from_path and path is not None and element is not None:
            self._file = FramesInFile(path, element, transfer_syntax_uid)
        self._token = next(_tokens)
        self._read_attributes(ds)

    def _read_attributes(self, ds: Dataset) -> None:
        self.sop_class_uid = get_str(ds, "SOPClassUID")
        self.sop_instance_uid = get_str(ds, "SOPInstanceUID")
        self.study_instance_uid = get_str(ds, "StudyInstanceUID")
        self.series_instance_uid = get_str(ds, "SeriesInstanceUID")
        self.modality = get_str(ds, "Modality")
        self.instance_number = get_int(ds, "InstanceNumber")
        self.rows = get_int(ds, "Rows")
        self.columns = get_int(ds, "Columns")
        self.photometric_interpretation = get_str(ds, "PhotometricInterpretation")
        self.number_of_frames = number_of_frames(ds)[0] if self.has_pixel_data else 0
        self.kind: ObjectKind = classify_sop_class(self.sop_class_uid, self.has_pixel_data)

    def __repr__(self) -> str:
        where = self.path or "in memory"
        frames = self.number_of_frames
        return f"<Instance {self.kind.name} {self.sop_instance_uid} frames={frames} {where}>"

    def frame(self, index: int) -> np.ndarray:
        """Frame *index* (0-based), decoded once and then taken from the frame cache: a
        read-only array shared by every caller (copy it to change pixels).

        Raises :class:`FrameIndexError` when out of range and :class:`DicomReadError` when the
        frame cannot be decoded.
        """
        index = self._checked_index(index)
        if self.pixel_problem:
            raise DicomReadError(self.path, self._frame_label(index) + self.pixel_problem)
        cache = frame_cache()
        cached = cache.get((self._token, index))
        if cached is not None:
            return cached
        arr = self._decode(index)
        cache.put((self._token, index), arr)
        return arr

    def cached_frame(self, index: int) -> np.ndarray | None:
        """Frame *index* if the frame cache holds it, else ``None``; never decodes."""
        return frame_cache().get((self._token, index))

    def _checked_index(self, index: int) -> int:
        if not self.has_pixel_data:
            raise FrameIndexError(self.path, "the object has no Pixel Data, so no frames")
        try:
            value = operator.index(index)
        except TypeError:
            raise FrameIndexError(self.path, f"frame index {index!r} is not an integer") from None
        if isinstance(index, bool) or not 0 <= value < self.number_of_frames:
            raise FrameIndexError(
                self.path,
                f"frame index {index!r} is out of range: the object has "
                f"{self.number_of_frames} frame(s), indexed from 0",
            )
        return value

    def _frame_label(self, index: int) -> str:
        return f"frame {index + 1} of {self.number_of_frames}: "

    def _decode(self, index: int) -> np.ndarray:
        try:
            if self._video is not None:
                return self._video.decode(index)
            if self._file is not None:
                return self._file.decode(self.ds, index)
            return pixel_array(self.ds, index=index)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - a Rust decoder panics with a BaseException
            label = transfer_syntax_label(self.transfer_syntax_uid)
            reason = f"{self._frame_label(index)}cannot decode ({label}): {one_line(exc)}"
            raise DicomReadError(self.path, reason) from None

    @property
    def is_video(self) -> bool:
        """True for MPEG-2/H.264/HEVC Pixel Data: RGB frames decoded in order, no windowing."""
        return self._video is not None

    @property
    def frame_rate(self) -> float | None:
        """Frames per second (Frame Time or Cine Rate), ``None`` when not given."""
        return frame_rate(self.ds)

    def forget_frames(self) -> None:
        """Drop this instance's frames from the shared frame cache (and close a video's
        decoder and file, reopened if a frame is asked again)."""
        frame_cache().discard(self._token)
        if self._video is not None:
            self._video.close()


def _video_frames(ds: Dataset, path: str | None, element: PixelElement,
                  codec: str) -> VideoFrames:
    if path is not None and element.value_offset is not None:
        offset = element.value_offset
        return VideoFrames(lambda: fragments_of_file(path, offset), codec)
    return VideoFrames(lambda: fragments_of_value(ds.get("PixelData") or b""), codec)


def read_instance(path: str | os.PathLike[str]) -> Instance:
    """Open the DICOM file at *path* (header only; frames are decoded on demand).

    Raises :class:`DicomReadError` for a non-DICOM, truncated or corrupt file and for a
    DICOMDIR (which holds no object: open it with ``open_path``).
    """
    path = os.fspath(path)
    header = read_header(path)
    if header.is_dicomdir:
        raise DicomReadError(
            path, "is a DICOMDIR (Media Storage Directory), not an object: open it as a folder"
        )
    return instance_from_header(path, header)


def instance_from_header(path: str, header: Header) -> Instance:
    """The :class:`Instance` of a file whose header :func:`read_header` has read."""
    try:
        return Instance(
            header.ds,
            path=path,
            transfer_syntax_uid=header.syntax,
            element=header.element,
            decode_from_path=not header.in_memory,
            notes=header.notes,
        )
    except Exception as exc:  # noqa: BLE001 - the getters are defensive; this is a last guard
        raise DicomReadError(path, f"corrupt DICOM data: {one_line(exc)}") from None


def instance_from_dataset(ds: Dataset, path: str | os.PathLike[str] | None = None) -> Instance:
    """Wrap an in-memory data set (e.g. received by C-STORE) as an :class:`Instance`.

    Frames are decoded from ``ds`` itself. When ``ds.file_meta`` lacks a Transfer Syntax UID,
    it is set to the native syntax the data set was decoded with (needed by pydicom to decode).
    """
    where = None if path is None else os.fspath(path)
    if not isinstance(ds, Dataset):
        raise DicomReadError(where, f"not a DICOM data set ({type(ds).__name__})")
    try:
        element = element_from_dataset(ds)
    except ValueError as exc:
        raise DicomReadError(where, one_line(exc)) from None
    syntax, notes = _dataset_syntax(ds, element)
    if "DirectoryRecordSequence" in ds:
        raise DicomReadError(where, "is a DICOMDIR (Media Storage Directory), not an object")
    return Instance(
        ds,
        path=where,
        transfer_syntax_uid=syntax,
        element=element,
        decode_from_path=False,
        notes=notes,
    )


def _dataset_syntax(ds: Dataset, element: PixelElement | None) -> tuple[UID | None, list[str]]:
    meta = getattr(ds, "file_meta", None)
    declared = meta.get("TransferSyntaxUID") if meta is not None else None
    if declared:
        return UID(str(declared)), []
    implicit, little = ds.original_encoding
    if element is not None and element.length is None:
        return None, ["no Transfer Syntax UID for encapsulated Pixel Data"]
    if implicit is None:
        implicit, little = False, True  # built in memory: any native syntax decodes it
    syntax = infer_native_syntax(implicit, little)
    if meta is None:
        ds.file_meta = meta = FileMetaDataset()
    meta.TransferSyntaxUID = syntax
    return syntax, [f"no Transfer Syntax UID; decoded as {syntax.name}"]
