"""A small Q/R archive built on pynetdicom that behaves like PixelMed's: strictly level by level.

- C-FIND (Study Root) at STUDY level over its data sets; at SERIES level only with one
  Study Instance UID: an empty one, or none, is answered 0xA900 (Identifier Does Not Match SOP
  Class), as PixelMed does; a study listed in ``fail_series_of`` gets 0xC000 for its series.
- C-GET of a study: C-STOREs of its data sets on the same association.
- Records every C-CANCEL it receives (``cancels``) and how each association ended
  (``endings``: "released" or "aborted").
Runs in this process on 127.0.0.1 and an ephemeral port; ``stop()`` ends it.
"""

from __future__ import annotations

import threading

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE, StoragePresentationContexts, build_role, evt
from pynetdicom.sop_class import (StudyRootQueryRetrieveInformationModelFind,
                                  StudyRootQueryRetrieveInformationModelGet)

SERIES_KEYS = ("Modality", "SeriesNumber", "SeriesDescription", "SeriesInstanceUID")


class StrictArchive:
    def __init__(self, instances: list[Dataset], fail_series_of=(), aet: str = "STRICT"):
        self.instances = instances
        self.fail_series_of = set(fail_series_of)
        self.cancels: list[int] = []
        self.endings: list[str] = []
        self.queries: list[tuple[str, str]] = []  # (level, StudyInstanceUID asked)
        self._lock = threading.Lock()
        ae = AE(ae_title=aet)
        syntaxes = [ExplicitVRLittleEndian, ImplicitVRLittleEndian]
        ae.add_supported_context(StudyRootQueryRetrieveInformationModelFind, syntaxes)
        ae.add_supported_context(StudyRootQueryRetrieveInformationModelGet, syntaxes)
        for context in StoragePresentationContexts:
            ae.add_supported_context(context.abstract_syntax, syntaxes, scu_role=True,
                                     scp_role=True)
        self.aet = aet
        self.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=[
            (evt.EVT_C_FIND, self._on_find), (evt.EVT_C_GET, self._on_get),
            (evt.EVT_RELEASED, self._ended("released")), (evt.EVT_ABORTED, self._ended("aborted"))])
        self.port = self.server.server_address[1]

    def _ended(self, how: str):
        def handler(event) -> None:
            with self._lock:
                self.cancels += list(event.assoc.dimse.cancel_req)
                self.endings.append(how)
        return handler

    def _on_find(self, event):
        query = event.identifier
        level = str(query.get("QueryRetrieveLevel", ""))
        study = str(query.get("StudyInstanceUID", "") or "")
        with self._lock:
            self.queries.append((level, study))
        if level == "STUDY":
            for ds in self._studies(study):
                yield 0xFF00, ds
        elif level == "SERIES":
            if not study or "\\" in study:
                yield 0xA900, None  # PixelMed: no unique key of the parent
                return
            if study in self.fail_series_of:
                yield 0xC000, None
                return
            for ds in self._series(study):
                yield 0xFF00, ds
        else:
            yield 0xA900, None

    def _studies(self, wanted: str) -> list[Dataset]:
        found: dict[str, Dataset] = {}
        for source in self.instances:
            uid = str(source.get("StudyInstanceUID", "") or "")
            if wanted and uid != wanted:
                continue
            ds = Dataset()
            ds.QueryRetrieveLevel = "STUDY"
            ds.StudyInstanceUID = uid
            for keyword in ("PatientName", "PatientID", "StudyDate", "StudyDescription"):
                ds.add_new(keyword, source.data_element(keyword).VR, source.get(keyword, ""))
            ds.SOPClassesInStudy = str(source.SOPClassUID)
            found.setdefault(uid, ds)
        return list(found.values())

    def _series(self, study: str) -> list[Dataset]:
        found: dict[str, Dataset] = {}
        for source in self.instances:
            if str(source.get("StudyInstanceUID", "")) != study:
                continue
            ds = Dataset()
            ds.QueryRetrieveLevel = "SERIES"
            ds.StudyInstanceUID = study
            for keyword in SERIES_KEYS:
                ds.add_new(keyword, source.data_element(keyword).VR, source.get(keyword))
            found.setdefault(str(source.SeriesInstanceUID), ds)
        return list(found.values())

    def _on_get(self, event):
        study = str(event.identifier.get("StudyInstanceUID", ""))
        chosen = [ds for ds in self.instances if str(ds.get("StudyInstanceUID", "")) == study]
        yield len(chosen)
        for ds in chosen:
            if event.is_cancelled:
                yield 0xFE00, None
                return
            yield 0xFF00, ds

    def stop(self) -> None:
        self.server.shutdown()


__all__ = ["StrictArchive", "build_role"]
