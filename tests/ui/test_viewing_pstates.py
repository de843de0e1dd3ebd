"""Color, Pseudo-Color and Blending presentation states in the viewer: listed with their kind,
applied (pixels exactly AppliedPresentation's), and when they cannot be applied the image is
still shown, plainly, with the reason in the corner."""

import numpy as np
from pydicom.sequence import Sequence

from gsps.gsps_builders import item, make_gsps, save
from pstates.icc_profiles import srgb_profile
from pstates.icc_profiles import rgb_profile
from pstates.ps_builders import (BLENDING, COLOR, PSEUDO_COLOR, blending_item, make_rgb_image,
                                 make_state, set_palette)
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.viewing.display import Display
from viewing.ui_helpers import load, make_area, wait_shown
from viewing.viewing_builders import ct_dataset, ramp, write

PET_SERIES = "1.2.826.0.1.3680043.8.498.77"
V = np.arange(256)


def palette(ds):
    return set_palette(ds, V * 257, np.zeros(256), (255 - V) * 257)


def ct_and_pet(folder, with_pet=True):
    cts = [ct_dataset(ramp(offset=37 * i), z=i, number=i + 1) for i in range(3)]
    pets = [ct_dataset(ramp(32, 32, offset=500 * i), z=i, number=i + 1, spacing=(1.0, 1.0),
                       series_uid=PET_SERIES, modality="PT", window=None, intercept=0)
            for i in range(3)]
    for i, ds in enumerate(cts):
        write(ds, folder / "ct" / f"{i + 1:04d}.dcm")
    if with_pet:
        for i, ds in enumerate(pets):
            write(ds, folder / "pt" / f"{i + 1:04d}.dcm")
    return cts, pets


def blending_state(cts, pets, opacity=0.5):
    ps = make_state(BLENDING, *cts, profile=srgb_profile(), label="FUSION", date="20240301")
    del ps.ReferencedSeriesSequence
    under = blending_item("UNDERLYING", cts)
    under.SoftcopyVOILUTSequence = Sequence([item(WindowCenter=2048, WindowWidth=4096)])
    ps.BlendingSequence = Sequence([under, blending_item("SUPERIMPOSED", pets)])
    ps.RelativeOpacity = opacity
    return palette(ps)


def open_area(qtbot, folder):
    area = make_area(qtbot, (900, 700))
    series = [s for s in load(folder) if s.frames]
    area.show_series_list(series)
    ct = next(s for s in series if s.series_instance_uid != PET_SERIES)
    viewport = area.active_viewport
    if viewport.series is not ct:
        area.show_series(viewport, ct)
    wait_shown(qtbot, viewport)
    return area, viewport


def open_series(area):
    return lambda uid: (area.strip.series[uid].instances if uid in area.strip.series else None)


def corner(viewport) -> str:
    return "\n".join(viewport.canvas.corners["br"])


def shown(viewport):
    return viewport.canvas.image_item.image


def test_pseudo_colour_state_is_listed_with_its_kind_and_applied(qtbot, tmp_path):
    cts, _ = ct_and_pet(tmp_path, with_pet=False)
    ps = make_state(PSEUDO_COLOR, *cts, profile=srgb_profile(), label="HOT", date="20240301",
                    SoftcopyVOILUTSequence=Sequence([item(WindowCenter=1000, WindowWidth=2000)]))
    save(palette(ps), tmp_path / "ct" / "ps.dcm")
    area, viewport = open_area(qtbot, tmp_path)
    combo = area.presentations.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "No presentation state", "HOT  (2024-03-01)  [pseudo-colour]"]
    assert viewport.presentation.info.label == "HOT"
    expected = AppliedPresentation(viewport.presentation.state, viewport.ref.instance,
                                   viewport.ref.frame_index).render_image(viewport.stored)
    assert expected.ndim == 3 and np.array_equal(shown(viewport), expected)
    assert "PS: HOT" in corner(viewport).splitlines()


def test_blending_state_blends_the_open_pet_series(qtbot, tmp_path):
    cts, pets = ct_and_pet(tmp_path)
    save(blending_state(cts, pets), tmp_path / "ct" / "fusion.dcm")
    area, viewport = open_area(qtbot, tmp_path)
    assert viewport.presentation.info.label == "FUSION"
    assert viewport.presentation.info.kind == "BLENDING"
    expected = AppliedPresentation(viewport.presentation.state, viewport.ref.instance,
                                   viewport.ref.frame_index, superimposed=open_series(area)
                                   ).render_image(viewport.stored)
    assert np.array_equal(shown(viewport), expected)
    gray = Display().render(viewport.ref, viewport.stored, (2048 - 1024, 4096)).image
    assert not np.array_equal(expected[..., 0], expected[..., 2])  # coloured by the palette
    assert not np.array_equal(expected[..., 0], gray)
    assert "PS: FUSION" in corner(viewport).splitlines()


def test_blending_without_its_pet_series_shows_the_image_and_says_why(qtbot, tmp_path):
    cts, pets = ct_and_pet(tmp_path, with_pet=False)
    save(blending_state(cts, pets), tmp_path / "ct" / "fusion.dcm")
    area, viewport = open_area(qtbot, tmp_path)
    assert viewport.presentation.info.label == "FUSION"
    text = corner(viewport)
    assert "PS: FUSION cannot be applied" in text and "is not available" in text
    plain = Display().render(viewport.ref, viewport.stored, None).image
    assert np.array_equal(shown(viewport), plain)


def test_grayscale_state_text_has_no_kind(qtbot, tmp_path):
    cts, _ = ct_and_pet(tmp_path, with_pet=False)
    save(make_gsps(*cts, label="PLAIN", date="20240301"), tmp_path / "ct" / "ps.dcm")
    area, _ = open_area(qtbot, tmp_path)
    assert area.presentations.combo.itemText(1) == "PLAIN  (2024-03-01)"


def test_colour_state_on_a_colour_image_has_no_window(qtbot, tmp_path):
    rgb = np.random.default_rng(5).integers(0, 256, (32, 48, 3), dtype=np.uint8)
    image = make_rgb_image(rgb)
    write(image, tmp_path / "sc" / "rgb.dcm")
    save(make_state(COLOR, image, profile=rgb_profile(1.0), label="LINEAR", date="20240301"),
         tmp_path / "sc" / "ps.dcm")
    area = make_area(qtbot, (900, 700))
    area.show_series_list([s for s in load(tmp_path) if s.frames])
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert area.presentations.combo.itemText(1) == "LINEAR  (2024-03-01)  [colour]"
    expected = AppliedPresentation(viewport.presentation.state, viewport.ref.instance,
                                   viewport.ref.frame_index).render_image(viewport.stored)
    assert np.array_equal(shown(viewport), expected)
    assert not np.array_equal(expected, rgb)  # the linear profile brightens mid-tones
    viewport.set_window(100, 50)
    assert viewport.shown.colour and viewport.presentation.modified is False
    assert np.array_equal(shown(viewport), expected)


def test_blending_applies_once_its_pet_series_is_opened(qtbot, tmp_path):
    cts, pets = ct_and_pet(tmp_path)
    save(blending_state(cts, pets), tmp_path / "ct" / "fusion.dcm")
    area = make_area(qtbot, (900, 700))
    series = [s for s in load(tmp_path) if s.frames]
    ct = [s for s in series if s.series_instance_uid != PET_SERIES]
    area.show_series_list(ct)
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert "is not available" in corner(viewport)
    area.add_series([s for s in series if s.series_instance_uid == PET_SERIES])
    viewport.set_frame(1, user=True)  # away and back to a frame that failed before the PET
    wait_shown(qtbot, viewport)
    viewport.set_frame(0, user=True)
    wait_shown(qtbot, viewport)
    assert viewport.state.frame == 0
    assert "cannot be applied" not in corner(viewport)
    expected = AppliedPresentation(viewport.presentation.state, viewport.ref.instance,
                                   viewport.ref.frame_index, superimposed=open_series(area)
                                   ).render_image(viewport.stored)
    assert np.array_equal(shown(viewport), expected)
