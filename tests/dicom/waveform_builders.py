"""Generated waveform objects with known amplitudes, frequencies, sensitivities and baselines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

GENERAL_ECG = "1.2.840.10008.5.1.4.1.1.9.1.2"


@dataclass(frozen=True)
class ChannelSpec:
    raw: np.ndarray  # int16 samples
    sensitivity: float
    correction: float
    baseline: float
    units: str = "uV"
    label: str = ""  # Channel Label; empty: only the Channel Source code meaning
    source: str = "Lead II"


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def _group(label: str, frequency: float, channels: list[ChannelSpec]) -> Dataset:
    group = Dataset()
    group.MultiplexGroupLabel = label
    group.WaveformOriginality = "ORIGINAL"
    group.NumberOfWaveformChannels = len(channels)
    group.NumberOfWaveformSamples = len(channels[0].raw)
    group.SamplingFrequency = f"{frequency:g}"
    group.WaveformBitsAllocated = 16
    group.WaveformSampleInterpretation = "SS"
    definitions = []
    for spec in channels:
        d = Dataset()
        if spec.label:
            d.ChannelLabel = spec.label
        d.ChannelSourceSequence = Sequence([_code("5.6.3-9-2", "SCPECG", spec.source)])
        d.ChannelSensitivity = f"{spec.sensitivity:g}"
        d.ChannelSensitivityUnitsSequence = Sequence([_code(spec.units, "UCUM", spec.units)])
        d.ChannelSensitivityCorrectionFactor = f"{spec.correction:g}"
        d.ChannelBaseline = f"{spec.baseline:g}"
        d.WaveformBitsStored = 16
        definitions.append(d)
    group.ChannelDefinitionSequence = Sequence(definitions)
    samples = np.stack([spec.raw.astype("<i2") for spec in channels], axis=1)
    group.WaveformData = samples.tobytes()  # C1S1, C2S1, ..., CnS1, C1S2, ...
    return group


def write_waveform(path: Path, groups: list[tuple[str, float, list[ChannelSpec]]],
                   truncate: int = 0) -> Path:
    """A General ECG object with the given multiplex groups (label, Hz, channels)."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = GENERAL_ECG
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = GENERAL_ECG, ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = "Wave^Test", "W1", "ECG"
    ds.WaveformSequence = Sequence([_group(*g) for g in groups])
    if truncate:
        item = ds.WaveformSequence[-1]
        item.WaveformData = item.WaveformData[:-truncate]
    ds.save_as(path, enforce_file_format=True)
    return path


def sine(samples: int, frequency: float, hz: float, amplitude: int) -> np.ndarray:
    t = np.arange(samples) / frequency
    return np.round(amplitude * np.sin(2 * np.pi * hz * t)).astype(np.int16)
