"""Where each lead of a waveform goes on ECG paper, in millimetres. Qt-free.

Paper runs at ``speed`` mm/s (25 standard) and ``gain`` mm/mV (10 standard). A group with the
twelve standard leads and at least 10 s of signal is laid out as the standard 3 x 4 grid
(I II III | aVR aVL aVF | V1 V2 V3 | V4 V5 V6, 2.5 s each) with a lead II rhythm strip below;
any other group has one row per channel over its whole length. Rows are ``ROW_HEIGHT`` mm
apart; ``y`` grows downwards, so a point is drawn at ``baseline - value x gain``.
Channels not in volts (a pressure, a respiration) are scaled to fill their row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from viewer.dicom.waveform import MultiplexGroup, WaveformChannel

__all__ = ["MM_PER_MILLIVOLT", "MM_PER_SECOND", "ROW_HEIGHT", "Trace", "caliper", "ecg_layout",
           "millivolts", "standard_lead", "trace_points"]

MM_PER_SECOND = 25.0
MM_PER_MILLIVOLT = 10.0
ROW_HEIGHT = 30.0  # mm between baselines
COLUMN_SECONDS = 2.5
_GRID = (("I", "II", "III"), ("aVR", "aVL", "aVF"), ("V1", "V2", "V3"), ("V4", "V5", "V6"))
_STANDARD = {lead.lower(): lead for column in _GRID for lead in column}
_MILLIVOLTS_PER_UNIT = {"nV": 1e-6, "uV": 1e-3, "mV": 1.0, "V": 1e3}


@dataclass(frozen=True)
class Trace:
    """One drawn segment: channel ``channel`` from sample ``start`` to ``stop`` (exclusive),
    beginning at ``x`` mm on a row whose zero line is at ``baseline`` mm."""

    label: str
    channel: int
    start: int
    stop: int
    x: float
    baseline: float


def standard_lead(label: str) -> str | None:
    """The standard lead name ("I", "aVR", "V1", ...) a label names, else None.
    "Lead I (Einthoven)", "Lead II", "V1" and "avr" all name one."""
    name = re.sub(r"\(.*?\)", "", label).strip()
    name = re.sub(r"^lead\s+", "", name, flags=re.IGNORECASE).strip()
    return _STANDARD.get(name.lower())


def millivolts(channel: WaveformChannel) -> np.ndarray | None:
    """The channel in mV, or None when its units are not a voltage."""
    factor = _MILLIVOLTS_PER_UNIT.get(channel.units)
    return None if factor is None else channel.values * factor


def ecg_layout(group: MultiplexGroup, speed: float = MM_PER_SECOND) -> list[Trace]:
    leads = {standard_lead(c.label): n for n, c in enumerate(group.channels)}
    if set(_STANDARD.values()) <= leads.keys() and group.duration >= 4 * COLUMN_SECONDS:
        return _twelve_lead(group, leads, speed)
    return [Trace(c.label, n, 0, group.samples, 0.0, (n + 0.5) * ROW_HEIGHT)
            for n, c in enumerate(group.channels)]


def _twelve_lead(group: MultiplexGroup, leads: dict, speed: float) -> list[Trace]:
    per_column = int(round(COLUMN_SECONDS * group.sampling_frequency))
    traces = []
    for col, column in enumerate(_GRID):
        for row, lead in enumerate(column):
            n = leads[lead]
            traces.append(Trace(group.channels[n].label, n, col * per_column,
                                (col + 1) * per_column, col * COLUMN_SECONDS * speed,
                                (row + 0.5) * ROW_HEIGHT))
    n = leads["II"]
    traces.append(Trace(group.channels[n].label, n, 0, 4 * per_column, 0.0,
                        3.5 * ROW_HEIGHT))
    return traces


def trace_points(group: MultiplexGroup, trace: Trace, speed: float = MM_PER_SECOND,
                 gain: float = MM_PER_MILLIVOLT) -> tuple[np.ndarray, np.ndarray]:
    """The trace's points in paper millimetres (x right, y down)."""
    channel = group.channels[trace.channel]
    index = np.arange(trace.start, min(trace.stop, group.samples))
    x = trace.x + (index - trace.start) / group.sampling_frequency * speed
    mv = millivolts(channel)
    if mv is not None:
        return x, trace.baseline - mv[index] * gain
    values = channel.values[index]
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
    scale = 0.8 * ROW_HEIGHT / (high - low) if high > low else 0.0
    return x, trace.baseline - (values - (low + high) / 2) * scale


def caliper(start: tuple[float, float], end: tuple[float, float], speed: float = MM_PER_SECOND,
            gain: float = MM_PER_MILLIVOLT) -> tuple[float, float]:
    """(seconds, millivolts) between two paper points: the time apart (never negative) and the
    amplitude from start to end (positive upwards; y grows downwards on the paper)."""
    return abs(end[0] - start[0]) / speed, (start[1] - end[1]) / gain


def mark_positions(group: MultiplexGroup, traces: list[Trace], annotations, number: int,
                   speed: float = MM_PER_SECOND) -> np.ndarray:
    """(x, baseline) mm of every annotated sample position (Referenced Sample Positions, from
    1) under each trace of multiplex group *number* (1-based) that shows it: (n, 2)."""
    marks = []
    for note in annotations:
        channels = {c for g, c in note.channels if g == number}
        for sample in note.samples:
            index = sample - 1
            marks += [(t.x + (index - t.start) / group.sampling_frequency * speed, t.baseline)
                      for t in traces if (0 in channels or t.channel + 1 in channels)
                      and t.start <= index < t.stop]
    return np.array(marks, dtype=float).reshape(-1, 2)
