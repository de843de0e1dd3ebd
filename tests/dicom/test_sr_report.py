"""``dicom-viewer report`` checked item by item against DCMTK ``dsrdump`` (an independent SR
parser): nesting depth, relationship, value type, concept name and value of every content item,
in document order, by-reference items resolved to the item dsrdump's position names."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from pydicom.data import get_testdata_file

from tests.dicom import sr_builders
from tests.required_tools import require
from viewer.cli import main
from viewer.dicom.names import format_person_name
from viewer.dicom.sr_document import format_report, read_document

_LINE = re.compile(r"^(?P<indent> *)<(?:(?P<rel>[a-z ]+?) )?(?P<vt>[A-Z0-9]+):"
                   r"(?P<code>\(.*?,.*?,\".*?\"\))?=(?P<value>.*?)>(?: \{.*\})?$")
_BY_REFERENCE = re.compile(r"^(?P<indent> *)<(?P<rel>[a-z ]+) (?P<pos>[\d.]+)>$")


# DCMTK's iconv build cannot convert ISO 2022 IR 87, so dsrdump prints the stored bytes and
# Python's own codec decodes them.
_CODECS = {"ISO 2022 IR 87": "iso2022_jp", "ISO_IR 192": "utf-8", "ISO_IR 100": "latin-1"}


def dsrdump_items(path) -> list[dict]:
    charsets = __import__("pydicom").dcmread(path).get("SpecificCharacterSet", "ISO_IR 100")
    charset = charsets if isinstance(charsets, str) else charsets[-1]
    out = subprocess.run([require("dsrdump"), "-Ph", "+Pl", "+Pu", "-Ec", str(path)],
                         capture_output=True, check=True).stdout.decode(_CODECS[charset])
    items = []
    for line in filter(None, out.splitlines()):
        if m := _BY_REFERENCE.match(line):
            items.append({"depth": len(m["indent"]) // 2, "rel": m["rel"].upper(),
                          "by_reference": m["pos"]})
            continue
        m = _LINE.match(line)
        assert m, line
        concept = re.search(r'"(.*)"\)$', m["code"] or "")
        items.append({"depth": len(m["indent"]) // 2, "rel": (m["rel"] or "").upper(),
                      "vt": m["vt"], "concept": concept[1] if concept else "",
                      "value": _value(m["vt"], m["value"])})
    return items


def _value(vt: str, text: str) -> str:
    if vt == "CONTAINER":
        return text
    if vt in ("CODE",):
        return re.search(r'"(.*)"\)$', text)[1]
    if vt == "NUM":
        number, unit = re.match(r'"(.*?)" \((.*?),', text).groups()
        return f"{number} {unit}"
    if vt in ("IMAGE", "COMPOSITE", "WAVEFORM"):
        return re.search(r'"([\d.]+)"', text)[1]
    if vt in ("SCOORD", "SCOORD3D", "TCOORD"):
        return text[1:].split(",")[0]
    value = text[1:-1].replace("\\r", "\r").replace("\\n", "\n")
    return format_person_name(value) if vt == "PNAME" else value


def _at(items: list[dict], position: str) -> dict:
    """dsrdump's item at a position like 1.2.1 (root is 1)."""
    parts, index, depth = [int(p) for p in position.split(".")][1:], 0, 0
    for wanted in parts:
        seen, index = 0, index + 1
        while True:
            if items[index]["depth"] == depth + 1:
                seen += 1
                if seen == wanted:
                    break
            index += 1
        depth += 1
    return items[index]


def ours(path) -> list[dict]:
    rows = []
    for depth, item in read_document(path).root.walk():
        value = f"{item.value} {item.unit}" if item.unit else item.value
        rows.append({"depth": depth, "rel": item.relationship, "vt": item.value_type,
                     "concept": item.concept, "value": value, "by_reference": item.by_reference})
    return rows


def assert_like_dsrdump(path):
    theirs, mine = dsrdump_items(path), ours(path)
    assert len(mine) == len(theirs)
    for row, expected in zip(mine, theirs):
        if "by_reference" in expected:
            assert (row["depth"], row["rel"], row["by_reference"]) == \
                   (expected["depth"], expected["rel"], expected["by_reference"])
            expected = {**_at(theirs, expected["by_reference"]), "depth": expected["depth"],
                        "rel": expected["rel"]}
        assert {k: row[k] for k in expected} == expected


@pytest.fixture
def written(tmp_path):
    def write(ds, name):
        path = tmp_path / name
        ds.save_as(path, enforce_file_format=True)
        return path
    return write


def test_pydicoms_comprehensive_sr_matches_dsrdump():
    assert_like_dsrdump(get_testdata_file("test-SR.dcm"))


@pytest.mark.parametrize("build", [sr_builders.japanese_report, sr_builders.xray_dose_report,
                                   lambda: sr_builders.key_object_selection(["1.2.3", "1.2.4"])])
def test_generated_documents_match_dsrdump(build, written):
    assert_like_dsrdump(written(build(), "doc.dcm"))


def test_a_tid1500_measurement_report_matches_dsrdump(written):
    image = __import__("pydicom").dcmread(get_testdata_file("CT_small.dcm"))
    path = written(sr_builders.measurement_report(image), "tid1500.dcm")
    assert_like_dsrdump(path)
    lines = [line.strip() for line in format_report(read_document(path)).splitlines()]
    assert "NUM Area: 81.0 mm2" in lines
    assert f"[SELECTED FROM] IMAGE Source: {image.SOPInstanceUID}" in lines


def test_report_prints_japanese_text_indented_by_depth(written, capsys):
    path = written(sr_builders.japanese_report(image_uid="1.2.3.4"), "ja.dcm")
    assert main(["report", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Title: 画像診断報告" in lines
    assert "Patient: 山田 太郎 (SR-1)" in lines
    tree = lines[lines.index("") + 1:]
    assert tree == [
        "CONTAINER 画像診断報告",
        "  [HAS OBS CONTEXT] PNAME Person Observer Name: 山田 太郎",
        "  CONTAINER 所見",
        "    TEXT 所見: 右肺に結節あり。",
        "    NUM 長さ: 12.5 mm",
        "    IMAGE 参照画像: 1.2.3.4",
        "    SCOORD Image Region: POLYLINE",
        "      [SELECTED FROM] IMAGE 1.2.3.4",
        "  CODE 印象: 腫瘤"]


def test_report_json_is_the_same_tree(written, capsys):
    path = written(sr_builders.xray_dose_report(), "dose.dcm")
    assert main(["report", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["title"], doc["completion_flag"]) == ("X-Ray Radiation Dose Report", "COMPLETE")
    accumulated = doc["content"]["children"][4]
    assert accumulated["concept"] == "Accumulated X-Ray Dose Data"
    total, _, inferred = accumulated["children"]
    assert (total["value"], total["unit"]) == ("0.00012", "Gy.m2")
    assert (inferred["relationship"], inferred["by_reference"], inferred["concept"]) == \
           ("INFERRED FROM", "1.5.1", "Dose Area Product Total")


def test_a_malformed_tree_keeps_its_place_and_an_image_is_refused(written, capsys):
    ds = sr_builders.key_object_selection(["1.2.3"])
    ds.ContentSequence[0].ValueType = "BOGUS"
    ds.ContentSequence.append(sr_builders.item("CONTAINS", "TEXT", ("1", "Note")))
    ds.ContentSequence.append(sr_builders.item("CONTAINS", None, None,
                                               ReferencedContentItemIdentifier=[1, 9]))
    ds.ContentSequence.append(sr_builders.item("CONTAINS", None, None,  # itself: a cycle
                                               ReferencedContentItemIdentifier=[1, 5]))
    path = written(ds, "bad.dcm")
    assert main(["report", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "BOGUS Key Object Description: [unknown value type 'BOGUS']" in out
    assert "TEXT Note: [TEXT item without a valid value]" in out
    assert "[reference to a missing content item 1.9]" in out
    assert "[reference to 1.5, itself a reference]" in out
    assert err == (f"dicom-viewer report: {path}: malformed content: 4 item(s), the first at "
                   "1.1: unknown value type 'BOGUS'\n")
    assert main(["report", get_testdata_file("CT_small.dcm")]) == 1
    assert "not a structured report" in capsys.readouterr().err


_DCSRDUMP = re.compile(r"^\t*(?P<depth>>*)(?P<rel>[A-Z -]+?): (?:(?P<vt>[A-Z0-9]+):"
                       r"(?: \(.*?,.*?,\"(?P<concept>.*?)\"\))?|(?P<pos>[\d.]+)$)")


def test_the_tree_matches_dicom3tools_dcsrdump(written):
    """A second, independent parser: depth, relationship, value type and concept of each item."""
    for path in (get_testdata_file("test-SR.dcm"),
                 written(sr_builders.xray_dose_report(), "dose.dcm")):
        done = subprocess.run([require("dcsrdump"), str(path)], capture_output=True, check=True)
        out = (done.stdout + done.stderr).decode("utf-8", "replace")  # it dumps on stderr
        theirs = []
        for line in out.splitlines():
            if line.startswith(":"):  # the root
                theirs.append((0, "", "CONTAINER", re.search(r'"(.*?)"', line)[1]))
            elif m := _DCSRDUMP.match(line):
                rel = m["rel"].removeprefix("R-")
                theirs.append((len(m["depth"]), rel, m["vt"] or "", m["concept"] or ""))
        mine = [(depth, item.relationship, "" if item.by_reference else item.value_type,
                 "" if item.by_reference else item.concept)
                for depth, item in read_document(path).root.walk()]
        assert mine == theirs
