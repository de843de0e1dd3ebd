"""Reading DICOM objects: files, folders, DICOMDIR; lazy frame decoding; series assembly. Qt-free."""

from .cache import FrameCache, frame_cache
from .describe import describe, format_description
from .errors import DicomReadError, FrameIndexError
from .instance import Instance, instance_from_dataset, read_instance
from .kinds import ObjectKind, classify_sop_class
from .loader import LoadResult, Skipped, open_path, open_paths
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
    "open_path",
    "open_paths",
    "read_instance",
    "transfer_syntax_label",
    "transfer_syntax_name",
]
