"""Window presets: CT list, digits, header windows."""

from viewer.viewing.presets import CT_PRESETS, presets_for
from viewing_builders import ct_dataset, ramp


def test_ct_presets_in_order_with_digits():
    presets = presets_for("CT")
    assert [(p.key, p.name, p.center, p.width) for p in presets] == [
        ("0", "default", None, None),
        ("1", "ct.brain", 40, 80),
        ("2", "ct.subdural", 75, 215),
        ("3", "ct.stroke", 40, 40),
        ("4", "ct.lung", -600, 1500),
        ("5", "ct.mediastinum", 50, 350),
        ("6", "ct.abdomen", 50, 400),
        ("7", "ct.liver", 30, 150),
        ("8", "ct.bone", 400, 1800),
    ]
    assert len(CT_PRESETS) == 8


def test_header_windows_follow_on_the_next_digits():
    ds = ct_dataset(ramp(), window=None)
    ds.WindowCenter, ds.WindowWidth = [40, 300], [400, 1500]
    ds.WindowCenterWidthExplanation = ["SOFT", "BONE"]
    presets = presets_for("CT", ds)
    assert [(p.key, p.label, p.center, p.width) for p in presets[9:]] == [
        ("9", "SOFT", 40.0, 400.0),
        (None, "BONE", 300.0, 1500.0),
    ]


def test_other_modalities_have_default_and_header_windows():
    ds = ct_dataset(ramp(), modality="MR", window=(100, 200))
    assert [(p.key, p.center) for p in presets_for("MR", ds)] == [("0", None), ("1", 100.0)]
