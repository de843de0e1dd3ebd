"""The Storage SCP's short path for PDUs that only continue a data set
(viewer/net/scp_fragments.py): taken for the middle PDUs of a real sender's data sets, the
stored bytes are those sent, and anything else is left to pynetdicom."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import dataset_bytes, make_ct, run, start_scp, stored_path  # noqa: E402

from viewer.net import scp_fragments  # noqa: E402
from viewer.net.scp_fragments import _middle_fragments  # noqa: E402

_ = start_scp  # the fixture, imported for pytest


def pdu(*items: tuple[int, int, bytes]) -> bytes:
    """A P-DATA-TF PDU of (context ID, control header, bytes) PDVs."""
    body = b"".join((len(data) + 2).to_bytes(4, "big") + bytes([cx, header]) + data
                    for cx, header, data in items)
    return bytes([0x04, 0]) + len(body).to_bytes(4, "big") + body


def test_middle_fragments_are_found_and_anything_else_is_refused():
    data = pdu((3, 0x00, b"abc"), (3, 0x00, b"defg"))
    assert [data[a:b] for a, b in _middle_fragments(data, 3)] == [b"abc", b"defg"]
    assert _middle_fragments(pdu((3, 0x02, b"end")), 3) is None  # the last fragment
    assert _middle_fragments(pdu((3, 0x01, b"cmd")), 3) is None  # a command fragment
    assert _middle_fragments(pdu((3, 0x00, b"abc"), (3, 0x03, b"x")), 3) is None
    assert _middle_fragments(pdu((5, 0x00, b"abc")), 3) is None  # another context
    assert _middle_fragments(pdu((3, 0x00, b"abc"))[:-1], 3) is None  # truncated item
    assert _middle_fragments(pdu(), 3) is None  # no PDV at all


def test_a_sender_of_large_data_sets_takes_the_short_path_and_bytes_are_kept(tmp_path, start_scp):
    """storescu sends PDUs of the 128 KiB we accept: a 512x512 CT (512 KiB of pixels) is four
    of them and a short last one, as Orthanc sends it."""
    source = make_ct(tmp_path / "in", rows=512)
    scp, _ = start_scp()
    before = scp_fragments.appended_pdus
    run("storescu", "-aec", "VIEWER", "127.0.0.1", scp.address[1], source)
    assert scp_fragments.appended_pdus - before >= 3
    assert dataset_bytes(stored_path(scp.store, source)) == dataset_bytes(source)
