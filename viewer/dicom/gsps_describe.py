"""A summary of a Softcopy Presentation State, for ``dicom-viewer info PS.dcm``.

Lists what the state does, stage by stage (PS3.4 Annex N): its kind, referenced images and
frames, modality LUT, VOI items, presentation LUT, mask subtraction, the colour parts of a
Color, Pseudo-Color or Blending state (ICC profile, palette, blending inputs and opacity),
shutters, overlays, graphic layers with their object counts, spatial transformation and
displayed areas.
"""

from __future__ import annotations

from typing import Any

from .gsps import PresentationState, read_presentation_state
from .presentation_state import STATE_KINDS
from .values import get_value

__all__ = ["describe_presentation_state", "format_presentation_state",
           "presentation_state_summary"]


def _refs(references) -> str:
    if references is None:
        return "all images"
    parts = []
    for ref in references:
        frames = "" if ref.frames is None else " frames " + ",".join(map(str, ref.frames))
        parts.append(ref.sop_instance_uid + frames)
    return "; ".join(parts)


def _voi(ps: PresentationState) -> list[str]:
    out = []
    for voi in ps.voi:
        if voi.windows:
            what = ", ".join(f"{c:g}/{w:g}" for c, w, _ in voi.windows) + f" {voi.function}"
        else:
            what = "VOI LUT" if voi.lut_item is not None else "none"
        out.append(f"{what} for {_refs(voi.references)}")
    return out


def _shutters(ps: PresentationState) -> str | None:
    s = ps.shutters
    if s is None:
        return None
    parts = []
    if s.rectangle:
        parts.append("rectangular left {} right {} upper {} lower {}".format(*s.rectangle))
    if s.circle:
        parts.append("circular centre row {:g} column {:g} radius {:g}".format(*s.circle))
    if s.polygon:
        parts.append(f"polygonal {len(s.polygon)} vertices")
    if s.bitmap_group is not None:
        parts.append(f"bitmap overlay {s.bitmap_group:04X}")
    value = "" if s.presentation_value is None else f", value {s.presentation_value:#06x}"
    return "; ".join(parts) + value


def _area(area) -> str:
    text = (f"TLHC {area.top_left[0]}\\{area.top_left[1]} BRHC {area.bottom_right[0]}\\"
            f"{area.bottom_right[1]} {area.size_mode}")
    if area.magnification:
        text += f" x{area.magnification:g}"
    if area.pixel_spacing:
        text += " spacing {:g}\\{:g} mm".format(*area.pixel_spacing)
    return f"{text} for {_refs(area.references)}"


def _layers(ps: PresentationState) -> list[str]:
    out = []
    for layer in ps.layers:
        items = [a for a in ps.annotations if a.layer == layer.name]
        graphics = sum(len(a.graphics) for a in items)
        texts = sum(len(a.texts) for a in items)
        overlays = sum(1 for name in ps.overlays.values() if name == layer.name)
        out.append(f"{layer.order}: {layer.name} ({graphics} graphics, {texts} texts, "
                   f"{overlays} overlays)")
    return out


def _colour(ps: PresentationState) -> list[str]:
    out = []
    if ps.icc_profile is not None:
        out.append(f"ICC profile ({len(ps.icc_profile)} bytes)")
    descriptor = get_value(ps.ds, "RedPaletteColorLookupTableDescriptor")
    if ps.kind in ("PSEUDO-COLOR", "BLENDING") and descriptor is not None:
        entries, first, bits = (list(descriptor) + [None] * 3)[:3]
        out.append(f"palette {entries or 65536} entries from {first}, {bits} bit")
    if ps.blending is not None:
        over = ps.blending.superimposed
        out.append(f"superimposed series {', '.join(over.series_instance_uids)} "
                   f"({len(over.references)} images), opacity {ps.blending.opacity:g}")
    return out


def describe_presentation_state(ps: PresentationState) -> dict[str, Any]:
    """The summary of a parsed state as a dict of strings and lists of strings."""
    info = ps.info
    modality = "none (identity)"
    if ps.modality_lut_item is not None:
        modality = "Modality LUT Sequence"
    elif ps.rescale is not None:
        modality = "rescale slope {:g} intercept {:g}".format(*ps.rescale)
    return {
        "kind": ps.kind, "colour": _colour(ps),
        "label": info.label, "description": info.description, "creator": info.creator,
        "created": f"{info.date} {info.time}".strip(),
        "references": [_refs([r]) for r in ps.references],
        "modality_lut": modality,
        "voi": _voi(ps) or ["none (identity)"],
        "presentation_lut": "LUT" if ps.presentation_lut_item is not None
        else (ps.presentation_shape or "absent"),
        "mask": [f"{m.operation} mask frames {list(m.mask_frames)}" for m in ps.mask],
        "shutters": _shutters(ps),
        "rotation": ps.rotation, "flip": ps.flip,
        "displayed_areas": [_area(a) for a in ps.displayed_areas],
        "layers": _layers(ps),
        "graphic_objects": sum(len(a.graphics) for a in ps.annotations),
        "text_objects": sum(len(a.texts) for a in ps.annotations),
        "overlays": [f"{g:04X} on {layer}" for g, layer in sorted(ps.overlays.items())],
    }


def presentation_state_summary(instance) -> dict[str, Any] | None:
    """:func:`describe_presentation_state` of a presentation state instance the viewer applies,
    None for anything else."""
    if getattr(instance, "sop_class_uid", None) not in STATE_KINDS:
        return None
    return describe_presentation_state(read_presentation_state(instance))


_LINES = (("kind", "PS kind"), ("label", "PS label"), ("description", "PS description"), ("creator", "PS creator"),
          ("created", "PS created"), ("references", "References"),
          ("modality_lut", "Modality LUT"), ("voi", "Softcopy VOI"),
          ("presentation_lut", "Presentation LUT"), ("colour", "Colour"),
          ("mask", "Mask subtraction"),
          ("shutters", "Shutters"), ("transform", "Spatial transform"),
          ("displayed_areas", "Displayed area"), ("layers", "Graphic layers"),
          ("objects", "Objects"), ("overlays", "Overlays"))


def format_presentation_state(summary: dict[str, Any]) -> str:
    """*summary* as aligned ``Label: value`` lines (lists one value per line)."""
    shown = dict(summary)
    shown["transform"] = f"rotation {summary['rotation']}, flip {'Y' if summary['flip'] else 'N'}"
    shown["objects"] = (f"{summary['graphic_objects']} graphic, {summary['text_objects']} text")
    width = max(len(label) for _, label in _LINES)
    lines = []
    for key, label in _LINES:
        values = shown.get(key)
        values = values if isinstance(values, list) else [values]
        for i, value in enumerate(v for v in values if v not in (None, "")):
            lines.append(f"{label if i == 0 else '':<{width}}  {value}")
    return "\n".join(lines)
