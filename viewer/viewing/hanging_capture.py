""""Save current layout as protocol", Qt-free: what the viewports show, written as a protocol
that hangs studies like this one the same way.

The match is the study's modalities, body part and (exact) study description; each viewport
asks for its series by modality and (exact) description, its images by view and laterality when
it shows only some of a series' images, from the current study or the prior it came from, with
its window preset, and with the chest wall on the side it is shown on now.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass

from viewer.dicom import Series
from viewer.dicom.values import get_str
from viewer.viewing.hanging import (KNOWN_PRESETS, Protocol, SeriesRule, Stage, StudyRule,
                                    ViewportSpec, is_header_preset)
from viewer.viewing.hanging_views import chest_wall_side, image_laterality, image_view


@dataclass(frozen=True)
class Shown:
    """What one viewport shows now (series None: nothing)."""

    series: Series | None
    preset: str | None = None  # ViewState.preset
    flip_h: bool = False
    reformat: str = ""


def _exact(text: str | None) -> tuple[str, ...]:
    return (glob.escape(text),) if text else ()


def study_rule(study: list[Series]) -> StudyRule:
    ds = study[0].instances[0].ds
    modalities = tuple(sorted({(s.modality or "").upper() for s in study} - {""}))
    return StudyRule(modality=modalities, body_part=_exact(get_str(ds, "BodyPartExamined")),
                     study_description=_exact(get_str(ds, "StudyDescription")))


def viewport_spec(shown: Shown, studies: list[list[Series]]) -> ViewportSpec:
    series = shown.series
    if series is None:
        return ViewportSpec()
    prior = next((i for i, study in enumerate(studies)
                  if any(s.series_instance_uid == series.series_instance_uid for s in study)), 0)
    full = next((s for study in studies for s in study
                 if s.series_instance_uid == series.series_instance_uid), series)
    views = {image_view(i.ds) for i in series.instances}
    sides = {image_laterality(i.ds) for i in series.instances}
    cut = len(series.instances) < len(full.instances)
    rule = SeriesRule(
        modality=(series.modality.upper(),) if series.modality else (),
        description=_exact(series.description),
        view=tuple(views) if cut and len(views) == 1 and "" not in views else (),
        laterality=sides.pop() if cut and len(sides) == 1 and sides <= {"R", "L"} else "")
    preset = shown.preset or ""
    if not (preset in KNOWN_PRESETS or is_header_preset(preset)):
        preset = ""
    wall = chest_wall_side(series.instances[0].ds)
    if wall and shown.flip_h:
        wall = "left" if wall == "right" else "right"
    return ViewportSpec(rules=(rule,), prior=prior, preset=preset, chest_wall=wall,
                        reformat=shown.reformat)


def capture(name: str, layout: tuple[int, int], shown: list[Shown],
            studies: list[list[Series]]) -> Protocol:
    """A one-stage protocol *name* hanging *studies* (current first) as *shown* is now."""
    viewports = tuple(viewport_spec(s, studies) for s in shown)
    return Protocol(name.strip(), study_rule(studies[0]),
                    (Stage(name.strip(), tuple(layout), viewports),))
