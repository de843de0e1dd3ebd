"""Waveform channels in physical units (PS3.3 C.10.9.1.4.3), checked against the formula
computed here from the raw Waveform Data bytes, not through the module under test."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from tests.dicom.waveform_builders import ChannelSpec, sine, write_waveform
from viewer.dicom.errors import DicomReadError
from viewer.dicom.waveform import multiplex_groups, waveform_annotations, waveform_summary

LEADS = ["Lead I (Einthoven)", "Lead II", "Lead III", "Lead aVR", "Lead aVL", "Lead aVF",
         "Lead V1", "Lead V2", "Lead V3", "Lead V4", "Lead V5", "Lead V6"]


def test_pydicom_ecg_every_group_in_microvolts():
    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    groups = multiplex_groups(ds)
    assert [g.label for g in groups] == ["RHYTHM", "MEDIAN BEAT"]
    assert [g.sampling_frequency for g in groups] == [1000.0, 1000.0]
    assert [g.samples for g in groups] == [10000, 1200]
    for item, group in zip(ds.WaveformSequence, groups):
        assert [c.label for c in group.channels] == LEADS  # no Channel Label: source meaning
        assert {c.units for c in group.channels} == {"uV"}
        n = int(item.NumberOfWaveformChannels)
        raw = np.frombuffer(item.WaveformData, "<i2")[: n * group.samples].reshape(-1, n)
        for k, channel in enumerate(group.channels):
            # every channel of the sample: sensitivity 1.25 uV, correction 1, baseline 0
            np.testing.assert_array_equal(channel.values, raw[:, k] * 1.25)


def test_generated_multiplex_applies_sensitivity_correction_and_baseline(tmp_path):
    a = sine(500, 500.0, 5.0, 800)
    b = sine(500, 500.0, 2.0, -300)
    c = np.arange(-50, 50, dtype=np.int16)
    path = write_waveform(tmp_path / "ecg.dcm", [
        ("RHYTHM", 500.0, [
            ChannelSpec(a, 2.5, 0.8, -10.0, "uV", label="II"),
            ChannelSpec(b, 0.005, 1.25, 0.1, "mV", source="Lead V1")]),
        ("PRESSURE", 250.0, [ChannelSpec(c, 0.1, 2.0, 5.0, "mm[Hg]", label="ART")])])
    groups = multiplex_groups(pydicom.dcmread(path))
    assert [(g.label, g.sampling_frequency, g.samples) for g in groups] == [
        ("RHYTHM", 500.0, 500), ("PRESSURE", 250.0, 100)]
    ii, v1 = groups[0].channels
    assert (ii.label, ii.units, v1.label, v1.units) == ("II", "uV", "Lead V1", "mV")
    np.testing.assert_allclose(ii.values, a * 2.5 * 0.8 - 10.0, rtol=0, atol=1e-9)
    np.testing.assert_allclose(v1.values, b * 0.005 * 1.25 + 0.1, rtol=0, atol=1e-12)
    art = groups[1].channels[0]
    assert (art.label, art.units, art.minimum, art.maximum) == ("ART", "mm[Hg]", -5.0, 14.8)
    assert groups[1].duration == pytest.approx(0.4)
    summary = waveform_summary(groups)
    assert summary[1] == {"label": "PRESSURE", "sampling_frequency": 250.0, "samples": 100,
                          "channels": [{"label": "ART", "units": "mm[Hg]",
                                        "min": -5.0, "max": pytest.approx(14.8)}]}
    assert summary[0]["channels"][0]["max"] == pytest.approx(800 * 2.0 - 10.0)


def test_short_waveform_data_is_a_clear_error(tmp_path):
    path = write_waveform(tmp_path / "short.dcm", [
        ("RHYTHM", 500.0, [ChannelSpec(sine(100, 500.0, 5.0, 100), 1.0, 1.0, 0.0)])],
        truncate=20)
    with pytest.raises(DicomReadError, match="multiplex group 1: Waveform Data has 180 bytes"):
        multiplex_groups(pydicom.dcmread(path), path)


def test_no_waveform_sequence_is_no_group():
    assert multiplex_groups(pydicom.dcmread(get_testdata_file("CT_small.dcm"))) == []


def test_annotations_of_the_pydicom_ecg():
    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    notes = waveform_annotations(ds)
    assert len(notes) == len(ds.WaveformAnnotationSequence) == 77
    texts = [a.text for a in notes if a.is_measurement_or_text]
    assert texts[:3] == ["RITMO SINUSALE", "ECG NORMALE", "RR Interval: 982 ms"]
    assert "QT Interval: 368 ms" in texts and "QRS Axis: 52 deg" in texts
    marks = [a for a in notes if not a.is_measurement_or_text]
    assert (marks[0].text, marks[0].channels, marks[0].samples) == ("P Onset", ((1, 0),), (299,))
    item = ds.WaveformAnnotationSequence[len(texts)]
    assert marks[0].samples == (int(item.ReferencedSamplePositions),)


def test_a_group_without_signal_is_a_clear_error(tmp_path):
    path = write_waveform(tmp_path / "zero.dcm", [
        ("RHYTHM", 0.0, [ChannelSpec(sine(10, 500.0, 5.0, 100), 1.0, 1.0, 0.0)])])
    with pytest.raises(DicomReadError,
                       match="multiplex group 1: 1 channels x 10 samples at 0 Hz hold no signal"):
        multiplex_groups(pydicom.dcmread(path), path)
