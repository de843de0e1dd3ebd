"""The IHE PDI-style entry files of a CD/DVD folder: ``README.TXT`` and ``INDEX.HTM``.

Neither is part of the DICOM file-set (the DICOMDIR does not reference them); they tell a person
who opens the disc without a DICOM viewer what is on it.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

PROFILE_TEXT = "PS3.11 General Purpose CD-R/DVD-RAM interchange, STD-GEN-CD"


def readme_text(instances: int, studies: int, patients: int, fileset_id: str, writer: str) -> str:
    lines = [
        f"DICOM media ({PROFILE_TEXT})",
        "",
        f"File-set ID: {fileset_id or '(none)'}",
        f"Contents: {instances} instance(s) of {studies} study(ies) of {patients} patient(s);",
        "INDEX.HTM lists them.",
        "",
        "Open the DICOMDIR file in this folder with a DICOM viewer. The images are not meant",
        "to be opened one by one: their file names carry no meaning.",
        "",
        f"Written by {writer}.",
    ]
    return "\r\n".join(lines) + "\r\n"


def _text(instance, keyword: str) -> str:
    try:
        value = getattr(instance, keyword)
    except AttributeError:
        return ""
    return "" if value is None else str(value)


def index_html(fileset, writer: str) -> str:
    """One table row per series of the file-set: patient, study and series, image count."""
    series = defaultdict(list)
    for instance in fileset:
        series[(_text(instance, "PatientID"), _text(instance, "StudyInstanceUID"),
                _text(instance, "SeriesInstanceUID"))].append(instance)
    rows = []
    for key in sorted(series, key=lambda k: (k[0], _text(series[k][0], "StudyDate"), k[2])):
        first = series[key][0]
        cells = [_text(first, k) for k in ("PatientName", "PatientID", "StudyDate",
                                            "StudyDescription", "Modality", "SeriesNumber")]
        cells.append(str(len(series[key])))
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = ("Patient", "Patient ID", "Study date", "Study", "Modality", "Series", "Instances")
    return "\n".join([
        "<!DOCTYPE html>", '<html><head><meta charset="utf-8"><title>DICOM media</title></head>',
        "<body><h1>DICOM media</h1>",
        f"<p>{escape(PROFILE_TEXT)}. Open <code>DICOMDIR</code> with a DICOM viewer.</p>",
        "<table border=\"1\"><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>",
        *rows, "</table>", f"<p>Written by {escape(writer)}.</p>", "</body></html>", ""])
