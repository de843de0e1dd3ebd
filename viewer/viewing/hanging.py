"""Hanging protocols, Qt-free: the model, its JSON form and its validation.

A protocol says which studies it is for (:class:`StudyRule`: modality, body part, study and
series description patterns, number of priors) and how to hang them in one or more stages
(:class:`Stage`: a layout and, per viewport, which series or image, from the current study or a
prior, with which window preset, mirrored so that a breast's chest wall is on a given side, or
as a reformatted plane). Choosing and filling them is :mod:`.hanging_match`; the built-in set is
:mod:`.hanging_builtin`.

The file (``hanging_protocols.json`` in the settings folder) holds the user's protocols::

    {"version": 1, "protocols": [{"name": "...", "match": {...}, "stages": [...]}]}

A user protocol named like a built-in one replaces it. Everything read is validated: a bad
value is a :class:`ProtocolError` that names the protocol, stage and viewport and what is
expected, and a file that fails keeps none of its protocols (the built-ins still work).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from viewer.store.layout import write_atomically
from viewer.viewing.presets import MODALITY_PRESETS

FILE_NAME = "hanging_protocols.json"
VERSION = 1
LAYOUTS = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3))
PLANES = ("axial", "coronal", "sagittal")
SIDES = ("left", "right")
LATERALITIES = ("R", "L")
KNOWN_PRESETS = ("default",) + tuple(p.name for ps in MODALITY_PRESETS.values() for p in ps)


class ProtocolError(ValueError):
    """A protocol (or the file) is malformed; the message says where and what is expected."""


@dataclass(frozen=True)
class StudyRule:
    """Which studies a protocol is for. Empty fields do not restrict. Patterns are shell-style
    (``*``, ``?``) and case-insensitive. Body part and study description are alternatives: a
    protocol giving both matches a study that matches either (Body Part Examined is often
    empty)."""

    modality: tuple[str, ...] = ()
    body_part: tuple[str, ...] = ()
    study_description: tuple[str, ...] = ()
    series_description: tuple[str, ...] = ()
    min_priors: int = 0


@dataclass(frozen=True)
class SeriesRule:
    """Which images a viewport shows: series-level fields pick series, ``view`` and
    ``laterality`` pick images within them (View Position / View Code Sequence, Image
    Laterality)."""

    modality: tuple[str, ...] = ()
    description: tuple[str, ...] = ()
    not_description: tuple[str, ...] = ()
    not_image_type: tuple[str, ...] = ()
    view: tuple[str, ...] = ()
    laterality: str = ""

    @property
    def picks_images(self) -> bool:
        return bool(self.view or self.laterality)


@dataclass(frozen=True)
class ViewportSpec:
    """One viewport of a stage: the first rule with a match wins (later rules are fallbacks)."""

    rules: tuple[SeriesRule, ...] = (SeriesRule(),)
    prior: int = 0  # 0: the current study; 1: the most recent prior, ...
    preset: str = ""  # a window preset name (viewer.viewing.presets), "" keeps the image's
    chest_wall: str = ""  # "left"/"right": mirror the image so the chest wall is on that side
    reformat: str = ""  # "axial"/"coronal"/"sagittal": a reformat of the series (MPR)


@dataclass(frozen=True)
class Stage:
    name: str
    layout: tuple[int, int]
    viewports: tuple[ViewportSpec, ...]

    @property
    def priors_needed(self) -> int:
        return max((v.prior for v in self.viewports), default=0)


@dataclass(frozen=True)
class Protocol:
    name: str
    match: StudyRule
    stages: tuple[Stage, ...]
    builtin: bool = field(default=False, compare=False)


# --- from JSON ---------------------------------------------------------------------------------

def _strings(data: dict, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProtocolError(f"{where}: {key!r} must be a text or a list of texts")
    return tuple(v.strip() for v in value)


def _int(data: dict, key: str, where: str, low: int, high: int) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProtocolError(f"{where}: {key!r} must be a whole number from {low} to {high}")
    return value


def _choice(data: dict, key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = data.get(key, "")
    if value in ("", None):
        return ""
    if not isinstance(value, str) or value not in allowed:
        raise ProtocolError(f"{where}: {key!r} must be one of {', '.join(allowed)} "
                            f"(not {value!r})")
    return value


def _object(data, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(data, dict):
        raise ProtocolError(f"{where}: expected a JSON object")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise ProtocolError(f"{where}: unknown field {unknown[0]!r} "
                            f"(known: {', '.join(keys)})")
    return data


def study_rule_from(data, where: str) -> StudyRule:
    data = _object(data, where, ("modality", "body_part", "study_description",
                                 "series_description", "min_priors"))
    return StudyRule(
        modality=tuple(m.upper() for m in _strings(data, "modality", where)),
        body_part=_strings(data, "body_part", where),
        study_description=_strings(data, "study_description", where),
        series_description=_strings(data, "series_description", where),
        min_priors=_int(data, "min_priors", where, 0, 9))


def series_rule_from(data, where: str) -> SeriesRule:
    data = _object(data, where, ("modality", "description", "not_description",
                                 "not_image_type", "view", "laterality"))
    return SeriesRule(
        modality=tuple(m.upper() for m in _strings(data, "modality", where)),
        description=_strings(data, "description", where),
        not_description=_strings(data, "not_description", where),
        not_image_type=tuple(t.upper() for t in _strings(data, "not_image_type", where)),
        view=tuple(v.upper() for v in _strings(data, "view", where)),
        laterality=_choice(data, "laterality", where, LATERALITIES))


def viewport_from(data, where: str) -> ViewportSpec:
    data = _object(data, where, ("series", "prior", "preset", "chest_wall", "reformat"))
    rules = data.get("series", {})
    rules = rules if isinstance(rules, list) else [rules]
    if not rules:
        raise ProtocolError(f"{where}: 'series' must hold at least one rule")
    preset = data.get("preset", "") or ""
    if not isinstance(preset, str) or not (preset in ("", *KNOWN_PRESETS)
                                           or is_header_preset(preset)):
        raise ProtocolError(f"{where}: 'preset' must be one of {', '.join(KNOWN_PRESETS)} "
                            f"or header.N (not {preset!r})")
    return ViewportSpec(
        rules=tuple(series_rule_from(r, f"{where}, series rule {i + 1}")
                    for i, r in enumerate(rules)),
        prior=_int(data, "prior", where, 0, 9), preset=preset,
        chest_wall=_choice(data, "chest_wall", where, SIDES),
        reformat=_choice(data, "reformat", where, PLANES))


def is_header_preset(name: str) -> bool:
    head, _, number = name.partition(".")
    return head == "header" and number.isdigit()


def stage_from(data, where: str) -> Stage:
    data = _object(data, where, ("name", "layout", "viewports"))
    layout = data.get("layout")
    if not isinstance(layout, list) or tuple(layout) not in LAYOUTS:
        raise ProtocolError(f"{where}: 'layout' must be one of "
                            + ", ".join(f"[{r}, {c}]" for r, c in LAYOUTS))
    rows, cols = layout
    viewports = data.get("viewports")
    if not isinstance(viewports, list) or not 1 <= len(viewports) <= rows * cols:
        raise ProtocolError(f"{where}: 'viewports' must list 1 to {rows * cols} viewports "
                            f"for a {rows}x{cols} layout")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise ProtocolError(f"{where}: 'name' must be a text")
    return Stage(name.strip(), (rows, cols), tuple(
        viewport_from(v, f"{where}, viewport {i + 1}") for i, v in enumerate(viewports)))


def protocol_from(data, where: str = "protocol") -> Protocol:
    data = _object(data, where, ("name", "match", "stages"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProtocolError(f"{where}: 'name' must be a non-empty text")
    where = f"protocol {name.strip()!r}"
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        raise ProtocolError(f"{where}: 'stages' must list at least one stage")
    return Protocol(name.strip(), study_rule_from(data.get("match", {}), f"{where}, match"),
                    tuple(stage_from(s, f"{where}, stage {i + 1}") for i, s in enumerate(stages)))


def protocols_from(data) -> list[Protocol]:
    """The protocols of a whole file's JSON value; names must be unique."""
    data = _object(data, "the file", ("version", "protocols"))
    if data.get("version", VERSION) != VERSION:
        raise ProtocolError(f"the file: 'version' must be {VERSION}")
    items = data.get("protocols", [])
    if not isinstance(items, list):
        raise ProtocolError("the file: 'protocols' must be a list")
    protocols = [protocol_from(p, f"protocol {i + 1}") for i, p in enumerate(items)]
    names = [p.name.casefold() for p in protocols]
    for name in names:
        if names.count(name) > 1:
            raise ProtocolError(f"the file: two protocols are named {name!r}")
    return protocols


# --- to JSON -----------------------------------------------------------------------------------

def _compact(fields: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in fields.items() if v}


def protocol_to_dict(protocol: Protocol) -> dict:
    rule = protocol.match
    return {"name": protocol.name, "match": _compact(vars(rule)), "stages": [
        {"name": stage.name, "layout": list(stage.layout), "viewports": [
            _compact({"series": [_compact(vars(r)) for r in v.rules], "prior": v.prior,
                      "preset": v.preset, "chest_wall": v.chest_wall, "reformat": v.reformat})
            for v in stage.viewports]}
        for stage in protocol.stages]}


def protocols_to_text(protocols: list[Protocol]) -> str:
    data = {"version": VERSION, "protocols": [protocol_to_dict(p) for p in protocols]}
    return json_text(data) + "\n"


_SCALAR_LIST = re.compile(r"\[\n\s*([^\[\]{}\n]*(?:,\n\s*[^\[\]{}\n]*)*)\n\s*\]")


def json_text(data) -> str:
    """Indented JSON with each list of plain values on one line (``"layout": [2, 2]``).
    JSON strings hold no raw newline, so ``,\\n`` + indent only ever separates items."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _SCALAR_LIST.sub(lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)


# --- the file ----------------------------------------------------------------------------------

def read_protocol_file(path: Path) -> list[Protocol]:
    """The user's protocols ([] when there is no file); ProtocolError names the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"cannot read hanging protocols file {path}: {exc}") from None
    try:
        return protocols_from(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"hanging protocols file {path} is not valid JSON "
                            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ProtocolError as exc:
        raise ProtocolError(f"hanging protocols file {path}: {exc}") from None


def write_protocol_file(path: Path, protocols: list[Protocol]) -> None:
    """Write the user's protocols atomically (a reader never sees half a file)."""
    text = protocols_to_text([p for p in protocols if not p.builtin])
    protocols_from(json.loads(text))  # what is written reads back
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(path), text.encode("utf-8"))


def effective_protocols(builtin: list[Protocol], user: list[Protocol]) -> list[Protocol]:
    """The user's protocols first, then the built-ins they do not replace (same name)."""
    names = {p.name.casefold() for p in user}
    return list(user) + [p for p in builtin if p.name.casefold() not in names]
