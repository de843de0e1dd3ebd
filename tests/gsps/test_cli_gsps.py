"""``dicom-viewer export --pr/--size`` and ``dicom-viewer info PS.dcm``."""

import json

import numpy as np
from pydicom.sequence import Sequence

from gsps_builders import annotation, graphic, item, layer, make_gsps, make_image, save, voi_item
from imagefiles import read_png_with_qt
from viewer.cli import main

PIXELS = (np.arange(12 * 16) % 256).reshape(12, 16).astype(np.uint8)


def files(tmp_path, **attributes):
    image = make_image(PIXELS, bits=8)
    ps = make_gsps(image, **attributes)
    return save(image, tmp_path / "img.dcm"), save(ps, tmp_path / "ps.dcm")


def test_export_applies_the_state_at_its_displayed_area(tmp_path):
    area = item(DisplayedAreaTopLeftHandCorner=[3, 2], DisplayedAreaBottomRightHandCorner=[10, 5],
                PresentationSizeMode="SCALE TO FIT", PresentationPixelAspectRatio=[1, 1])
    image, ps = files(tmp_path, ImageHorizontalFlip="Y", DisplayedAreaSelectionSequence=Sequence([area]),
                      GraphicLayerSequence=Sequence([layer("L", 1, gray=0xFFFF)]),
                      GraphicAnnotationSequence=Sequence([annotation("L", [graphic("POINT", [(0.5, 0.5)], "DISPLAY")])]))
    out = tmp_path / "out.png"
    assert main(["export", str(image), "--pr", str(ps), "-o", str(out)]) == 0
    pixels = read_png_with_qt(out)
    flipped = PIXELS[:, ::-1]
    expected = flipped[1:5, 6:14].copy()  # columns 3..10 flipped land on 7..14
    expected[2, 2:7] = 255  # the DISPLAY point (0.5, 0.5) is the canvas point (4, 2): a cross
    expected[0:4, 4] = 255
    assert pixels.shape == (4, 8)
    assert pixels.tolist() == expected.tolist()


def test_export_size_fits_and_centres(tmp_path):
    image, ps = files(tmp_path, SoftcopyVOILUTSequence=Sequence([voi_item(128, 256)]))
    out = tmp_path / "sized.png"
    assert main(["export", str(image), "--pr", str(ps), "-o", str(out), "--size", "64x24"]) == 0
    pixels = read_png_with_qt(out)
    assert pixels.shape == (24, 64)
    assert (pixels[:, :16] == 0).all() and (pixels[:, 48:] == 0).all()  # 32 x 24 image centred
    assert pixels[0, 16] == np.floor(((PIXELS[0, 0] - 127.5) / 255 + 0.5) * 255)


def test_export_size_without_a_state_scales_the_plain_rendering(tmp_path):
    image, _ = files(tmp_path)
    out = tmp_path / "plain.png"
    assert main(["export", str(image), "-o", str(out), "--size", "32x24", "--window", "128", "256"]) == 0
    pixels = read_png_with_qt(out)
    # PS3.3 C.11.2.1.2.1 with c = 128, w = 256: y = ((x - 127.5) / 255 + 0.5) * 255 = x, the
    # identity on 0..255; 16 x 12 fills 32 x 24 at x2 exactly (nearest neighbour)
    assert pixels.tolist() == PIXELS.repeat(2, axis=0).repeat(2, axis=1).tolist()


def test_state_for_another_image_is_an_error(tmp_path, capsys):
    image, _ = files(tmp_path)
    other = make_image(PIXELS, bits=8)
    ps = save(make_gsps(other), tmp_path / "other.dcm")
    assert main(["export", str(image), "--pr", str(ps), "-o", str(tmp_path / "x.png")]) == 1
    assert "does not reference" in capsys.readouterr().err


def test_bad_size_is_one_line(tmp_path, capsys):
    image, ps = files(tmp_path)
    assert main(["export", str(image), "--pr", str(ps), "-o", str(tmp_path / "x.png"), "--size", "big"]) == 1
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_info_summarises_a_state(tmp_path, capsys):
    _, ps = files(tmp_path, ImageRotation=270, ImageHorizontalFlip="Y",
                  SoftcopyVOILUTSequence=Sequence([voi_item(40, 400)]),
                  ShutterShape="CIRCULAR", CenterOfCircularShutter=[6, 8], RadiusOfCircularShutter=5,
                  ShutterPresentationValue=0,
                  GraphicLayerSequence=Sequence([layer("MEAS", 1)]),
                  GraphicAnnotationSequence=Sequence([annotation("MEAS", [graphic("POINT", [(1, 1)])],
                                                                 [item(UnformattedTextValue="t", AnchorPoint=[1.0, 1.0],
                                                                       AnchorPointAnnotationUnits="PIXEL",
                                                                       AnchorPointVisibility="N")])]))
    assert main(["info", str(ps)]) == 0
    out = capsys.readouterr().out
    for expected in ("PS label", "TEST", "40/400 LINEAR for all images", "rotation 270, flip Y",
                     "circular centre row 6 column 8 radius 5", "TLHC 1\\1 BRHC 16\\12 SCALE TO FIT",
                     "1: MEAS (1 graphics, 1 texts, 0 overlays)", "1 graphic, 1 text"):
        assert expected in out, expected
    assert main(["info", "--json", str(ps)]) == 0
    summary = json.loads(capsys.readouterr().out)["presentation_state"]
    assert summary["rotation"] == 270 and summary["graphic_objects"] == 1
