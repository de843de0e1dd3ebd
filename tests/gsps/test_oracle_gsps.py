"""Cross-check of ``dicom-viewer export --pr`` against DCMTK's dcmp2pgm (peerkit.oracle_render).

dcmp2pgm applies the modality LUT, softcopy VOI, presentation LUT shape, rotation/flip and the
bitmap shutter: there our export must equal it within 1 grey level. It does not apply geometric
shutters or the displayed area and draws no graphics or text: those are checked against its
``-v`` dump of the state (OUT.txt) and against exact expected pixels.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from pydicom.data import get_testdata_file
from pydicom.sequence import Sequence

from gsps_builders import item, make_gsps, make_image, save, voi_item
from imagefiles import read_png_with_qt, read_pnm
from peerkit.make_gsps import main as make_gsps_cli
from peerkit.oracle_render import render
from test_shutter import add_overlay
from viewer.cli import main
from viewer.dicom import read_instance
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation

pytestmark = pytest.mark.oracle
RNG = np.random.default_rng(3)


def oracle(image: Path, ps: Path, tmp: Path, frame: int = 1) -> tuple[np.ndarray, str]:
    out = render(image, tmp / f"oracle-{ps.stem}.pgm", gsps=ps, frame=frame)
    return read_pnm(out), out.with_suffix(".txt").read_text()


def export(image: Path, ps: Path, tmp: Path, *extra: str) -> np.ndarray:
    out = tmp / f"ours-{ps.stem}-{len(extra)}.png"
    assert main(["export", str(image), "--pr", str(ps), "-o", str(out), *extra]) == 0
    return read_png_with_qt(out)


def make(image: Path, ps: Path, *options: str) -> Path:
    make_gsps_cli([str(image), str(ps), *options])
    return ps


def whole_area(image: Path) -> list[str]:
    ds = read_instance(image).ds
    return ["--area", "1", "1", str(ds.Columns), str(ds.Rows)]


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("oracle-images")
    wide = make_image(RNG.integers(0, 4096, (96, 160)), bits=16, stored=12, rescale=(1, -1024),
                      modality="CT", sop_class="1.2.840.10008.5.1.4.1.1.2", pixel_spacing=(0.7, 0.7))
    mono1 = make_image(RNG.integers(0, 1024, (40, 50)), bits=16, stored=10, photometric="MONOCHROME1")
    return {"ct_small": Path(get_testdata_file("CT_small.dcm")),
            "wide": save(wide, tmp / "wide.dcm"), "mono1": save(mono1, tmp / "mono1.dcm")}


def within_one(ours: np.ndarray, theirs: np.ndarray, where=None) -> None:
    assert ours.shape == theirs.shape
    diff = np.abs(ours.astype(int) - theirs.astype(int))
    if where is not None:
        diff = diff[where]
    assert diff.max() <= 1, f"{(diff > 1).sum()} pixels differ by more than 1 (max {diff.max()})"


@pytest.mark.parametrize("rotation", ["0", "90", "180", "270"])
@pytest.mark.parametrize("flip", [False, True])
def test_voi_rotation_flip_equal_dcmp2pgm(images, tmp_path, rotation, flip):
    image = images["wide"]
    ps = make(image, tmp_path / f"ps{rotation}{flip}.dcm", "--no-graphics", "--window", "-200", "900",
              "--rotation", rotation, *(["--flip"] if flip else []), "--shutter", "1", "160", "1", "96",
              *whole_area(image))
    theirs, _ = oracle(image, ps, tmp_path)
    within_one(export(image, ps, tmp_path), theirs)


def test_plain_state_identity_voi_equals_dcmp2pgm(images, tmp_path):
    for name in ("ct_small", "wide"):
        ps = make(images[name], tmp_path / f"plain-{name}.dcm", "--plain")
        theirs, dump = oracle(images[name], ps, tmp_path)
        assert "VOI transformation: none" in dump or "window center" not in dump
        within_one(export(images[name], ps, tmp_path), theirs)


def test_monochrome1_inverse_and_identity(images, tmp_path):
    image = images["mono1"]
    ds = read_instance(image).ds
    for shape in ("INVERSE", "IDENTITY"):
        ps = save(make_gsps(ds, shape=shape, SoftcopyVOILUTSequence=Sequence([voi_item(500, 600)])),
                  tmp_path / f"m1-{shape}.dcm")
        theirs, _ = oracle(image, ps, tmp_path)
        ours = export(image, ps, tmp_path)
        within_one(ours, theirs)
    stored = read_instance(image).frame(0)
    assert ours[stored == stored.min()].max() == 0  # IDENTITY: minimum is black


def test_voi_lut_sequence_of_the_state(images, tmp_path):
    image = images["wide"]
    ds = read_instance(image).ds
    data = np.linspace(0, 65535, 4096)[::-1].astype("<u2").tobytes()
    voi = item(VOILUTSequence=Sequence([item(LUTDescriptor=[4096, -1024 & 0xFFFF, 16], LUTData=data)]))
    ps = save(make_gsps(ds, RescaleSlope=1, RescaleIntercept=-1024, RescaleType="HU",
                        SoftcopyVOILUTSequence=Sequence([voi])), tmp_path / "voilut.dcm")
    ps_ds = read_presentation_state(read_instance(ps))
    assert ps_ds.voi[0].lut_item is not None
    theirs, _ = oracle(image, ps, tmp_path)
    within_one(export(image, ps, tmp_path), theirs)


@pytest.mark.parametrize("value", [0x0000, 0x5000])
def test_bitmap_shutter_equals_dcmp2pgm(images, tmp_path, value):
    """dcmp2pgm 3.6.7 paints a bitmap shutter black whatever its Shutter Presentation Value;
    PS3.3 C.7.6.15 makes that value Type 1, so we show it: equal to dcmp2pgm within 1 except
    that the shuttered pixels carry the value (0x5000 -> 0x50)."""
    image = images["wide"]
    ds = read_instance(image).ds
    bits = np.zeros((96, 160), np.uint8)
    bits[:20, :] = 1
    bits[:, 120:] = 1
    ps_ds = make_gsps(ds, ImageRotation=90, ImageHorizontalFlip="N", ShutterShape="BITMAP",
                      ShutterOverlayGroup=0x6000, ShutterPresentationValue=value,
                      SoftcopyVOILUTSequence=Sequence([voi_item(0, 2000)]))
    add_overlay(ps_ds, 0x6000, bits)
    ps = save(ps_ds, tmp_path / f"bitmap{value}.dcm")
    theirs, dump = oracle(image, ps, tmp_path)
    assert "Bitmap shutter: present" in dump
    ours = export(image, ps, tmp_path)
    shuttered = np.rot90(bits, -1).astype(bool)
    within_one(ours, theirs, ~shuttered)
    assert (theirs[shuttered] == 0).all()
    assert (ours[shuttered] == value >> 8).all() and shuttered[:, -20:].all()


def dump_value(dump: str, pattern: str) -> tuple[str, ...]:
    match = re.search(pattern, dump)
    assert match, pattern
    return match.groups()


def test_dump_agrees_with_our_reading_and_geometric_parts(images, tmp_path):
    """make-gsps defaults: window, rotation 90, rectangular shutter, central half displayed,
    graphics and text; geometry checked against the dump and exact pixels."""
    image = images["ct_small"]
    ps = make(image, tmp_path / "full.dcm", "--text", "GSPS テキスト")
    theirs, dump = oracle(image, ps, tmp_path)
    state = read_presentation_state(read_instance(ps))
    center, width = dump_value(dump, r"window center=(\S+) width=(\S+)")
    assert state.voi[0].windows[0][:2] == (float(center), float(width))
    assert dump_value(dump, r"Rotation: (\d+)")[0] == str(state.rotation)
    assert dump_value(dump, r"Flip: (\w+)")[0] == ("yes" if state.flip else "no")
    tl = dump_value(dump, r"TLHC=(\d+)\\(\d+) BRHC")
    br = dump_value(dump, r"BRHC=(\d+)\\(\d+)\s")
    area = state.displayed_areas[0]
    assert area.top_left == tuple(map(int, tl)) and area.bottom_right == tuple(map(int, br))
    edges = dump_value(dump, r"LV=(\d+) RV=(\d+) UH=(\d+) LH=(\d+)")
    assert state.shutters.rectangle == tuple(map(int, edges))
    coords = re.findall(r"coordinates: (.*)", dump)
    ours = [", ".join(f"{x:g}\\{y:g}" for x, y in g.points) + ", " for g in state.annotations[0].graphics]
    assert [c.strip() for c in coords] == [o.strip() for o in ours]

    plain = export(image, make(image, tmp_path / "nographics.dcm", "--no-graphics"), tmp_path)
    applied = AppliedPresentation(state, read_instance(image))
    left, top, right, bottom = (int(v) for v in applied.layout().area)
    assert plain.shape == (bottom - top, right - left) == (64, 64)
    opening = applied.transform.array(applied.shutter_opening)[top:bottom, left:right]
    crop = theirs[top:bottom, left:right]
    within_one(plain, crop, opening)
    assert (plain[~opening] == 255).all()

    full = export(image, ps, tmp_path)
    drawn = full != plain
    assert drawn.any() and (full[drawn] >= 128).all()  # white layer, antialiased text edges
    layout = applied.layout()
    for primitive in applied.graphics(layout):
        if primitive.kind == "polygon":
            x, y = primitive.points[0]
            assert full[int(np.floor(y)), int(np.floor(x))] == 255 or not (0 <= x < 64 and 0 <= y < 64)
