"""Basic Grayscale Print SCU against DCMTK's dcmprscp, checked with DCMTK's own rendering.

dcmprscp stores what it was sent: a Stored Print object per film (layout, film size, image
box positions) and a Hardcopy Grayscale image per image box. Each stored image must equal
``dcm2pnm`` (DCMTK's renderer, an independent oracle) of its source at the same window, in
display polarity, within 1 gray level.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

sys.path.insert(0, str(Path(__file__).parent))
from colour_print_scp import ColourPrintSCP  # noqa: E402
from print_scp import free_port, reference_print, start_print_scp  # noqa: E402
from required_tools import require  # noqa: E402

from viewer import config  # noqa: E402
from viewer.cli import main  # noqa: E402
from viewer.net.print_film import FilmError, FilmOptions, parse_layout  # noqa: E402
from viewer.net.common import Node  # noqa: E402
from viewer.net.print_image import load_print_image  # noqa: E402
from viewer.net.print_scu import describe_print_status, print_images  # noqa: E402
from viewer.pipeline import render_frame  # noqa: E402


@pytest.fixture(scope="module")
def printer(tmp_path_factory):
    scp = start_print_scp(tmp_path_factory.mktemp("dcmprscp"))
    yield scp
    scp.stop()


@pytest.fixture
def sources(tmp_path):
    """CT without a window (min-max), MR with one, and the MR as MONOCHROME1."""
    ct, mr = Path(get_testdata_file("CT_small.dcm")), Path(get_testdata_file("MR_small.dcm"))
    inverted = pydicom.dcmread(mr)
    inverted.PhotometricInterpretation = "MONOCHROME1"
    inverted.SOPInstanceUID = pydicom.uid.generate_uid()
    inverted.save_as(tmp_path / "mono1.dcm")
    return [ct, mr, tmp_path / "mono1.dcm"]


def dcm2pnm(source: Path, out: Path, *window_args: str) -> np.ndarray:
    """DCMTK's rendering of *source* as an 8-bit PGM, read back."""
    subprocess.run([require("dcm2pnm"), *window_args, str(source), str(out)], check=True,
                   capture_output=True)
    data = out.read_bytes()
    fields = data.split(maxsplit=4)  # P5 width height maxval pixels
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(fields[4][:width * height], np.uint8).reshape(height, width)


def printed(printer, before: set[Path], prefix: str) -> list[Path]:
    """Files written since *before*, in the order written (names are not in order)."""
    new = [p for p in printer.stored(prefix) if p not in before]
    return sorted(new, key=lambda p: p.stat().st_mtime_ns)


def hardcopy_pixels(path: Path) -> np.ndarray:
    ds = pydicom.dcmread(path)
    return ds.pixel_array.astype(np.int32) >> (ds.BitsStored - 8)


def stored_print(path: Path) -> tuple[pydicom.Dataset, dict[int, Path]]:
    """The Stored Print object and its image box positions -> Hardcopy Grayscale files."""
    sp = pydicom.dcmread(path)
    boxes = {}
    for box in sp[0x2130, 0x0040].value:  # Image Box Content Sequence
        uid = box.ReferencedImageSequence[0].ReferencedSOPInstanceUID
        boxes[int(box.ImageBoxPosition)] = next(
            p for p in path.parent.glob("HG_*.dcm")
            if pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID == uid)
    return sp, boxes


def node_text(printer) -> str:
    return f"{printer.aet}@127.0.0.1:{printer.port}"


def test_print_default_windows_match_dcmtk(printer, sources, tmp_path, capsys):
    before = set(printer.stored("SP")) | set(printer.stored("HG"))
    assert main(["print", node_text(printer), *map(str, sources), "--layout", "2x2",
                 "--film-size", "10INX12IN", "--orientation", "landscape", "--aet", "PRINTSCU"]) == 0
    assert "printed 3 image(s) on 1 film(s)" in capsys.readouterr().out
    [sp_path] = printed(printer, before, "SP")
    sp, boxes = stored_print(sp_path)
    film = sp[0x2130, 0x0030].value[0]  # Film Box Content Sequence
    assert film.ImageDisplayFormat == "STANDARD\\2,2"
    assert (film.FilmSizeID, film.FilmOrientation) == ("10INX12IN", "LANDSCAPE")
    assert sorted(boxes) == [1, 2, 3]
    windows = [("+Wm",), ("+Wi", "1"), ("+Wi", "1")]  # header window, else min-max
    for position, (source, window) in enumerate(zip(sources, windows), start=1):
        expected = dcm2pnm(source, tmp_path / f"{position}.pgm", *window)
        got = hardcopy_pixels(boxes[position])
        assert got.shape == expected.shape
        assert np.abs(got - expected).max() <= 1, source
    # MONOCHROME1 is printed in display polarity: the inverse of the same MR's rendering
    assert np.abs(hardcopy_pixels(boxes[3]) - (255 - hardcopy_pixels(boxes[2]))).max() <= 1


def test_print_window_12_bit_and_several_films(printer, sources, tmp_path):
    before = set(printer.stored("SP")) | set(printer.stored("HG"))
    assert main(["print", node_text(printer), *map(str, sources[:2]), "--window", "500", "800",
                 "--bits", "12", "--aet", "PRINTSCU"]) == 0
    films = printed(printer, before, "SP")
    assert len(films) == 2  # 1x1 layout: one film per image
    for source, sp_path in zip(sources, films):
        sp, boxes = stored_print(sp_path)
        assert sp[0x2130, 0x0030].value[0].ImageDisplayFormat == "STANDARD\\1,1"
        ds = pydicom.dcmread(boxes[1])
        assert (ds.BitsStored, ds.PhotometricInterpretation) == (12, "MONOCHROME2")
        expected = dcm2pnm(source, tmp_path / "w.pgm", "+Ww", "500", "800")
        assert np.abs(hardcopy_pixels(boxes[1]) - expected).max() <= 1


@pytest.mark.parametrize("name", ["MR_small.dcm", "CT_small.dcm"])
def test_same_hardcopy_as_dcmtk_reference_scu(printer, tmp_path, name):
    """DCMTK's own print SCU (dcmpsprt renders, dcmprscu sends) and ours, 12 bits, the header's
    window: the printer receives the same pixels. (Without a header window dcmpsprt applies no
    VOI at all, where we use the image's range; so the CT gets a window here.)"""
    source = tmp_path / name
    ds = pydicom.dcmread(get_testdata_file(name))
    if "WindowCenter" not in ds:
        ds.WindowCenter, ds.WindowWidth = 40, 400
    ds.save_as(source)
    before = set(printer.stored("HG"))
    reference_print(printer, tmp_path, source)
    [theirs] = printed(printer, before, "HG")
    assert main(["print", node_text(printer), str(source), "--bits", "12",
                 "--aet", "PRINTSCU"]) == 0
    [ours] = printed(printer, before | {theirs}, "HG")
    expected = pydicom.dcmread(theirs)
    assert expected.BitsStored == 12
    difference = pydicom.dcmread(ours).pixel_array.astype(int) - expected.pixel_array
    assert np.abs(difference).max() <= 1  # of 4095: DCMTK's float rounding on a few values


@pytest.mark.parametrize("option, value, named", [
    ("--layout", "4x3", "film box N-CREATE (STANDARD\\4,3"),
    ("--film-size", "A3", "film box N-CREATE (STANDARD\\1,1, A3"),
    ("--medium", "MAMMO BLUE FILM", "film session N-CREATE refused")])
def test_refused_film_box_is_explained(printer, sources, capsys, option, value, named):
    before = set(printer.stored("SP"))
    assert main(["print", node_text(printer), str(sources[0]), option, value,
                 "--aet", "PRINTSCU"]) == 1
    err = capsys.readouterr().err
    assert named in err and "0x0106" in err and "may not offer this layout" in err
    assert printed(printer, before, "SP") == []


def test_colour_image_on_a_grayscale_printer(printer, tmp_path, capsys):
    """dcmprscp offers no colour printing: the image is printed as its luminance, with a warning."""
    source = Path(get_testdata_file("SC_rgb.dcm"))
    before = set(printer.stored("SP"))
    assert main(["print", node_text(printer), str(source), "--aet", "PRINTSCU"]) == 0
    assert "colour images are printed in grayscale" in capsys.readouterr().out
    [sp_path] = printed(printer, before, "SP")
    _, boxes = stored_print(sp_path)
    rgb = pydicom.dcmread(source).pixel_array.astype(np.float64)
    luminance = np.floor(rgb @ [0.299, 0.587, 0.114] + 0.5)
    np.testing.assert_array_equal(pydicom.dcmread(boxes[1]).pixel_array, luminance)


def test_printer_down_and_status(printer, sources, capsys):
    assert main(["print", f"NOBODY@127.0.0.1:{free_port()}", str(sources[0]), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the printer" in err and "connection refused" in err
    assert main(["printer-status", node_text(printer), "--aet", "PRINTSCU"]) == 0
    assert "printer status NORMAL" in capsys.readouterr().out
    assert main(["echo", node_text(printer), "--aet", "PRINTSCU"]) == 0
    assert "success" in capsys.readouterr().out


def test_bad_input_prints_nothing(printer, tmp_path, capsys):
    (tmp_path / "junk.dcm").write_bytes(b"not dicom")
    before = set(printer.stored("SP"))
    assert main(["print", node_text(printer), str(tmp_path / "junk.dcm")]) == 1
    assert "nothing printed" in capsys.readouterr().err
    assert main(["print", node_text(printer), str(tmp_path / "junk.dcm"), "--layout", "5x1"]) == 1
    assert "columns must be 1 to 4" in capsys.readouterr().err
    assert printed(printer, before, "SP") == []


def test_colour_printer_gets_colour_image_boxes():
    """A printer offering Basic Color Print: a colour film, RGB in every image box (the gray
    image as three equal channels)."""
    scp = ColourPrintSCP()
    try:
        rgb_file, ct_file = get_testdata_file("SC_rgb.dcm"), get_testdata_file("CT_small.dcm")
        images = [load_print_image(path, colour_ok=True) for path in (rgb_file, ct_file)]
        result = print_images(Node(scp.aet, "127.0.0.1", scp.port), images,
                              FilmOptions(layout=(2, 1)), "PRINTSCU", timeout=10)
    finally:
        scp.stop()
    assert (result.colour, result.films, result.images, result.warnings) == (True, 1, 2, [])
    [film_box] = scp.printed
    attributes, boxes = scp.film_boxes[film_box]
    assert attributes.ImageDisplayFormat == "STANDARD\\2,1"
    rgb, ct = pydicom.dcmread(rgb_file), pydicom.dcmread(ct_file)
    np.testing.assert_array_equal(scp.images[boxes[0]], rgb.pixel_array)
    gray = render_frame(ct, ct.pixel_array)
    np.testing.assert_array_equal(scp.images[boxes[1]], np.repeat(gray[:, :, None], 3, axis=2))


def test_printer_node_settings_round_trip(tmp_path):
    film = FilmOptions(layout=(3, 4), film_size="8INX10IN", orientation="LANDSCAPE",
                       medium="PAPER", magnification="CUBIC")
    node = config.RemoteNode("PRN", "127.0.0.1", 104, name="film", kind="printer", film=film)
    path = config.save_settings(config.Settings(nodes=(node,)), tmp_path / "s.json")
    saved = json.loads(path.read_text())["nodes"]["film"]
    assert saved["kind"] == "printer" and saved["film"]["layout"] == "3x4"
    assert config.read_settings_file(path).node("film").film == film.checked()
    saved["film"]["orientation"] = "sideways"
    path.write_text(json.dumps({"nodes": {"film": saved}}))
    with pytest.raises(config.ConfigError, match="orientation 'sideways' must be one of"):
        config.read_settings_file(path)


def test_film_option_checks():
    assert parse_layout("4x5") == (4, 5) and parse_layout("2,3") == (2, 3)
    for bad in ("0x1", "5x1", "4x6", "two"):
        with pytest.raises(FilmError):
            parse_layout(bad)
    with pytest.raises(FilmError, match="copies"):
        FilmOptions(copies=0).checked()
    assert "Invalid Attribute Value" in describe_print_status(0x0106)
    assert describe_print_status(0xC603).startswith("0xC603 (Failure: Image size is larger")
