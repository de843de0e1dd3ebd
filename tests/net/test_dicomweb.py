

def test_the_gui_workers_search_and_retrieve_a_dicomweb_node(node, orthanc, tmp_path):
    """The query panel's and Transfers' Qt-free jobs go through the same dispatch."""
    import threading
    from types import SimpleNamespace

    from viewer.ui.jobs import retrieve_job
    from viewer.ui.query_panel import RetrieveRequest, echo_node, search_series, search_studies

    cancel = threading.Event()
    assert "QIDO-RS answered" in str(echo_node(node, "VIEWER", cancel=cancel))
    (row,) = [r for r in search_studies(node, {"PatientID": "WEB1"}, "VIEWER", cancel=cancel)]
    assert row.study_uid == orthanc.data.study
    series = search_series(node, row.study_uid, "VIEWER", cancel=cancel)
    assert {s.series_uid for s in series} == set(orthanc.data.series)
    stored = []
    settings = SimpleNamespace(store=tmp_path, aet="VIEWER")
    session = SimpleNamespace(ensure_destination=None,
                              store_received=lambda path, header: stored.append(path))
    request = RetrieveRequest("STUDY", {"StudyInstanceUID": row.study_uid}, "study", row.study_uid)
    steps = list(retrieve_job(node, request, settings, session, cancel=cancel))
    assert steps[-1].completed == 5 and len(stored) == 5


def test_cancel_stops_a_wado_retrieve(node, orthanc, tmp_path):
    import threading

    cancel = threading.Event()
    steps = []
    for step in retrieve(node, {"StudyInstanceUID": orthanc.data.study}, "STUDY",
                         store_dir=tmp_path, cancel=cancel):
        steps.append(step)
        cancel.set()  # after the first instance
    assert steps[-1].kind == "final" and steps[-1].cancelled
    assert steps[-1].completed < 5
    assert len(list(tmp_path.rglob("*.dcm"))) == steps[-1].completed
