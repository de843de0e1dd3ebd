"""File > Print against DCMTK's dcmprscp: the dialog starts from the printer node's defaults,
previews the film, prints the displayed series as displayed - the viewport's window, rotation,
flip and inversion, or its presentation state (checked with DCMTK's dcmp2pgm) - as a Transfers
row, and the printer status comes back into the dialog."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "net"))
from peerkit import make_gsps  # noqa: E402
from print_scp import start_print_scp  # noqa: E402
from required_tools import require  # noqa: E402

from viewer.pipeline import render_frame  # noqa: E402



@pytest.fixture
def printer(tmp_path):
    scp = start_print_scp(tmp_path / "dcmprscp")
    yield scp
    scp.stop()


def test_print_the_displayed_series(qtbot, ui, main_env, make_window, printer, tmp_path):
    main_env.nodes["Film"] = {"aet": printer.aet, "host": "127.0.0.1", "port": printer.port,
                              "kind": "printer", "film": {"layout": "2x1", "film_size": "8INX10IN"}}
    main_env.write()
    source = tmp_path / "series"
    ui.make_series(source, "-n", "3", "--rows", "32", "--cols", "32", "--seed", "9")
    window = make_window(paths=[source])
    qtbot.waitUntil(lambda: window.viewer.active_viewport.shown is not None, timeout=30000)
    viewport = window.viewer.active_viewport
    # the series opens progressively: the first image shows before the other files are read
    qtbot.waitUntil(lambda: len(viewport.series.frames) == 3, timeout=30000)
    viewport.set_window(40.0, 300.0)
    qtbot.waitUntil(lambda: viewport.current_window() == (40.0, 300.0), timeout=10000)
    viewport.rotate(1)  # a quarter turn clockwise, then mirrored top-bottom, inverted
    viewport.flip(horizontal=False)
    viewport.set_invert(True)

    window.act_print.trigger()
    dialog = window.study_actions.dialog
    assert dialog is not None and dialog.layout_box.currentText() == "2x1"
    assert dialog.film_size.currentText() == "8INX10IN"
    dialog.what.setCurrentIndex(dialog.what.findData("series"))
    assert dialog.preview.pixmap().width() < dialog.preview.pixmap().height()  # portrait film
    assert "2 film" in dialog.message.text()

    dialog.status_button.click()
    qtbot.waitUntil(lambda: "printer status NORMAL" in dialog.message.text(), timeout=30000)
    dialog.print_button.click()
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed) == ("print", "done", 3), job.detail

    films = sorted(printer.stored("SP"), key=lambda p: p.stat().st_mtime_ns)
    assert len(films) == 2
    images = sorted(printer.stored("HG"), key=lambda p: p.stat().st_mtime_ns)
    frames = [ref.instance for ref in viewport.series.frames]
    for hardcopy, instance in zip(images, frames):
        ds = pydicom.dcmread(instance.path)
        rendered = render_frame(ds, ds.pixel_array, window=(40.0, 300.0))
        expected = 255 - np.rot90(rendered, k=-1)[::-1]
        np.testing.assert_array_equal(pydicom.dcmread(hardcopy).pixel_array, expected)


def pgm(path: Path) -> np.ndarray:
    fields = path.read_bytes().split(maxsplit=4)  # P5 width height maxval pixels
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(fields[4][:width * height], np.uint8).reshape(height, width)


def test_print_through_a_presentation_state(qtbot, ui, main_env, make_window, printer, tmp_path):
    """The displayed image with its GSPS (VOI 40/80, rotated 90 degrees and flipped) prints as
    DCMTK's dcmp2pgm renders the image through that GSPS."""
    main_env.nodes["Film"] = {"aet": printer.aet, "host": "127.0.0.1", "port": printer.port,
                              "kind": "printer"}
    main_env.write()
    source = tmp_path / "series"
    ui.make_series(source, "-n", "1", "--rows", "48", "--cols", "64", "--seed", "3")
    [image] = sorted(source.rglob("*.dcm"))
    gsps = tmp_path / "state" / "gsps.dcm"
    gsps.parent.mkdir()
    make_gsps.main([str(image), str(gsps), "--window", "40", "80", "--rotation", "90", "--flip",
                    "--shutter", "1", "64", "1", "48", "--no-graphics"])
    window = make_window(paths=[source, gsps.parent])
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.shown is not None and viewport.presentation.active,
                    timeout=30000)
    window.act_print.trigger()
    window.study_actions.dialog.print_button.click()
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed) == ("print", "done", 1), job.detail
    [hardcopy] = printer.stored("HG")
    out = tmp_path / "dcmp2pgm.pgm"
    subprocess.run([require("dcmp2pgm"), "-p", str(gsps), str(image), str(out)], check=True,
                   capture_output=True)
    expected = pgm(out)
    assert expected.shape == (64, 48)  # turned a quarter
    np.testing.assert_array_equal(pydicom.dcmread(hardcopy).pixel_array, expected)
