"""A synthetic but valid CT series (pydicom + numpy only).

    python -m peerkit.make_series OUTDIR [-n 100] [--rows 512 --cols 512] [--studies 1]
        [--patient-id SYN0001] [--patient-name SYNTHETIC^CT] [--seed 1] [--implicit]
        [--thickness 1.25] [--voi-lut]

(from the tests folder, or ``python tests/peerkit/make_series.py ...``). Writes
OUTDIR/study<k>/<slice>.dcm: CT Image Storage, 16 bits allocated / 12 stored, unsigned,
RescaleIntercept -1024, MONOCHROME2, Explicit VR Little Endian (Implicit with --implicit). Each
study has one axial series of N slices sharing Study/Series/Frame of Reference UIDs, with Image
Position (Patient) stepping down z by --thickness, Instance Number 1..N, Slice Location, Pixel
Spacing, window 40/400 and a new SOP Instance UID per slice. The pixels are a phantom (water
ellipse, bone ring, a sphere whose cross-section changes with z, noise), so every slice differs.
--studies K makes K studies (patients SYN0001..K when K > 1). --seed makes UIDs and pixels
repeatable; without it the UIDs are new on every run. --voi-lut adds a non-linear VOI LUT
(LUT Descriptor 3072\\0\\8: entry = 255 * sqrt(min(HU, 400) / 400)) besides the window.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (CTImageStorage, ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                         PYDICOM_IMPLEMENTATION_UID, generate_uid)


def phantom(rows: int, cols: int, z: int, slices: int, rng) -> np.ndarray:
    """Stored values (HU + 1024, 12 bits) of slice *z* of *slices*."""
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    cy, cx = rows / 2, cols / 2
    r = ((x - cx) / (0.42 * cols)) ** 2 + ((y - cy) / (0.32 * rows)) ** 2
    hu = np.full((rows, cols), -1000.0, np.float32)  # air
    hu[r <= 1.0] = 0.0  # water body
    hu[(r > 0.85) & (r <= 1.0)] = 700.0  # bone ring
    frac = (z + 0.5) / slices  # the sphere's radius varies with z
    rad = 0.18 * min(rows, cols) * np.sqrt(max(0.0, 1 - (2 * frac - 1) ** 2))
    hu[(x - cx * 0.8) ** 2 + (y - cy) ** 2 <= rad ** 2] = 60.0  # soft-tissue lesion
    hu[(x - cx * 1.3) ** 2 + (y - cy * 0.9) ** 2 <= (0.05 * cols) ** 2] = -400.0  # lung-like
    hu += rng.normal(0, 8, size=hu.shape).astype(np.float32)
    return np.clip(hu + 1024, 0, 4095).astype(np.uint16)


def voi_lut_item() -> Dataset:
    lut = np.rint(255 * np.sqrt(np.minimum(np.arange(3072), 400) / 400)).astype("<u2")
    item = Dataset()
    item.LUTDescriptor = [3072, 0, 8]
    item.LUTExplanation = "SQRT 0-400 HU"
    item.LUTData = lut.tobytes()  # (0028,3006) is US or OW: bytes -> OW
    return item


def _slice(common: dict, i: int, z: float, spacing: float, rows: int, cols: int) -> Dataset:
    ds = Dataset()
    for keyword, value in common.items():
        setattr(ds, keyword, value)
    ds.InstanceNumber = i + 1
    ds.ImagePositionPatient = [f"{-spacing * cols / 2:.3f}", f"{-spacing * rows / 2:.3f}",
                               f"{z:.3f}"]
    ds.SliceLocation = f"{z:.3f}"
    return ds


def _study_attributes(when: datetime.datetime, s: int, pid: str, pname: str, thickness: float,
                      rows: int, cols: int, spacing: float) -> dict:
    day, time = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    return {
        "SpecificCharacterSet": "ISO_IR 100", "ImageType": ["ORIGINAL", "PRIMARY", "AXIAL"],
        "SOPClassUID": CTImageStorage, "StudyDate": day, "SeriesDate": day,
        "AcquisitionDate": day, "ContentDate": day, "StudyTime": time, "SeriesTime": time,
        "AcquisitionTime": time, "ContentTime": time, "AccessionNumber": f"ACC{s + 1:06d}",
        "Modality": "CT", "Manufacturer": "peerkit.make_series", "ReferringPhysicianName": "",
        "StudyDescription": "Synthetic CT study",
        "SeriesDescription": f"Synthetic axial {thickness} mm", "PatientName": pname,
        "PatientID": pid, "PatientBirthDate": "19700101", "PatientSex": "O",
        "BodyPartExamined": "CHEST", "SliceThickness": f"{thickness:g}", "KVP": "120",
        "PatientPosition": "HFS", "StudyID": str(s + 1), "SeriesNumber": 1,
        "AcquisitionNumber": 1, "ImageOrientationPatient": [1, 0, 0, 0, 1, 0],
        "PositionReferenceIndicator": "", "SamplesPerPixel": 1,
        "PhotometricInterpretation": "MONOCHROME2", "Rows": rows, "Columns": cols,
        "PixelSpacing": [f"{spacing:.6f}", f"{spacing:.6f}"], "BitsAllocated": 16,
        "BitsStored": 12, "HighBit": 11, "PixelRepresentation": 0, "WindowCenter": "40",
        "WindowWidth": "400", "RescaleIntercept": "-1024", "RescaleSlope": "1",
        "RescaleType": "HU",
    }


def make_series(outdir, slices: int = 100, *, rows: int = 512, cols: int = 512, studies: int = 1,
                patient_id: str = "SYN0001", patient_name: str = "SYNTHETIC^CT",
                seed: int | None = None, implicit: bool = False, thickness: float = 1.25,
                voi_lut: bool = False) -> list[Path]:
    """Write the series (see the module text); the sorted list of files written."""
    if seed is None:
        def uid(*_key):
            return generate_uid()
    else:
        def uid(*key):
            return generate_uid(entropy_srcs=[str(seed), *map(str, key)])
    syntax = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian
    when = datetime.datetime(2024, 1, 2, 3, 4, 5) if seed is not None else datetime.datetime.now()
    spacing = 350.0 / max(rows, cols)
    written = []
    for s in range(studies):
        pid = patient_id if studies == 1 else f"SYN{s + 1:04d}"
        pname = patient_name if studies == 1 else f"SYNTHETIC^CT{s + 1:04d}"
        common = _study_attributes(when, s, pid, pname, thickness, rows, cols, spacing)
        common.update(StudyInstanceUID=uid("study", s), SeriesInstanceUID=uid("series", s),
                      FrameOfReferenceUID=uid("for", s))
        folder = Path(outdir) / f"study{s + 1:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(None if seed is None else seed * 100003 + s)
        for i in range(slices):
            ds = _slice(common, i, -thickness * i, spacing, rows, cols)
            ds.SOPInstanceUID = uid("sop", s, i)
            ds.file_meta = FileMetaDataset()
            ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.file_meta.TransferSyntaxUID = syntax
            ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
            if voi_lut:
                ds.VOILUTSequence = [voi_lut_item()]
            ds.PixelData = phantom(rows, cols, i, slices, rng).tobytes()
            path = folder / f"{i + 1:05d}.dcm"
            ds.save_as(path, enforce_file_format=True)
            written.append(path)
    return sorted(written)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="make_series", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("-n", "--slices", type=int, default=100)
    ap.add_argument("--rows", type=int, default=512)
    ap.add_argument("--cols", type=int, default=512)
    ap.add_argument("--studies", type=int, default=1)
    ap.add_argument("--patient-id", default="SYN0001")
    ap.add_argument("--patient-name", default="SYNTHETIC^CT")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--implicit", action="store_true")
    ap.add_argument("--thickness", type=float, default=1.25)
    ap.add_argument("--voi-lut", action="store_true")
    return ap


def main(argv=None) -> list[Path]:
    a = parser().parse_args(argv)
    files = make_series(a.outdir, a.slices, rows=a.rows, cols=a.cols, studies=a.studies,
                        patient_id=a.patient_id, patient_name=a.patient_name, seed=a.seed,
                        implicit=a.implicit, thickness=a.thickness, voi_lut=a.voi_lut)
    print(f"wrote {len(files)} files ({a.studies} studies x {a.slices} slices, "
          f"{a.rows}x{a.cols}) to {a.outdir}", file=sys.stderr)
    return files


if __name__ == "__main__":
    main()
