"""The built-in hanging protocols, in the file's JSON form (read by the same validating reader
as the user's file, :func:`viewer.viewing.hanging.protocols_from`).

- CT chest: soft tissue and lung axial, and a coronal reformat of the lung series in the lung
  window (of the soft tissue when there is no lung series) - the MPR holds one volume at a
  time; then soft tissue vs lung.
- CT head: brain and bone windows; then brain with a coronal reformat.
- MR brain: T1, T2, FLAIR and diffusion.
- CR/DX chest PA + lateral with a prior: current PA/lateral above the prior's; then PA vs PA.
- CR/DX chest PA + lateral (no prior).
- Mammography 4-up: RCC, LCC, RMLO, LMLO with the chest walls facing each other; then CC and
  MLO against the prior (stages that need a prior are skipped without one).

Window presets are those of :mod:`viewer.viewing.presets` (CT names in HU); a soft-tissue
series keeps its own window (the one its reconstruction was made for). A series is shown once
per stage, unless a viewport would stay empty: a viewport with a window preset (the CT chest's
lung window) or a reformat shows one again; any other viewport whose series the study lacks is
left to the area (it shows a series not shown yet, if any).
"""

from __future__ import annotations

from dataclasses import replace

from viewer.viewing.hanging import Protocol, protocols_from

LOCALIZERS = ["*SCOUT*", "*TOPO*", "*LOCALI*", "*SURVIEW*"]
NOT_LOCALIZER = {"not_image_type": ["LOCALIZER"], "not_description": LOCALIZERS}
CT_ANY = {"modality": ["CT"], **NOT_LOCALIZER}
CT_SOFT = {**CT_ANY, "not_description": LOCALIZERS + ["*LUNG*", "*PULM*", "*BONE*"]}
CT_LUNG = {"modality": ["CT"], "description": ["*LUNG*", "*PULM*"]}
CT_BONE = {"modality": ["CT"], "description": ["*BONE*"]}
MR_ANY = {"modality": ["MR"], **NOT_LOCALIZER}
CHEST_XR = ["CR", "DX"]
PA = {"modality": CHEST_XR, "view": ["PA", "AP"]}
LAT = {"modality": CHEST_XR, "view": ["LAT"]}


def _mr(*patterns: str, avoid: tuple[str, ...] = ()) -> dict:
    return {"series": [{"modality": ["MR"], "description": list(patterns),
                        **({"not_description": list(avoid)} if avoid else {})}, MR_ANY]}


def _mg(view: str, side: str, prior: int = 0) -> dict:
    return {"series": [{"modality": ["MG"], "view": [view], "laterality": side}], "prior": prior,
            "chest_wall": "right" if side == "R" else "left"}


BUILTIN = {"version": 1, "protocols": [
    {"name": "CT chest", "match": {
        "modality": ["CT"], "body_part": ["CHEST", "THORAX", "LUNG*"],
        "study_description": ["*CHEST*", "*THORAX*", "*LUNG*", "*PULM*"]},
     "stages": [
         {"name": "Soft tissue, lung, coronal", "layout": [1, 3], "viewports": [
             {"series": [CT_SOFT, CT_ANY]},
             {"series": [CT_LUNG, CT_ANY], "preset": "ct.lung"},
             {"series": [CT_LUNG, CT_SOFT, CT_ANY], "preset": "ct.lung", "reformat": "coronal"}]},
         {"name": "Soft tissue and lung", "layout": [1, 2], "viewports": [
             {"series": [CT_SOFT, CT_ANY]},
             {"series": [CT_LUNG, CT_ANY], "preset": "ct.lung"}]}]},
    {"name": "CT head", "match": {
        "modality": ["CT"], "body_part": ["HEAD", "BRAIN", "SKULL"],
        "study_description": ["*HEAD*", "*BRAIN*", "*CRANI*", "*SKULL*"]},
     "stages": [
         {"name": "Brain and bone", "layout": [1, 2], "viewports": [
             {"series": [CT_SOFT, CT_ANY], "preset": "ct.brain"},
             {"series": [CT_BONE, CT_ANY], "preset": "ct.bone"}]},
         {"name": "Brain, coronal", "layout": [1, 2], "viewports": [
             {"series": [CT_ANY], "preset": "ct.brain"},
             {"series": [CT_ANY], "preset": "ct.brain", "reformat": "coronal"}]}]},
    {"name": "MR brain", "match": {
        "modality": ["MR"], "body_part": ["HEAD", "BRAIN"],
        "study_description": ["*BRAIN*", "*HEAD*", "*NEURO*", "*CRANI*"]},
     "stages": [
         {"name": "T1, T2, FLAIR, diffusion", "layout": [2, 2], "viewports": [
             _mr("*T1*", avoid=("*FLAIR*",)), _mr("*T2*", avoid=("*FLAIR*",)),
             _mr("*FLAIR*"), _mr("*DWI*", "*DIFF*", "*TRACE*", "*ADC*")]}]},
    {"name": "CR/DX chest PA + lateral with prior", "match": {
        "modality": CHEST_XR, "body_part": ["CHEST", "THORAX"],
        "study_description": ["*CHEST*", "*THORAX*", "*LUNG*"], "min_priors": 1},
     "stages": [
         {"name": "Current above prior", "layout": [2, 2], "viewports": [
             {"series": [PA]}, {"series": [LAT]},
             {"series": [PA], "prior": 1}, {"series": [LAT], "prior": 1}]},
         {"name": "PA: current and prior", "layout": [1, 2], "viewports": [
             {"series": [PA]}, {"series": [PA], "prior": 1}]}]},
    {"name": "CR/DX chest PA + lateral", "match": {
        "modality": CHEST_XR, "body_part": ["CHEST", "THORAX"],
        "study_description": ["*CHEST*", "*THORAX*", "*LUNG*"]},
     "stages": [
         {"name": "PA and lateral", "layout": [1, 2], "viewports": [
             {"series": [PA]}, {"series": [LAT]}]}]},
    {"name": "Mammography 4-up", "match": {"modality": ["MG"]},
     "stages": [
         {"name": "CC and MLO", "layout": [2, 2], "viewports": [
             _mg("CC", "R"), _mg("CC", "L"), _mg("MLO", "R"), _mg("MLO", "L")]},
         {"name": "CC: current above prior", "layout": [2, 2], "viewports": [
             _mg("CC", "R"), _mg("CC", "L"), _mg("CC", "R", 1), _mg("CC", "L", 1)]},
         {"name": "MLO: current above prior", "layout": [2, 2], "viewports": [
             _mg("MLO", "R"), _mg("MLO", "L"), _mg("MLO", "R", 1), _mg("MLO", "L", 1)]}]},
]}


def builtin_protocols() -> list[Protocol]:
    """The built-in set (fresh objects, marked ``builtin``)."""
    return [replace(p, builtin=True) for p in protocols_from(BUILTIN)]
