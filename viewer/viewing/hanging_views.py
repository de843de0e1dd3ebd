"""Which view an image is, of which side, and which way it faces: for hanging protocols.

- view: View Position (0018,5101), else the View Code Sequence (0054,0220) code (SNOMED CT, or
  the older SNOMED RT ids) or its meaning, normalised to ``CC``, ``MLO``, ``PA``, ``AP`` or
  ``LAT`` (``LL``/``RL``, left or right lateral); other View Positions are kept as they are.
- laterality: Image Laterality (0020,0062), else the series' Laterality (0020,0060).
- facing: the first value of Patient Orientation (0020,0020) is the direction of the rows
  (left to right on screen, PS3.3 C.7.6.1.1.1). A mammogram whose rows run towards posterior
  (``P``) has its chest wall on the right; towards anterior (``A``), on the left.
"""

from __future__ import annotations

from pydicom.sr.codedict import codes

from viewer.dicom.values import get_str, get_strs

LATERAL = ("LL", "RL", "LAT", "LATERAL", "LATERAL_LEFT", "LATERAL_RIGHT")
VIEW_CODES = {
    codes.SCT.CranioCaudal.value: "CC",
    codes.SCT.MedioLateralObliqueProjection.value: "MLO",
    codes.SCT.PosteroAnterior.value: "PA",
    codes.SCT.AnteroPosterior.value: "AP",
    codes.SCT.LeftLateral.value: "LAT",
    codes.SCT.RightLateral.value: "LAT",
    # SNOMED RT ids, as older modalities write them
    "R-10242": "CC", "R-10226": "MLO", "R-10214": "PA", "R-10206": "AP",
    "R-10236": "LAT", "R-10232": "LAT",
}
VIEW_MEANINGS = {"cranio-caudal": "CC", "medio-lateral oblique": "MLO",
                 "postero-anterior": "PA", "antero-posterior": "AP", "left lateral": "LAT",
                 "right lateral": "LAT", "lateral": "LAT"}


def image_view(ds) -> str:
    """``CC``, ``MLO``, ``PA``, ``AP``, ``LAT``, another View Position, or ""."""
    position = (get_str(ds, "ViewPosition") or "").upper()
    if position:
        return "LAT" if position in LATERAL else position
    for item in ds.get("ViewCodeSequence") or []:
        value = str(item.get("CodeValue", "") or "")
        if value in VIEW_CODES:
            return VIEW_CODES[value]
        meaning = str(item.get("CodeMeaning", "") or "").strip().lower()
        if meaning in VIEW_MEANINGS:
            return VIEW_MEANINGS[meaning]
    return ""


def image_laterality(ds) -> str:
    """``R``, ``L``, ``B`` (both) or ""."""
    return (get_str(ds, "ImageLaterality") or get_str(ds, "Laterality") or "").upper()


def chest_wall_side(ds) -> str:
    """Where the chest wall is in the image as stored: "left", "right" or "" (unknown)."""
    orientation = get_strs(ds, "PatientOrientation")
    rows = orientation[0].upper() if orientation else ""
    if "P" in rows and "A" not in rows:
        return "right"
    if "A" in rows and "P" not in rows:
        return "left"
    return ""


def mirrored_for(ds, wanted: str) -> bool:
    """Whether to mirror the image left-right so its chest wall is on the *wanted* side."""
    side = chest_wall_side(ds)
    return bool(side) and side != wanted
