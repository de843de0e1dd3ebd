"""Directory records of a DICOMDIR (PS3.3 Annex F) for one instance, as PS3.11 wants them.

The records come from pydicom's own record creators (``pydicom.fileset.DIRECTORY_RECORDERS``),
then three fixes make them valid where pydicom 3.0's are not:

- a Type 1 record attribute the instance lacks (Study Date/Time/ID, Series Number, Instance
  Number, Patient ID) is invented in the record only, never in the file, as DCMTK ``dcmmkdir
  +I`` does (today's date and time, a counter); each invention is reported;
- an SR DOCUMENT or KEY OBJECT DOC record keeps only the root's HAS CONCEPT MOD items in its
  Content Sequence (PS3.3 F.5.24/F.5.26; pydicom copies the whole content tree, which dciodvfy
  rejects), and none when there are none;
- the instance's Specific Character Set is carried into every record (pydicom does this for
  the four-level records; it is done here for every record built).
"""

from __future__ import annotations

import datetime

from pydicom.dataset import Dataset
from pydicom.fileset import DIRECTORY_RECORDERS, RecordNode
# pydicom 3.0 has no public name for "which leaf record type is this SOP class"; these two
# functions are what FileSet.add itself uses.
from pydicom.fileset import _four_level_record_type, _single_level_record_type

CONTENT_TREE_RECORDS = ("SR DOCUMENT", "KEY OBJECT DOC")
# Type 1 record attributes (PS3.3 F.5) we may have to invent, per record type.
_REQUIRED = {"PATIENT": ("PatientID",), "STUDY": ("StudyDate", "StudyTime", "StudyID"),
             "SERIES": ("SeriesNumber",), "instance": ("InstanceNumber",)}


class RecordMaker:
    """Builds the record chain of each instance; remembers what it had to invent."""

    def __init__(self, now: datetime.datetime | None = None):
        now = now or datetime.datetime.now()
        self.today, self.time = now.strftime("%Y%m%d"), now.strftime("%H%M%S")
        self.invented: list[str] = []
        self._counters: dict[str, int] = {}

    def _invent(self, keyword: str, ds: Dataset, source: str) -> str:
        if keyword == "StudyDate":
            return next((str(ds.get(k)) for k in ("SeriesDate", "AcquisitionDate", "ContentDate")
                         if ds.get(k)), self.today)
        if keyword == "StudyTime":
            return next((str(ds.get(k)) for k in ("SeriesTime", "AcquisitionTime", "ContentTime")
                         if ds.get(k)), self.time)
        number = self._counters[keyword] = self._counters.get(keyword, 0) + 1
        return {"PatientID": f"NOID{number:06d}", "StudyID": f"S{number}"}.get(keyword, str(number))

    def filled(self, ds: Dataset, source: str) -> Dataset:
        """A shallow copy of *ds* with missing Type 1 record values invented (for records only)."""
        view = Dataset(ds)  # copies the element references, not the values
        for record_type, keywords in _REQUIRED.items():
            for keyword in keywords:
                if ds.get(keyword) in (None, ""):
                    value = self._invent(keyword, ds, source)
                    setattr(view, keyword, value)
                    self.invented.append(f"{source}: {record_type} record {keyword} {value!r} "
                                         "(missing in the file)")
        return view

    def leaf(self, ds: Dataset, source: str) -> RecordNode:
        """The leaf RecordNode of *ds* with its ancestors (PATIENT/STUDY/SERIES) attached."""
        view = self.filled(ds, source)
        single = _single_level_record_type(view)
        types = [single] if single != "PATIENT" else ["PATIENT", "STUDY", "SERIES",
                                                        _four_level_record_type(view)]
        records = [self.record(record_type, view) for record_type in types]
        records[-1].ReferencedFileID = None  # FileSet.write assigns it
        records[-1].ReferencedSOPClassUIDInFile = ds.SOPClassUID
        records[-1].ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
        records[-1].ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        nodes = [RecordNode(record) for record in records]
        for parent, child in zip(nodes, nodes[1:]):
            child.parent = parent
        return nodes[-1]

    @staticmethod
    def record(record_type: str, ds: Dataset) -> Dataset:
        record = DIRECTORY_RECORDERS[record_type](ds)
        record.OffsetOfTheNextDirectoryRecord = 0
        record.RecordInUseFlag = 0xFFFF
        record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        record.DirectoryRecordType = record_type
        if "SpecificCharacterSet" in ds:
            record.SpecificCharacterSet = ds.SpecificCharacterSet
        if record_type in CONTENT_TREE_RECORDS:
            concept_modifiers(record)
        return record


def concept_modifiers(record: Dataset) -> None:
    """Keep only HAS CONCEPT MOD items of the root in *record*'s Content Sequence (F.5.24)."""
    if "ContentSequence" not in record:
        return
    kept = [item for item in record.ContentSequence
            if item.get("RelationshipType") == "HAS CONCEPT MOD"]
    if kept:
        record.ContentSequence = kept
    else:
        del record.ContentSequence
