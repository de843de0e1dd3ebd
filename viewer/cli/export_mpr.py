"""``dicom-viewer export --mpr`` and ``--reference-line``: a reformatted plane of a series, and
an image with another image's plane drawn where it cuts it (the GUI's reference line)."""

from __future__ import annotations

import argparse

from viewer.cli import CommandError

REFERENCE_RGB = (0, 220, 255)  # the GUI's reference line colour (ui.viewing.orienting)


def add_arguments(p) -> None:
    p.add_argument("--mpr", choices=("axial", "coronal", "sagittal"),
                   help="write a reformatted plane of the series INPUT... (a folder or the "
                        "files of one series): exactly the plane, square pixels at the in-plane "
                        "spacing, radiological orientation")
    p.add_argument("--position", type=float, metavar="MM",
                   help="with --mpr: the plane's patient coordinate along its normal (z axial, "
                        "y coronal, x sagittal); default the volume's centre")
    p.add_argument("--slab", type=float, metavar="MM", help="with --mpr: slab thickness")
    p.add_argument("--slab-mode", choices=("mip", "minip", "average"), default="mip",
                   help="with --slab: maximum, minimum or mean through the slab (default mip)")
    p.add_argument("--reference-line", type=_path, metavar="OTHER.dcm",
                   help="draw where OTHER's plane cuts the image (same Frame of Reference)")


def _path(text: str):
    from pathlib import Path

    return Path(text)


def check_options(args: argparse.Namespace) -> None:
    mpr_only = ("--position", args.position), ("--slab", args.slab)
    if args.mpr is None:
        for name, value in mpr_only:
            if value is not None:
                raise CommandError(f"{name} needs --mpr")
        if len(args.input) != 1:
            raise CommandError("give one DICOM file (several only with --mpr)")
        return
    clashing = [name for name, used in (("--frame", args.frame != 1),
                                        ("--all-frames", args.all_frames), ("--pr", args.pr),
                                        ("--size", args.size),
                                        ("--reference-line", args.reference_line)) if used]
    if clashing:
        raise CommandError(f"--mpr cannot be combined with {', '.join(clashing)}")


def series_of(paths):
    """The one image series of *paths* (files and folders)."""
    from viewer.dicom import ObjectKind, assemble_series, open_paths

    result = open_paths(paths)
    series = [s for s in assemble_series(result.instances) if s.kind is ObjectKind.IMAGE]
    if not series:
        reasons = "; ".join(f"{p}: {why}" for p, why in result.skipped[:3])
        raise CommandError("no images found" + (f" ({reasons})" if reasons else ""))
    if len(series) > 1:
        raise CommandError(f"the input holds {len(series)} image series; give a folder or the "
                           "files of one series")
    return series[0]


def run_mpr(args: argparse.Namespace) -> int:
    import numpy as np

    from viewer.dicom import DicomReadError
    from viewer.export import write_png
    from viewer.pipeline.renderer import GrayscaleRenderer
    from viewer.viewing import mpr, reformat
    from viewer.viewing.volume import VolumeError, build_volume

    try:
        volume = build_volume(series_of(args.input))
        grid = mpr.standard_grid(volume, args.mpr)
        t = plane_offset(volume, grid, args.mpr, args.position)
        slab = mpr.Slab(args.slab or 0.0, args.slab_mode)
        scale = reformat.display_scale(volume)
        stored = reformat.to_stored(mpr.sample(volume, grid, t, slab), scale)
        header = reformat.reformat_header(volume, grid, np.array([t]), args.mpr, scale)
        renderer = GrayscaleRenderer(header, 0, stored=stored,
                                     window=tuple(args.window) if args.window else None)
        write_png(args.output, renderer.render(stored))
    except VolumeError as exc:
        raise CommandError(f"cannot reformat the series: {exc}") from exc
    except (DicomReadError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def plane_offset(volume, grid, plane: str, position: float | None) -> float:
    """t along the grid's normal of the plane at patient coordinate *position* (default: the
    volume's centre); CommandError when the plane misses the volume."""
    import numpy as np

    from viewer.viewing.mpr import PATIENT_AXIS

    point = volume.centre()
    if position is not None:
        point[PATIENT_AXIS[plane]] = position
    t = float(np.dot(grid.normal, point))
    if not grid.near - 1e-6 <= t <= grid.far + 1e-6:
        axis = "xyz"[PATIENT_AXIS[plane]]
        ends = sorted(np.dot(volume.corners(), np.eye(3)[PATIENT_AXIS[plane]]))
        raise CommandError(f"the {plane} plane at {axis} = {position:g} mm misses the volume "
                           f"({axis} from {ends[0]:.2f} to {ends[-1]:.2f} mm)")
    return t


def reference_primitives(image_ds, other_ds, frame_index: int = 0):
    """The reference line of *other_ds* on *image_ds* as a painter polyline, or CommandError."""
    import numpy as np

    from viewer.pipeline.gsps_graphics import Primitive
    from viewer.viewing import crossref

    image = crossref.image_plane(image_ds, frame_index)
    other = crossref.image_plane(other_ds)
    for plane, what in ((image, "the image"), (other, "the other image")):
        if plane is None:
            raise CommandError(f"{what} has no position in the patient (Image Position/"
                               "Orientation (Patient) and Pixel Spacing)")
    if str(image_ds.get("FrameOfReferenceUID") or "") != str(
            other_ds.get("FrameOfReferenceUID") or "-"):
        raise CommandError("the two images are not in the same Frame of Reference")
    segment = crossref.reference_line(other, image)
    if segment is None:
        raise CommandError("the other image's plane does not cut this image (parallel, or "
                           "beside it)")
    points = np.array([(c + 0.5, r + 0.5) for c, r in segment])  # pixel centres: +0.5
    return [Primitive("polyline", points, 255, REFERENCE_RGB)]


def with_reference_line(image, image_ds, frame_index: int, other_path, painter):
    """*image* (uint8, as exported) as RGB with the reference line of *other_path* drawn."""
    import numpy as np

    from viewer.dicom import read_instance

    other = read_instance(other_path)
    primitives = reference_primitives(image_ds, other.ds, frame_index)
    rgb = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
    return painter(np.ascontiguousarray(rgb), primitives)
