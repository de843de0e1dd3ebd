"""Every transfer syntax is accepted and stored byte for byte (never decoded or re-encoded)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pydicom
import pytest
from pydicom.encaps import encapsulate
from pydicom.uid import (HTJ2K, CTImageStorage, HTJ2KLossless, HTJ2KLosslessRPCL, JPEGLossless,
                         SecondaryCaptureImageStorage, generate_uid)

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import (DCMTK_ENV, TEST_FILES, dataset_bytes, free_port,  # noqa: E402
                              make_ct, run, sender_ae, start_scp, stored_path, wait_for)

import viewer.net.send  # noqa: E402,F401  (send_c_store(path) sends the bytes as they are)
from viewer.net.scp import STORAGE_TRANSFER_SYNTAXES  # noqa: E402

_ = start_scp

# pydicom sample file -> storescu option proposing its transfer syntax
DCMTK_CASES = [
    ("CT_small.dcm", "-xe"),  # Explicit VR Little Endian
    ("MR_small_implicit.dcm", "-xi"),  # Implicit VR Little Endian
    ("MR_small_bigendian.dcm", "-xb"),  # Explicit VR Big Endian
    ("image_dfl.dcm", "-xd"),  # Deflated Explicit VR Little Endian
    ("MR_small_RLE.dcm", "-xr"),  # RLE Lossless
    ("SC_rgb_jpeg_dcmtk.dcm", "-xy"),  # JPEG Baseline
    ("JPEG-lossy.dcm", "-xx"),  # JPEG Extended
    ("SC_rgb_jpeg_gdcm.dcm", "-xs"),  # JPEG Lossless SV1
    ("MR_small_jpeg_ls_lossless.dcm", "-xt"),  # JPEG-LS Lossless
    ("JPEGLSNearLossless_16.dcm", "-xu"),  # JPEG-LS Near-Lossless
    ("MR_small_jp2klossless.dcm", "-xv"),  # JPEG 2000 Lossless
    ("JPEG2000.dcm", "-xw"),  # JPEG 2000
]


def fresh_copy(name: str, folder: Path) -> Path:
    """The sample file with new instance/study/series UIDs, re-saved in its own syntax."""
    ds = pydicom.dcmread(TEST_FILES / name)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    ds.save_as(path, enforce_file_format=True)
    return path


@pytest.fixture(scope="module")
def storescp_bit_preserving(tmp_path_factory):
    """DCMTK's storescp writing exactly what it receives: what storescu really puts on the wire
    (storescu re-encodes some data sets, e.g. sequence and item lengths)."""
    out = tmp_path_factory.mktemp("storescp")
    port = free_port()
    process = subprocess.Popen(["storescp", "+B", "+xa", "-od", str(out), str(port)],
                               env=DCMTK_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        yield port, out
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("name,option", DCMTK_CASES, ids=[c[0] for c in DCMTK_CASES])
def test_storescu_in_each_syntax_is_stored_as_sent(start_scp, storescp_bit_preserving, tmp_path,
                                                   name, option):
    scp, rec = start_scp()
    source = fresh_copy(name, tmp_path / "src")
    ds = pydicom.dcmread(source, stop_before_pixels=True)
    run("storescu", option, "-aec", "VIEWER", "127.0.0.1", scp.address[1], source)
    stored = stored_path(scp.store, source)
    assert pydicom.dcmread(stored, stop_before_pixels=True).file_meta.TransferSyntaxUID == \
        ds.file_meta.TransferSyntaxUID
    dcmtk_port, dcmtk_out = storescp_bit_preserving
    run("storescu", option, "127.0.0.1", dcmtk_port, source)
    [reference] = dcmtk_out.glob(f"*{ds.SOPInstanceUID}*")
    assert dataset_bytes(stored) == dataset_bytes(reference)


def _encapsulated(folder: Path, syntax) -> Path:
    """A data set labelled with *syntax* whose frame we never decode: the SCP must not care."""
    frame = bytes(range(256)) * 4
    return make_ct(folder, f"{syntax}.dcm", syntax=syntax,
                   PixelData=encapsulate([frame]), SOPClassUID=SecondaryCaptureImageStorage)


@pytest.mark.parametrize("syntax", [JPEGLossless, HTJ2KLossless, HTJ2KLosslessRPCL, HTJ2K],
                         ids=lambda s: s.name)
def test_syntaxes_dcmtk_cannot_propose_are_stored_as_sent(start_scp, tmp_path, syntax):
    scp, _ = start_scp()
    source = _encapsulated(tmp_path / "src", syntax)
    ae = sender_ae((SecondaryCaptureImageStorage, [syntax]))
    assoc = ae.associate("127.0.0.1", scp.address[1])
    assert assoc.is_established and assoc.accepted_contexts[0].transfer_syntax[0] == syntax
    try:
        assert assoc.send_c_store(source).Status == 0x0000
    finally:
        assoc.release()
    assert dataset_bytes(stored_path(scp.store, source)) == dataset_bytes(source)


def test_every_storage_class_is_accepted_in_every_syntax_offered(start_scp):
    """All of pynetdicom's storage SOP classes (images, PR, SR, KO, waveforms, RT...) are
    accepted; the first syntax a peer proposes is the one taken."""
    from pynetdicom import AllStoragePresentationContexts

    scp, _ = start_scp()
    classes = [cx.abstract_syntax for cx in AllStoragePresentationContexts]
    syntaxes = list(STORAGE_TRANSFER_SYNTAXES)
    for start in range(0, len(classes), 120):
        contexts = [(uid, [syntaxes[(start + i) % len(syntaxes)]])
                    for i, uid in enumerate(classes[start:start + 120])]
        assoc = sender_ae(*contexts).associate("127.0.0.1", scp.address[1])
        assert assoc.is_established
        accepted = {(cx.abstract_syntax, cx.transfer_syntax[0]) for cx in assoc.accepted_contexts}
        assoc.release()
        assert accepted == {(uid, ts[0]) for uid, ts in contexts}
    assert CTImageStorage in classes and len(classes) > 100
