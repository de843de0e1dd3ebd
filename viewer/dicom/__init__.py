"""Reading DICOM objects: files, folders, DICOMDIR; lazy frame decoding; series assembly. Qt-free.

- :func:`open_path` / :func:`open_paths` open a file, a folder (recursively) or a DICOMDIR and
  return a :class:`LoadResult` (``instances`` and ``skipped`` as (path, reason)).
- :func:`read_instance` opens one file (header only), :func:`instance_from_dataset` wraps a data
  set held in memory (e.g. received by C-STORE).
- :meth:`Instance.frame` decodes one frame, 0-based, exactly as
  ``pydicom.pixels.pixel_array(ds, index=i)`` gives it (stored values, not rescaled; colour as
  RGB; PALETTE COLOR as indices).
- :func:`assemble_series` groups instances into :class:`Series` of (instance, frame) entries in
  display order; :class:`ObjectKind` tells images from presentation states, reports, key object
  selections and waveforms.
- :func:`describe` / :func:`format_description` summarise an instance (``dicom-viewer info``).
- :func:`iter_paths` opens one file at a time (progressive opening); decoded frames are kept,
  read-only, in the process's one :class:`FrameCache`.
- :mod:`.names` and :mod:`.dates`: the one display form of person names, dates and times.

Every failure is a :class:`DicomReadError` (``str()`` is ``"PATH: reason"``).
"""

from .cache import FrameCache, frame_cache
from .describe import describe, format_description
from .errors import DicomReadError, FrameIndexError
from .instance import Instance, instance_from_dataset, read_instance
from .kinds import ObjectKind, classify_sop_class
from .loader import LoadResult, Skipped, iter_paths, open_path, open_paths
from .series import FrameRef, Series, assemble_series
from .syntax import transfer_syntax_label, transfer_syntax_name

__all__ = [
    "DicomReadError",
    "FrameCache",
    "FrameIndexError",
    "FrameRef",
    "Instance",
    "LoadResult",
    "ObjectKind",
    "Series",
    "Skipped",
    "assemble_series",
    "classify_sop_class",
    "describe",
    "format_description",
    "frame_cache",
    "instance_from_dataset",
    "iter_paths",
    "open_path",
    "open_paths",
    "read_instance",
    "transfer_syntax_label",
    "transfer_syntax_name",
]
