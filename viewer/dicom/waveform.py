"""Waveforms (ECG, hemodynamic, ...) as channels in physical units (PS3.3 C.10.9). Qt-free.

:func:`multiplex_groups` reads every item of the Waveform Sequence as a :class:`MultiplexGroup`:
its label, sampling frequency and channels. Raw samples come from pydicom's
:func:`pydicom.waveforms.multiplex_array`; each channel is converted to physical units as
PS3.3 C.10.9.1.4.3 defines: ``value = sample x Channel Sensitivity x Channel Sensitivity
Correction Factor + Channel Baseline``, in the units of the Channel Sensitivity Units Sequence.
A channel is labelled with its Channel Label, else its Channel Source code meaning.
:func:`waveform_annotations` reads the Waveform Annotation Sequence (PS3.3 C.10.10): free text,
measurements (e.g. "QT Interval: 368 ms") and marked sample positions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.waveforms import multiplex_array

from viewer.dicom.errors import DicomReadError

__all__ = ["MultiplexGroup", "WaveformAnnotation", "WaveformChannel", "multiplex_groups",
           "format_waveforms", "waveform_annotations", "waveform_summary"]


@dataclass(frozen=True)
class WaveformChannel:
    label: str
    units: str  # Channel Sensitivity Units code value (UCUM), e.g. "uV"; "" when absent
    values: np.ndarray  # physical values, float64, one per sample

    @property
    def minimum(self) -> float:
        return float(self.values.min()) if self.values.size else 0.0

    @property
    def maximum(self) -> float:
        return float(self.values.max()) if self.values.size else 0.0


@dataclass(frozen=True)
class MultiplexGroup:
    label: str  # Multiplex Group Label, e.g. "RHYTHM"; "" when absent
    sampling_frequency: float  # Hz
    channels: list[WaveformChannel]

    @property
    def samples(self) -> int:
        return len(self.channels[0].values) if self.channels else 0

    @property
    def duration(self) -> float:
        """Seconds covered by the group."""
        return self.samples / self.sampling_frequency if self.sampling_frequency else 0.0


def multiplex_groups(ds: Dataset, path: str | os.PathLike[str] | None = None,
                     ) -> list[MultiplexGroup]:
    """Every multiplex group of ``ds`` (empty if it has no Waveform Sequence).

    A malformed group (data shorter than channels x samples, missing attributes) raises
    :class:`DicomReadError` naming the group.
    """
    items = ds.get("WaveformSequence") or []
    return [_group(ds, index, item, path) for index, item in enumerate(items)]


def _group(ds: Dataset, index: int, item: Dataset, path) -> MultiplexGroup:
    where = f"multiplex group {index + 1}"
    try:
        channels = int(item.NumberOfWaveformChannels)
        samples = int(item.NumberOfWaveformSamples)
        needed = channels * samples * (int(item.WaveformBitsAllocated) // 8)
        have = len(item.WaveformData)
        if have < needed:
            raise DicomReadError(path, f"{where}: Waveform Data has {have} bytes, "
                                       f"{channels} channels x {samples} samples need {needed}")
        frequency = float(item.SamplingFrequency)
        if channels < 1 or samples < 1 or not frequency > 0:
            raise DicomReadError(path, f"{where}: {channels} channels x {samples} samples at "
                                       f"{frequency:g} Hz hold no signal")
        raw = multiplex_array(ds, index, as_raw=True)
        definitions = list(item.get("ChannelDefinitionSequence") or [])
    except DicomReadError:
        raise
    except (AttributeError, KeyError, ValueError, TypeError) as exc:
        raise DicomReadError(path, f"{where}: {exc}") from exc
    if len(definitions) != channels:
        raise DicomReadError(path, f"{where}: {len(definitions)} channel definitions for "
                                   f"{channels} channels")
    return MultiplexGroup(
        label=str(item.get("MultiplexGroupLabel", "") or ""),
        sampling_frequency=frequency,
        channels=[_channel(d, raw[:, n], n) for n, d in enumerate(definitions)])


def _channel(definition: Dataset, raw: np.ndarray, number: int) -> WaveformChannel:
    sensitivity = _number(definition, "ChannelSensitivity", 1.0)
    correction = _number(definition, "ChannelSensitivityCorrectionFactor", 1.0)
    baseline = _number(definition, "ChannelBaseline", 0.0)
    units = definition.get("ChannelSensitivityUnitsSequence") or []
    return WaveformChannel(
        label=_channel_label(definition, number),
        units=str(units[0].get("CodeValue", "")) if units else "",
        values=raw.astype(np.float64) * (sensitivity * correction) + baseline)


def _number(definition: Dataset, keyword: str, default: float) -> float:
    value = definition.get(keyword)
    return default if value is None or value == "" else float(value)


def _channel_label(definition: Dataset, number: int) -> str:
    label = str(definition.get("ChannelLabel", "") or "").strip()
    if label:
        return label
    source = definition.get("ChannelSourceSequence") or []
    if source:
        meaning = str(source[0].get("CodeMeaning", "") or "").strip()
        if meaning:
            return meaning
    return f"Channel {number + 1}"


def waveform_summary(groups: list[MultiplexGroup]) -> list[dict]:
    """The ``"waveforms"`` of ``dicom-viewer info --json``: one object per multiplex group."""
    return [{"label": g.label, "sampling_frequency": g.sampling_frequency,
             "samples": g.samples,
             "channels": [{"label": c.label, "units": c.units,
                           "min": c.minimum, "max": c.maximum} for c in g.channels]}
            for g in groups]


def format_waveforms(summary: list[dict]) -> str:
    """``dicom-viewer info``'s lines for :func:`waveform_summary`: one per group and channel."""
    lines = []
    for number, group in enumerate(summary, 1):
        lines.append(f"Waveform {number}: {group['label'] or '-'}, "
                     f"{len(group['channels'])} channel(s) x {group['samples']} samples "
                     f"at {group['sampling_frequency']:g} Hz")
        lines += [f"  {c['label']}: {c['min']:g} .. {c['max']:g} {c['units']}".rstrip()
                  for c in group["channels"]]
    return "\n".join(lines)


@dataclass(frozen=True)
class WaveformAnnotation:
    """One item of the Waveform Annotation Sequence. ``text`` is the Unformatted Text Value, or
    "concept: value unit" for a measurement, or the concept for a marked position; ``channels``
    are (multiplex group, channel) pairs, 1-based, channel 0 meaning every channel of the group;
    ``samples`` the Referenced Sample Positions (1-based) when the annotation marks a time."""

    text: str
    channels: tuple[tuple[int, int], ...]
    samples: tuple[int, ...] = ()

    @property
    def is_measurement_or_text(self) -> bool:
        return not self.samples


def waveform_annotations(ds: Dataset) -> list[WaveformAnnotation]:
    """Every annotation that says something (text, a concept or a value), in stored order."""
    found = []
    for item in ds.get("WaveformAnnotationSequence") or []:
        text = _annotation_text(item)
        if not text:
            continue
        pairs = [int(v) for v in _values(item.get("ReferencedWaveformChannels"))]
        samples = tuple(int(v) for v in _values(item.get("ReferencedSamplePositions")))
        found.append(WaveformAnnotation(text, tuple(zip(pairs[::2], pairs[1::2])), samples))
    return found


def _values(value) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (MultiValue, list, tuple)) else [value]


def _annotation_text(item: Dataset) -> str:
    text = str(item.get("UnformattedTextValue", "") or "").strip()
    if text:
        return text
    concept = _meaning(item.get("ConceptNameCodeSequence"))
    value = item.get("NumericValue")
    if value is None or value == "":
        return concept
    units = str((item.get("MeasurementUnitsCodeSequence") or [Dataset()])[0].get("CodeValue", ""))
    number = " ".join(f"{float(v):g}" for v in _values(value))
    return f"{concept}: {number} {units}".strip()


def _meaning(sequence) -> str:
    return str(sequence[0].get("CodeMeaning", "") or "").strip() if sequence else ""
