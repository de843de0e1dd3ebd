"""What Color, Pseudo-Color and Blending Softcopy Presentation States add to a GSPS. Qt-free.

PS3.3 A.33.2-A.33.4 share the GSPS modules for shutters, overlays, graphics, spatial
transformation and displayed area (read by :mod:`.gsps`); this module reads the rest:

- ICC Profile Module (C.11.15): ICC Profile (0028,2000), mandatory in all three; its bytes are
  kept as they are, the pipeline (:mod:`viewer.pipeline.icc`) checks and applies them.
- Palette Color Lookup Table Module (C.7.9), in Pseudo-Color and Blending states: the state's
  data set itself holds the Red/Green/Blue descriptors and (segmented) data; the pipeline
  decodes them (:mod:`viewer.pipeline.ps_palette`).
- Presentation State Blending Module (C.11.14): the Blending Sequence (0070,0402) with one
  UNDERLYING and one SUPERIMPOSED item, each with its images (Referenced Series Sequence),
  Modality LUT and Softcopy VOI LUT; and Relative Opacity (0070,0403).

Referenced Spatial Registration Sequence (0070,0404) is not read: the two image sets are
related through a shared Frame of Reference only (see :mod:`viewer.pipeline.blending`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

from .presentation_state import ImageReference, item_applies, series_references
from .values import get_float, get_str, get_value

__all__ = ["BlendingInput", "Blending", "read_blending", "read_icc_profile"]


@dataclass(frozen=True)
class BlendingInput:
    """One Blending Sequence item (C.11.14): a set of images with its grayscale stages.

    Has the attribute names of :class:`viewer.dicom.gsps.PresentationState` that the grayscale
    stages read (modality, VOI, presentation LUT), so they render it the same way; a blending
    input has no Presentation LUT (PS3.4 N.2.4.1: VOI output goes to the blending).
    """

    position: str  # UNDERLYING or SUPERIMPOSED
    study_instance_uid: str | None
    references: tuple[ImageReference, ...]
    rescale: tuple[float, float] | None
    modality_lut_item: Dataset | None
    voi: tuple  # of viewer.dicom.gsps.SoftcopyVOI
    ds: Dataset  # the whole state (its transfer syntax decodes the LUT data)
    presentation_shape: str = "IDENTITY"
    presentation_lut_item: Dataset | None = None

    @property
    def series_instance_uids(self) -> tuple[str, ...]:
        """The series of the images, in order, once each."""
        return tuple(dict.fromkeys(ref.series_instance_uid for ref in self.references
                                   if ref.series_instance_uid))

    def voi_for(self, sop_instance_uid, frame_number=None):
        """The Softcopy VOI LUT item for the image/frame, or None (identity VOI)."""
        return next((v for v in self.voi
                     if item_applies(v.references, sop_instance_uid, frame_number)), None)


@dataclass(frozen=True)
class Blending:
    """The two inputs and the opacity of the superimposed one (0.0 .. 1.0)."""

    underlying: BlendingInput
    superimposed: BlendingInput
    opacity: float


def read_icc_profile(ds: Dataset) -> bytes | None:
    """ICC Profile (0028,2000) of the state (C.11.15), or None when absent or empty."""
    value = get_value(ds, "ICCProfile")
    return bytes(value) if value else None


def _input(ds: Dataset, item: Dataset, position: str) -> BlendingInput:
    from .gsps import read_modality, read_softcopy_voi  # gsps imports this module

    rescale, modality_item = read_modality(item)
    return BlendingInput(position, get_str(item, "StudyInstanceUID"), series_references(item),
                         rescale, modality_item, read_softcopy_voi(item), ds)


def read_blending(ds: Dataset) -> Blending:
    """The Presentation State Blending Module (C.11.14); ValueError when an item is missing
    or Relative Opacity is not within 0..1."""
    inputs = {}
    for item in get_value(ds, "BlendingSequence") or ():
        position = (get_str(item, "BlendingPosition") or "").upper()
        if position in ("UNDERLYING", "SUPERIMPOSED") and position not in inputs:
            inputs[position] = _input(ds, item, position)
    for position in ("UNDERLYING", "SUPERIMPOSED"):
        if position not in inputs or not inputs[position].references:
            raise ValueError(f"the Blending Sequence (0070,0402) has no {position} item "
                             "referencing images")
    opacity = get_float(ds, "RelativeOpacity")
    if opacity is None or not 0.0 <= opacity <= 1.0:
        raise ValueError(f"Relative Opacity (0070,0403) must be within 0..1, not {opacity}")
    return Blending(inputs["UNDERLYING"], inputs["SUPERIMPOSED"], float(opacity))
