"""Choosing a hanging protocol for a study and filling a stage's viewports, Qt-free.

Matching (:func:`score`): a protocol's modality must be among the study's, the study must have
as many priors as the protocol needs (``min_priors``, and at least one stage must be possible),
and each other rule given must match: body part (Body Part Examined) or study description (they
are alternatives, see :class:`~.hanging.StudyRule`), and a series description. The score counts
what matched (modality 1, body part 2, study description 2, series description 1, each prior
needed 1) and the best score wins; ties go to the protocol listed first (the user's before the
built-ins).

Filling (:func:`place_stage`): each viewport takes, from the current study or its prior, the
images of the first of its rules that matches anything: the first matching series not placed
yet in the stage (a series is shown once per stage, but a reformat may show one shown already;
a reformat needs a stack of at least ``MIN_REFORMAT_SLICES`` slices ordered by position);
``view``/``laterality`` rules keep only the matching images of that series
(:func:`viewer.viewing.hanging_views.image_view`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from viewer.dicom import ObjectKind, Series
from viewer.dicom.values import get_str, get_strs
from viewer.viewing.hanging import Protocol, SeriesRule, Stage, StudyRule, ViewportSpec
from viewer.viewing.hanging_views import image_laterality, image_view, mirrored_for

MIN_REFORMAT_SLICES = 16


@dataclass(frozen=True)
class Placement:
    """What one viewport of a stage shows: *series* (or its matching images only), the window
    preset, whether to mirror it left-right and which reformatted plane ("" for none)."""

    series: Series
    preset: str = ""
    flip: bool = False
    reformat: str = ""
    cut: bool = False  # only some of the series' images

    @property
    def key(self) -> tuple:
        """What is shown, to tell whether a later placement differs (a whole series that grows
        while it is read is the same placement)."""
        images = tuple(i.sop_instance_uid for i in self.series.instances) if self.cut else ()
        return (self.series.series_instance_uid, images, self.preset, self.flip, self.reformat)


def matches(patterns, value: str | None) -> bool:
    """Shell-style, case-insensitive; an empty pattern list matches anything."""
    if not patterns:
        return True
    text = (value or "").strip().upper()
    return any(fnmatchcase(text, p.upper()) for p in patterns)


def image_series(series: list[Series]) -> list[Series]:
    return [s for s in series if s.kind is ObjectKind.IMAGE and s.frames]


def _first(series: list[Series], keyword: str) -> list[str]:
    return [get_str(s.instances[0].ds, keyword) or "" for s in series if s.instances]


def score(protocol: Protocol, study: list[Series], priors: int) -> int | None:
    """How well *protocol* fits the *study* with *priors* prior studies (None: not at all)."""
    rule: StudyRule = protocol.match
    images = image_series(study)
    needed = max(rule.min_priors, min(s.priors_needed for s in protocol.stages))
    if priors < needed or not images:
        return None
    points = needed
    if rule.modality:
        if not {(s.modality or "").upper() for s in images} & set(rule.modality):
            return None
        points += 1
    body = any(matches(rule.body_part, v) for v in _first(images, "BodyPartExamined"))
    described = any(matches(rule.study_description, v)
                    for v in _first(images, "StudyDescription"))
    if rule.body_part or rule.study_description:
        body, described = body and bool(rule.body_part), described and bool(
            rule.study_description)
        if not (body or described):
            return None
        points += 2 * body + 2 * described
    if rule.series_description:
        if not any(matches(rule.series_description, s.description) for s in images):
            return None
        points += 1
    return points


def choose(protocols: list[Protocol], study: list[Series], priors: int) -> Protocol | None:
    """The best matching protocol (the first listed among equals), or None."""
    best, best_points = None, -1
    for protocol in protocols:
        points = score(protocol, study, priors)
        if points is not None and points > best_points:
            best, best_points = protocol, points
    return best


def applicable(protocol: Protocol, study: list[Series], priors: int) -> bool:
    """Whether the reader may hang *protocol* on *study*, matching or not: a modality of the
    study is the protocol's and a stage is possible."""
    modalities = {(s.modality or "").upper() for s in image_series(study)}
    return bool(stages_possible(protocol, priors)) and (
        not protocol.match.modality or bool(modalities & set(protocol.match.modality)))


def stages_possible(protocol: Protocol, priors: int) -> list[int]:
    """Indexes of the stages whose priors the study has."""
    return [i for i, s in enumerate(protocol.stages) if s.priors_needed <= priors]


def series_matches(rule: SeriesRule, series: Series) -> bool:
    ds = series.instances[0].ds
    image_type = {t.upper() for t in get_strs(ds, "ImageType")}
    return ((not rule.modality or (series.modality or "").upper() in rule.modality)
            and matches(rule.description, series.description)
            and not (rule.not_description and matches(rule.not_description, series.description))
            and not image_type & set(rule.not_image_type))


def image_matches(rule: SeriesRule, ds) -> bool:
    return ((not rule.view or image_view(ds) in rule.view)
            and (not rule.laterality or image_laterality(ds) == rule.laterality))


def is_volume(series: Series) -> bool:
    """Whether a reformat of *series* makes sense: a stack ordered by position, of at least
    MIN_REFORMAT_SLICES slices (fewer make no useful plane)."""
    return series.ordered_by == "position" and len(series.frames) >= MIN_REFORMAT_SLICES


def pick(rule: SeriesRule, series: list[Series], placed: set[str],
         reformat: bool = False, again: bool = False) -> Series | None:
    """The series (or its images that *rule* picks) for one viewport, or None. A series placed
    in the stage already only when none is left and the viewport shows another view of it:
    a *reformat* (which needs a volume), or *again* (in its own window preset: one CT series
    read in the soft-tissue and the lung window rather than an empty viewport)."""
    found = []
    for candidate in series:
        if not series_matches(rule, candidate) or (reformat and not is_volume(candidate)):
            continue
        if rule.picks_images:
            candidate = only_images(candidate, rule)
            if candidate is None:
                continue
        found.append(candidate)
    fresh = [s for s in found if _identity(s) not in placed]
    return (fresh or (found if reformat or again else []) or [None])[0]


def only_images(series: Series, rule: SeriesRule) -> Series | None:
    """*series* cut to the instances whose view and laterality *rule* asks for."""
    kept = [i for i in series.instances if image_matches(rule, i.ds)]
    if not kept:
        return None
    if len(kept) == len(series.instances):
        return series
    ids = {id(i) for i in kept}
    return replace(series, instances=kept,
                   frames=[f for f in series.frames if id(f.instance) in ids])


def _identity(series: Series) -> str:
    return series.series_instance_uid + "|" + ",".join(
        i.sop_instance_uid or "" for i in series.instances)


def place_viewport(spec: ViewportSpec, studies: list[list[Series]],
                   placed: set[str]) -> Placement | None:
    if spec.prior >= len(studies):
        return None
    series = image_series(studies[spec.prior])
    for rule in spec.rules:
        chosen = pick(rule, series, placed, reformat=bool(spec.reformat),
                      again=bool(spec.preset))
        if chosen is not None:
            placed.add(_identity(chosen))
            flip = bool(spec.chest_wall) and mirrored_for(chosen.instances[0].ds,
                                                          spec.chest_wall)
            cut = not any(chosen is s for s in series)
            return Placement(chosen, spec.preset, flip, spec.reformat, cut)
    return None


def place_stage(stage: Stage, studies: list[list[Series]]) -> list[Placement | None]:
    """One placement (or None: nothing matched) per viewport of *stage*; *studies* is the
    current study's series, then each prior's, newest first."""
    placed: set[str] = set()
    return [place_viewport(spec, studies, placed) for spec in stage.viewports]
