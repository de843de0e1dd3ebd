"""ECG paper layout: lead names, the 3 x 4 + rhythm grid only for a full 12-lead of 10 s,
one row per channel otherwise, 10 mm/mV for voltages and row-filling for other units."""

import numpy as np
import pytest

from viewer.dicom.waveform import MultiplexGroup, WaveformChannel
from viewer.viewing.ecg_layout import caliper, ecg_layout, millivolts, standard_lead, trace_points

NAMES = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]


def group(labels, samples, hz=500.0, units="uV"):
    return MultiplexGroup("RHYTHM", hz, [
        WaveformChannel(label, units, np.arange(samples, dtype=float) * (n + 1))
        for n, label in enumerate(labels)])


@pytest.mark.parametrize("label, lead", [("Lead I (Einthoven)", "I"), ("Lead II", "II"),
                                         ("avr", "aVR"), ("V1", "V1"), ("Lead V6", "V6"),
                                         ("V7", None), ("Pressure", None)])
def test_standard_lead(label, lead):
    assert standard_lead(label) == lead


def test_twelve_leads_of_ten_seconds_in_three_by_four_and_rhythm():
    traces = ecg_layout(group(list(reversed(NAMES)), 5000))
    assert [t.label for t in traces] == NAMES + ["II"]
    v4 = traces[9]
    assert (v4.channel, v4.start, v4.stop, v4.x, v4.baseline) == (2, 3750, 5000, 187.5, 15.0)
    assert (traces[-1].start, traces[-1].stop, traces[-1].baseline) == (0, 5000, 105.0)


def test_short_or_partial_groups_get_one_row_per_channel():
    assert [t.baseline for t in ecg_layout(group(NAMES, 4999))] == [15.0 + 30 * n
                                                                   for n in range(12)]
    assert len(ecg_layout(group(NAMES[:11], 5000))) == 11


def test_points_in_millimetres():
    g = group(["II"], 500, units="mV")
    (trace,) = ecg_layout(g)
    x, y = trace_points(g, trace, speed=25.0, gain=10.0)
    assert x[250] == 12.5 and y[250] == 15.0 - 250 * 10.0
    np.testing.assert_array_equal(millivolts(group(["II"], 3, units="uV").channels[0]),
                                  [0.0, 0.001, 0.002])


def test_other_units_fill_their_row():
    g = group(["ART"], 101, units="mm[Hg]")
    x, y = trace_points(g, ecg_layout(g)[0])
    assert millivolts(g.channels[0]) is None
    assert (y.max(), y.min()) == pytest.approx((15.0 + 12.0, 15.0 - 12.0))


def test_caliper_time_and_signed_amplitude():
    assert caliper((30.0, 5.0), (10.0, 15.0)) == (0.8, -1.0)
    assert caliper((0.0, 20.0), (50.0, 0.0), speed=50.0, gain=20.0) == (1.0, 1.0)
