"""A reformatted plane as a series the viewer shows like any other, Qt-free.

:func:`reformat_series` turns a :class:`~viewer.viewing.mpr.Grid` of a volume into a
:class:`~viewer.dicom.Series` of one multi-frame :class:`ReformatInstance`: frame k is the
plane ``k`` normal steps from the volume's nearest corner (the step is the volume's voxel size
along the normal, so an axial reformat of an axial series meets its slices). Its header is a
derived image (Image Type DERIVED\\SECONDARY\\REFORMATTED) with the series' patient and study,
Frame of Reference, window, and per frame the Image Position (Patient) as an enhanced object
stores it (PS3.3 C.7.6.16.2.3), so geometry, orientation letters, scale bar, measurements,
reference lines and the 3D cursor read it as they read any image.

Frames are computed on demand (:attr:`ReformatInstance.computed`: the frame loader does not
queue them) from the one shared volume; the instance keeps only its last few frames, and
:meth:`ReformatInstance.release` lets the volume go once the reformat is no longer shown. Stored
values are int16 with the Rescale Slope/Intercept of :func:`display_scale`: the identity for an
int16 volume, else the volume's range spread over int16.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from viewer.dicom import DicomReadError, FrameRef, Instance, ObjectKind, Series
from viewer.viewing.mpr import Grid, Slab, grid_for, normal_step, sample
from viewer.viewing.volume import Volume

KEPT_FRAMES = 3
COPIED = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID",
          "StudyDate", "StudyTime", "StudyDescription", "AccessionNumber", "StudyID",
          "Modality", "FrameOfReferenceUID", "WindowCenter", "WindowWidth",
          "WindowCenterWidthExplanation", "RescaleType", "BodyPartExamined", "Manufacturer",
          "InstitutionName", "SeriesNumber", "SpecificCharacterSet")


def display_scale(volume: Volume) -> tuple[float, float]:
    """(Rescale Slope, Rescale Intercept) taking int16 stored values to the volume's."""
    if volume.voxels.dtype == np.int16:
        return 1.0, 0.0
    low, high = volume.padding, volume.maximum
    slope = (high - low) / 65534 if high > low else 1.0
    return slope, low + 32767 * slope


def to_stored(values: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    slope, intercept = scale
    stored = np.rint((values - intercept) / slope) if scale != (1.0, 0.0) else np.rint(values)
    return np.clip(stored, -32768, 32767).astype(np.int16)


def frame_positions(volume: Volume, grid: Grid) -> np.ndarray:
    """t (mm along the normal) of every frame: from the nearest corner, one voxel step apart."""
    step = normal_step(volume, grid.normal)
    count = int(np.floor((grid.far - grid.near) / step + 1e-6)) + 1
    return grid.near + step * np.arange(count)


def reformat_header(volume: Volume, grid: Grid, positions, plane: str,
                    scale: tuple[float, float]) -> Dataset:
    ds = Dataset()
    for keyword in COPIED:
        if keyword in volume.header:
            setattr(ds, keyword, volume.header.get(keyword))
    description = volume.header.get("SeriesDescription") or ""
    ds.SeriesDescription = f"{plane} MPR {description}".strip()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.SOPClassUID = volume.header.get("SOPClassUID") or "1.2.840.10008.5.1.4.1.1.7"
    ds.ImageType = ["DERIVED", "SECONDARY", "REFORMATTED"]
    ds.InstanceNumber = 1
    ds.NumberOfFrames = len(positions)
    ds.Rows, ds.Columns = grid.rows, grid.columns
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleSlope, ds.RescaleIntercept = f"{scale[0]:.10g}", f"{scale[1]:.10g}"
    shared = Dataset()
    orientation, measures = Dataset(), Dataset()
    orientation.ImageOrientationPatient = [f"{v:.8f}" for v in (*grid.right, *grid.down)]
    measures.PixelSpacing = [f"{grid.spacing:.8g}"] * 2
    measures.SliceThickness = f"{normal_step(volume, grid.normal):.8g}"
    shared.PlaneOrientationSequence = Sequence([orientation])
    shared.PixelMeasuresSequence = Sequence([measures])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    ds.PerFrameFunctionalGroupsSequence = Sequence([_frame_item(grid, t) for t in positions])
    ds.file_meta = Dataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def _frame_item(grid: Grid, t: float) -> Dataset:
    """Plane Position (Patient) of one frame (built by tag: hundreds per reformat)."""
    item, position = Dataset(), Dataset()
    position.add_new(0x00200032, "DS", "\\".join(f"{v:.6f}" for v in grid.position(t)))
    item.add_new(0x00209113, "SQ", [position])  # Plane Position Sequence
    return item


class ReformatInstance(Instance):
    """Frames computed from a volume when asked; never decoded from a file."""

    computed = True

    def __init__(self, volume: Volume, grid: Grid, plane: str, slab: Slab | None = None):
        self.volume, self.grid, self.plane, self.slab = volume, grid, plane, slab
        self.positions = frame_positions(volume, grid)
        self.scale = display_scale(volume)
        ds = reformat_header(volume, grid, self.positions, plane, self.scale)
        super().__init__(ds, path=None, transfer_syntax_uid=ExplicitVRLittleEndian,
                         element=None, decode_from_path=False)
        self.has_pixel_data, self.pixel_problem = True, None
        self.number_of_frames = len(self.positions)
        self.kind = ObjectKind.IMAGE
        self._kept: OrderedDict[int, np.ndarray] = OrderedDict()

    def frame(self, index: int) -> np.ndarray:
        index = self._checked_index(index)
        if self.volume is None:
            raise DicomReadError(None, "this reformat was closed (its volume let go)")
        kept = self._kept.get(index)
        if kept is None:
            values = sample(self.volume, self.grid, float(self.positions[index]), self.slab)
            kept = to_stored(values, self.scale)
            kept.flags.writeable = False
            self._kept[index] = kept
            while len(self._kept) > KEPT_FRAMES:
                self._kept.popitem(last=False)
        self._kept.move_to_end(index)
        return kept

    def cached_frame(self, index: int) -> np.ndarray | None:
        if self.volume is None:
            return None
        return self.frame(index)  # computed in milliseconds: never "loading"

    def nearest_frame(self, point) -> int:
        t = float(np.dot(self.grid.normal, np.asarray(point, float)))
        return int(np.clip(np.rint((t - self.positions[0]) / self._step), 0,
                           len(self.positions) - 1))

    @property
    def _step(self) -> float:
        return float(self.positions[1] - self.positions[0]) if len(self.positions) > 1 else 1.0

    def forget_frames(self) -> None:
        self._kept.clear()

    def release(self) -> None:
        """Let the volume go (caches that still hold this series keep only its header)."""
        self.volume = None
        self._kept.clear()


def plane_series(volume: Volume, cursor, plane: str, slab: Slab | None = None) -> Series:
    """*plane*'s reformat through the crosshair *cursor* (an MprCursor: the plane's axes)."""
    return reformat_series(volume, grid_for(volume, *cursor.axes[plane]), plane, slab)


def reformat_series(volume: Volume, grid: Grid, plane: str, slab: Slab | None = None) -> Series:
    instance = ReformatInstance(volume, grid, plane, slab)
    ds = instance.ds
    return Series(series_instance_uid=ds.SeriesInstanceUID,
                  study_instance_uid=str(ds.get("StudyInstanceUID") or ""),
                  kind=ObjectKind.IMAGE, modality=ds.get("Modality"),
                  description=ds.SeriesDescription, number=ds.get("SeriesNumber"),
                  frame_of_reference_uid=volume.frame_of_reference_uid,
                  instances=[instance],
                  frames=[FrameRef(instance, i) for i in range(instance.number_of_frames)],
                  ordered_by="position")
