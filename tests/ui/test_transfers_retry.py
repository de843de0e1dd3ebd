"""Retry in Transfers, on a DICOMweb archive (a local server recording each request): a retrieve
that failed as a whole (the server down: 503) is asked again as a whole; one that stored some
instances and refused one (not encoded as its file meta says) asks again for that instance
only, by its WADO-RS instance resource; each job offers Retry once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pydicom
from pydicom.uid import CTImageStorage, JPEGBaseline8Bit, generate_uid

sys.path.insert(0, str(Path(__file__).parents[1] / "net"))  # the recording server, test data
from test_dicomweb_faults import Server, multipart, send_body  # noqa: E402
from test_scp_support import dataset_bytes, make_ct, stored_path  # noqa: E402

from ui.real_input import click  # noqa: E402
from viewer.net.file_meta import ReceivedInstance, file_head  # noqa: E402
from viewer.ui.query_panel import RetrieveRequest  # noqa: E402
from viewer.ui.transfers import DONE, FAILED  # noqa: E402


def test_retry_asks_again_for_what_failed(qtbot, ui, main_env, make_window, tmp_path):
    study, series = generate_uid(), generate_uid()
    good, second = (make_ct(tmp_path / "src", f"{i}.dcm", study=study, series=series)
                    for i in range(2))
    second_uid = str(pydicom.dcmread(second).SOPInstanceUID)
    mislabelled = file_head(ReceivedInstance(CTImageStorage, second_uid, JPEGBaseline8Bit)) \
        + dataset_bytes(second)  # native pixels said to be JPEG: refused
    state = {"study answers": ["down", "one refused"]}
    server = Server()

    def answer(h):
        path = h.path.split("?")[0]
        if "?" in h.path:  # QIDO-RS: the instances (their parents' UIDs)
            body = json.dumps([{"0020000D": {"vr": "UI", "Value": [study]},
                                "0020000E": {"vr": "UI", "Value": [series]},
                                "00080018": {"vr": "UI", "Value": [second_uid]}}]).encode()
            send_body(h, body, content_type="application/dicom+json")
        elif path.endswith(f"/studies/{study}"):
            if state["study answers"].pop(0) == "down":
                h.send_response(503)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            send_body(h, multipart([("application/dicom", good.read_bytes()),
                                    ("application/dicom", mislabelled)]))
        else:  # the instance resource
            send_body(h, multipart([("application/dicom", second.read_bytes())]))
    server.answer = answer
    try:
        main_env.nodes["Web"] = {"kind": "dicomweb", "url": server.root}
        main_env.write()
        window = make_window()
        node = window.session.node("Web")
        request = RetrieveRequest("STUDY", {"StudyInstanceUID": study}, "the study", study)
        (first,) = window.operations.retrieve(node, [request])
        ui.wait_jobs(qtbot, window)
        assert first.state == FAILED and "503" in first.detail
        row = window.transfers.rows[first]
        assert row.retry_button.isVisible()
        click(qtbot, row.retry_button)
        assert not row.retry_button.isVisible()  # once
        qtbot.waitUntil(lambda: len(window.transfers.jobs) == 2, timeout=30000)
        ui.wait_jobs(qtbot, window)
        again = window.transfers.jobs[-1]
        assert (again.state, again.completed, again.failed) == (DONE, 1, 1), again.detail
        assert "Pixel Data is not encapsulated" in again.detail
        server.requests.clear()
        click(qtbot, window.transfers.rows[again].retry_button)
        qtbot.waitUntil(lambda: len(window.transfers.jobs) == 3, timeout=30000)
        ui.wait_jobs(qtbot, window)
        last = window.transfers.jobs[-1]
        assert (last.state, last.completed, last.failed) == (DONE, 1, 0), last.detail
        assert "1 failed instance(s) of the study" in last.title
        asked = [p for p, _ in server.requests if "?" not in p]
        assert asked == [f"/dicom-web/studies/{study}/series/{series}/instances/{second_uid}"]
        assert not window.transfers.rows[last].retry_button.isVisible()  # nothing failed
        store = window.session.settings.store
        assert stored_path(store, second).read_bytes() == second.read_bytes()
        assert stored_path(store, good).is_file()
    finally:
        server.close()
