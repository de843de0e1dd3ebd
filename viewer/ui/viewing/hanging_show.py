"""Showing one hanging-protocol placement in a viewport: the series (or its images), the window
preset, the mirroring, or a reformatted plane.

A reformat (MPR) is asked of ``ViewerArea.show_reformat(viewport, series, plane)``; an area
without it shows the series itself and logs a warning (:func:`show_reformat`; logged on a
worker thread: the GUI thread never writes to a stream).
"""

from __future__ import annotations

import logging

from viewer.ui.workers import SHARED_THREADS
from viewer.viewing import state as vs
from viewer.viewing.hanging_match import Placement
from viewer.viewing.presets import presets_for

LOG = logging.getLogger(__name__)


def show_placement(area, viewport, placement: Placement) -> None:
    def finish(shown=viewport) -> None:
        if placement.preset and not shown.presentation.active:  # a state's window wins
            set_preset(shown, placement.series, placement.preset)
        if placement.flip:
            shown.flip(True)

    if placement.reformat:  # (its preset once the reformat is shown: the volume builds first)
        show_reformat(area, viewport, placement, then=finish)
        return
    if viewport.series is not placement.series or viewport.state != vs.ViewState():
        # (the area showed it just now, untouched: not set again)
        viewport.set_series(placement.series)
        area.seriesShown.emit(placement.series.series_instance_uid)
    finish()


def show_reformat(area, viewport, placement: Placement, then=None) -> None:
    """The *placement*'s plane of its series, by the area's MPR; *then(viewport)* once it is
    shown."""
    show = getattr(area, "show_reformat", None)
    if show is not None:
        show(viewport, placement.series, placement.reformat, then=then)
        return
    plane, uid = placement.reformat, placement.series.series_instance_uid
    SHARED_THREADS.submit(lambda: LOG.warning(  # logged off the GUI thread (it writes)
        "no reformat (MPR) in this viewer: %s shows series %s itself", plane, uid))
    viewport.set_series(placement.series)
    area.seriesShown.emit(placement.series.series_instance_uid)
    if then is not None:
        then(viewport)


def preset_named(series, name: str):
    """The window preset *name* for *series* (its modality's and its header's), or None."""
    return next((p for p in presets_for(series.modality, series.instances[0].ds)
                 if p.name == name), None)


def set_preset(viewport, series, name: str) -> None:
    """Apply *series*' window preset *name* now, whether or not the frame is decoded yet."""
    preset = preset_named(series, name)
    if preset is None:
        return
    if preset.center is None:
        viewport.state = vs.reset_window(viewport.state)
    else:
        viewport.state = vs.set_window(viewport.state, preset.center, preset.width, preset.name)
    viewport.repaint_frame()
