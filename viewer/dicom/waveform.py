"""Waveforms (ECG, hemodynamic, ...) as channels in physical units (PS3.3 C.10.9). Qt-free.

:func:`multiplex_groups` reads every item of the Waveform Sequence as a :class:`MultiplexGroup`:
its label, sampling frequency and channels. Raw samples come from pydicom's
:func:`pydicom.waveforms.multiplex_array`; each channel is converted to physical units as
PS3.3 C.10.9.1.4.3 defines: ``value = sample x Channel Sensitivity x Channel Sensitivity
Correction Factor + Channel Baseline``, in the units of the Channel Sensitivity Units Sequence.
A channel is labelled with its Channel Label, else its Channel Source code meaning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset
from pydicom.waveforms import multiplex_array

from viewer.dicom.errors import DicomReadError

__all__ = ["MultiplexGroup", "WaveformChannel", "multiplex_groups", "waveform_summary"]


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
        raw = multiplex_array(ds, index, as_raw=True)
        frequency = float(item.SamplingFrequency)
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
