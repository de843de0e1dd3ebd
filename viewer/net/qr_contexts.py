"""Presentation contexts of a C-GET association: storage SOP classes in the SCP role.

Per storage SOP class one context carries the uncompressed transfer syntaxes FIRST, then one
context per compressed syntax (an acceptor accepts exactly one syntax per context, and dcmqrscp
sends every instance of a class in the first accepted context of that class; with one context
listing everything Orthanc would have to transcode and fails for JPEG 2000). pynetdicom allows
128 contexts in all, so classes are chosen: those the archive says the study has first, then the
common image classes, presentation states, SR and KO; compressed contexts go to image classes
while room is left.
"""

from __future__ import annotations

from pydicom.uid import (UID, ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEG2000,
                         JPEG2000Lossless, JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless,
                         JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless, RLELossless)
from pynetdicom import build_role
from pynetdicom import sop_class as sc

UNCOMPRESSED = [ExplicitVRLittleEndian, ImplicitVRLittleEndian]
COMPRESSED = [JPEGLosslessSV1, JPEGLossless, JPEGLSLossless, RLELossless, JPEG2000Lossless,
              JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLSNearLossless, JPEG2000]

DEFAULT_CLASSES = [
    sc.CTImageStorage, sc.MRImageStorage, sc.ComputedRadiographyImageStorage,
    sc.DigitalXRayImageStorageForPresentation, sc.DigitalMammographyXRayImageStorageForPresentation,
    sc.UltrasoundImageStorage, sc.UltrasoundMultiFrameImageStorage,
    sc.SecondaryCaptureImageStorage, sc.XRayAngiographicImageStorage,
    sc.NuclearMedicineImageStorage, sc.PositronEmissionTomographyImageStorage,
    sc.EnhancedCTImageStorage, sc.EnhancedMRImageStorage,
    sc.DigitalXRayImageStorageForProcessing, sc.XRayRadiofluoroscopicImageStorage,
    sc.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    sc.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    sc.MultiFrameTrueColorSecondaryCaptureImageStorage, sc.RTImageStorage,
    sc.VLPhotographicImageStorage,
    sc.GrayscaleSoftcopyPresentationStateStorage, sc.ColorSoftcopyPresentationStateStorage,
    sc.BasicTextSRStorage, sc.EnhancedSRStorage, sc.ComprehensiveSRStorage,
    sc.KeyObjectSelectionDocumentStorage, sc.EncapsulatedPDFStorage, sc.SegmentationStorage,
]


def has_pixels(sop_class_uid: str) -> bool:
    """Whether instances of the class carry (compressible) pixel data."""
    return "Image" in UID(sop_class_uid).name


def storage_contexts(preferred=(), budget: int = 127):
    """``([(sop_class, [syntaxes]), ...], [role items])`` for at most *budget* contexts."""
    classes = list(dict.fromkeys([UID(str(c)) for c in preferred if c] + DEFAULT_CLASSES))
    classes = [c for c in classes if c.is_valid][:budget]
    contexts = [(c, UNCOMPRESSED) for c in classes]
    for cls in classes:
        if not has_pixels(cls):
            continue
        room = budget - len(contexts)
        if room <= 0:
            break
        contexts += [(cls, [ts]) for ts in COMPRESSED[:room]]
    roles = [build_role(c, scp_role=True) for c in classes]
    return contexts, roles
