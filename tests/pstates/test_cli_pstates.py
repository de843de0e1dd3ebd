"""``dicom-viewer export --pr`` with Color, Pseudo-Color and Blending states (and
``--superimposed``): the PNG read back with Qt holds exactly the pipeline's pixels."""

import numpy as np

from gsps_builders import make_image, save
from icc_profiles import srgb_profile
from imagefiles import read_png_with_qt
from ps_builders import (COLOR, PSEUDO_COLOR, make_blending, make_rgb_image, make_state, place,
                         set_palette)
from viewer.cli import main

V = np.arange(256)
CT = (np.arange(12 * 16) % 256).reshape(12, 16).astype(np.uint8)


def palette(ds):
    return set_palette(ds, V * 257, np.zeros(256), (255 - V) * 257)


def export(*arguments):
    return main(["export", *map(str, arguments)])


def test_pseudo_colour_state(tmp_path):
    image = make_image(CT, bits=8)
    ps = palette(make_state(PSEUDO_COLOR, image, profile=srgb_profile()))
    out = tmp_path / "out.png"
    assert export(save(image, tmp_path / "img.dcm"), "--pr", save(ps, tmp_path / "ps.dcm"),
                  "-o", out) == 0
    pixels = read_png_with_qt(out)
    assert pixels.shape == (12, 16, 3)
    assert pixels[..., 0].tolist() == CT.tolist() and pixels[..., 2].tolist() == (255 - CT).tolist()
    assert (pixels[..., 1] == 0).all()


def test_colour_state_with_flip(tmp_path):
    rgb = np.random.default_rng(3).integers(0, 256, (12, 16, 3), dtype=np.uint8)
    image = make_rgb_image(rgb)
    ps = make_state(COLOR, image, profile=srgb_profile(), ImageHorizontalFlip="Y")
    out = tmp_path / "out.png"
    assert export(save(image, tmp_path / "img.dcm"), "--pr", save(ps, tmp_path / "ps.dcm"),
                  "-o", out) == 0
    assert read_png_with_qt(out).tolist() == rgb[:, ::-1].tolist()


def blending_files(tmp_path, pet_folder):
    underlying = place(make_image(CT, bits=8, modality="CT"), (0, 0, 0))
    pet = place(make_image(255 - CT, bits=8, modality="PT", study_uid=underlying.StudyInstanceUID),
                (0, 0, 0))
    ps = palette(make_blending([underlying], [pet], 0.5, profile=srgb_profile()))
    image = save(underlying, tmp_path / "ct.dcm")
    pet_folder.mkdir(exist_ok=True)
    save(pet, pet_folder / "pet.dcm")
    return image, save(ps, tmp_path / "fusion.dcm")


def blended(gray, pet):
    yu, rs = gray / 255.0, pet / 255.0
    return np.floor(np.stack([rs * 0.5 + yu * 0.5, yu * 0.5, (1 - rs) * 0.5 + yu * 0.5], -1)
                    * 255 + 1e-9).astype(int)


def test_blending_state_with_superimposed_folder(tmp_path):
    image, ps = blending_files(tmp_path, tmp_path / "pet")
    out = tmp_path / "out.png"
    assert export(image, "--pr", ps, "--superimposed", tmp_path / "pet", "-o", out) == 0
    assert read_png_with_qt(out).tolist() == blended(CT, 255 - CT).tolist()


def test_blending_state_finds_the_files_next_to_the_image(tmp_path):
    image, ps = blending_files(tmp_path, tmp_path)
    out = tmp_path / "out.png"
    assert export(image, "--pr", ps, "-o", out) == 0
    assert read_png_with_qt(out).tolist() == blended(CT, 255 - CT).tolist()


def test_blending_without_the_superimposed_series_says_so(tmp_path, capsys):
    image, ps = blending_files(tmp_path, tmp_path / "pet")
    out = tmp_path / "out.png"
    assert export(image, "--pr", ps, "-o", out) != 0
    error = capsys.readouterr().err
    assert "cannot apply the presentation state" in error and "is not available" in error
    assert not out.exists()


def test_superimposed_needs_a_state(tmp_path, capsys):
    image = save(make_image(CT, bits=8), tmp_path / "img.dcm")
    assert export(image, "--superimposed", tmp_path, "-o", tmp_path / "out.png") != 0
    assert "--superimposed needs a Blending presentation state" in capsys.readouterr().err


def test_bad_icc_profile_is_a_clear_error(tmp_path, capsys):
    image = make_image(CT, bits=8)
    ps = palette(make_state(PSEUDO_COLOR, image, profile=b"\0" * 200))
    out = tmp_path / "out.png"
    assert export(save(image, tmp_path / "img.dcm"), "--pr", save(ps, tmp_path / "ps.dcm"),
                  "-o", out) != 0
    assert "ICC Profile (0028,2000) of the presentation state cannot be read" in \
        capsys.readouterr().err
    assert not out.exists()


def test_info_describes_the_colour_parts(tmp_path, capsys):
    _, ps = blending_files(tmp_path, tmp_path)
    assert main(["info", str(ps)]) == 0
    out = capsys.readouterr().out
    assert "PS kind" in out and "BLENDING" in out
    assert "palette 256 entries from 0, 16 bit" in out
    assert f"ICC profile ({len(srgb_profile())} bytes)" in out
    assert "(1 images), opacity 0.5" in out
