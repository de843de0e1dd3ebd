"""The Basic Application Level Confidentiality Profile (PS3.15 E.1) applied to a dataset.

One :class:`Anonymizer` per export: its UID mapping (and its date shift) is shared by every
object of that export, so a presentation state, a key object selection, an SR or an RT object
still references the images it referenced, under their new UIDs. A new UID is derived from
the old one and a secret drawn for the export (pydicom's ``generate_uid`` with both as entropy:
a ``2.25.`` UUID-derived UID), so two exports of one study cannot be linked by their UIDs.
"""

from __future__ import annotations

import datetime
import re
import secrets

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

from viewer.share.profile import (
    BASIC_PROFILE_CODE, CLEAN, DUMMY, EMPTY, REMOVE, UID, ProfileOption, action_for,
    check_options,
)

# Modalities (and the Secondary Capture classes) whose images often carry burned-in text:
# without Burned In Annotation they count as burned in (PS3.15 E.1.1 leaves the pixel data to
# the de-identifier; we do not clean pixels).
BURNING_MODALITIES = frozenset({"US", "XA", "RF", "ES", "XC", "GM", "OP", "SM", "OT"})
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
DUMMY_TEXT = "ANONYMIZED"
_DUMMY = {"DA": "19000101", "TM": "000000.00", "DT": "19000101000000.00", "AS": "000Y",
          "IS": "0", "DS": "0", "UR": "urn:anonymized"}
_NUMERIC = ("US", "SS", "UL", "SL", "FL", "FD", "UV", "SV", "AT")
_FREE_TEXT = ("ST", "LT", "UT", "UC")
_TEXT = ("LO", "SH", "PN") + _FREE_TEXT
_BINARY = ("OB", "OW", "OD", "OF", "OL", "OV", "UN")
_NAME_ATTRIBUTES = ("PatientID", "OtherPatientIDs", "AccessionNumber", "PatientBirthDate",
                    "InstitutionName", "InstitutionAddress", "StationName", "IssuerOfPatientID")


class BurnedInAnnotation(Exception):
    """The image may show identifying text in its pixels; skipped unless the user confirms."""


class Anonymizer:
    """Applies the profile with *options* (names of ``PROFILE_OPTIONS``) to datasets."""

    def __init__(self, options=(), *, patient_name: str = "", patient_id: str = "") -> None:
        self.options: tuple[ProfileOption, ...] = check_options(tuple(options))
        self.patient_name = patient_name
        self.patient_id = patient_id
        self.uids: dict[str, str] = {}
        self._secret = secrets.token_hex(16)
        self._shift_dates = any(o.name == "shifted-dates" for o in self.options)
        self.date_shift = datetime.timedelta(days=-secrets.randbelow(3650) - 365)
        self._identifiers: tuple[str, ...] = ()

    def new_uid(self, uid: str) -> str:
        """The replacement of *uid*, the same for every object of this export."""
        uid = str(uid).strip("\0 ")
        if uid not in self.uids:
            self.uids[uid] = generate_uid(prefix=None, entropy_srcs=[self._secret, uid])
        return self.uids[uid]

    def anonymize(self, ds: Dataset, *, include_burned_in: bool = False) -> Dataset:
        """De-identify *ds* in place (and return it); BurnedInAnnotation when refused."""
        reason = burned_in_reason(ds)
        if reason and not include_burned_in:
            raise BurnedInAnnotation(reason)
        self._identifiers = identifying_strings(ds)
        self._clean_dataset(ds)
        self._mark(ds)
        if getattr(ds, "file_meta", None) is not None:
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        return ds

    # -- the table, recursively -------------------------------------------------------------
    def _clean_dataset(self, ds: Dataset, replaced: bool = False) -> None:
        """*replaced*: inside a sequence whose action is D (Content Sequence, Graphic Annotation
        Sequence): free text the table does not list (an SR's Text Value) is replaced too."""
        for elem in list(ds):
            action = action_for(int(elem.tag), self.options)
            if action is None:
                if elem.VR == "SQ":
                    self._clean_items(elem.value, replaced)
                elif replaced and elem.VR in _FREE_TEXT and elem.value:
                    elem.value = _dummy(elem.VR)
                elif elem.VR in _TEXT and elem.value:  # not in the table: no name nor ID left
                    elem.value = self._scrubbed(elem.value)
            elif action == REMOVE:
                del ds[elem.tag]
            elif action == UID:
                elem.value = self._mapped(elem.value)
            elif action == EMPTY:
                elem.value = [] if elem.VR == "SQ" else None
            elif elem.VR == "SQ":  # D, K, C on a sequence: keep it, clean its items
                self._clean_items(elem.value, replaced or action == DUMMY)
            elif action == DUMMY:
                elem.value = _dummy(elem.VR)
            elif action == CLEAN:
                elem.value = self._cleaned(elem.VR, elem.value)
            # KEEP: as it is

    def _clean_items(self, items: Sequence, replaced: bool) -> None:
        for item in items:
            self._clean_dataset(item, replaced)

    def _mapped(self, value):
        if isinstance(value, (list, MultiValue)):
            return [self.new_uid(v) for v in value]
        return self.new_uid(value) if value else value

    def _cleaned(self, vr: str, value):
        """C: dates shifted (modified dates option); text kept without identifying words."""
        if vr in ("DA", "DT"):
            return _shifted(value, self.date_shift) if self._shift_dates else value
        return value if vr == "TM" else self._scrubbed(value)

    def _scrubbed(self, value):
        """*value* without the patient's names and identifiers (text, or several texts)."""
        if isinstance(value, (list, MultiValue)):
            return [self._scrubbed(v) for v in value]
        text = str(value)
        for word in self._identifiers:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "", text, flags=re.IGNORECASE)
        return value if text == str(value) else (text.strip(" ^") or None)

    def _mark(self, ds: Dataset) -> None:
        """PS3.15 E.1.1: Patient Identity Removed, De-identification Method (and codes)."""
        if self.patient_name:
            ds.PatientName = self.patient_name
        if self.patient_id:
            ds.PatientID = self.patient_id
        ds.PatientIdentityRemoved = "YES"
        codes = [BASIC_PROFILE_CODE] + [(o.code, o.meaning) for o in self.options]
        ds.DeidentificationMethod = [meaning[:64] for _, meaning in codes]
        ds.DeidentificationMethodCodeSequence = [_code(value, meaning) for value, meaning in codes]
        names = {o.name for o in self.options}
        ds.LongitudinalTemporalInformationModified = (
            "UNMODIFIED" if "dates" in names else "MODIFIED" if "shifted-dates" in names
            else "REMOVED")


def burned_in_reason(ds: Dataset) -> str | None:
    """Why the pixels of *ds* may show identifying text, or None."""
    if "PixelData" not in ds and "FloatPixelData" not in ds and "DoubleFloatPixelData" not in ds:
        return None
    flag = str(ds.get("BurnedInAnnotation", "") or "").upper()
    if flag == "YES":
        return "Burned In Annotation is YES"
    if flag:
        return None
    modality = str(ds.get("Modality", "") or "").upper()
    if modality in BURNING_MODALITIES:
        return f"Burned In Annotation is absent and modality {modality} often burns text in"
    if str(ds.get("SOPClassUID", "")).startswith(SECONDARY_CAPTURE):
        return "Burned In Annotation is absent from a secondary capture"
    return None


def identifying_strings(ds: Dataset) -> tuple[str, ...]:
    """The patient's names, IDs and the like, longest first (what Clean removes from text)."""
    found: set[str] = set()

    def collect(dataset: Dataset) -> None:
        for elem in dataset:
            if elem.VR == "SQ":
                for item in elem.value:
                    collect(item)
            elif elem.VR == "PN" and elem.value:
                found.update(re.split(r"[\^= ]+", str(elem.value)))
    collect(ds)
    for keyword in _NAME_ATTRIBUTES:
        value = ds.get(keyword)
        if value:
            found.update(str(v) for v in (value if isinstance(value, MultiValue) else [value]))
    return tuple(sorted((w for w in found if len(w) >= 2), key=len, reverse=True))


def _dummy(vr: str):
    if vr in _NUMERIC:
        return 0
    if vr in _BINARY:
        return b"\0\0"
    return _DUMMY.get(vr, DUMMY_TEXT)


def _shifted(value, shift: datetime.timedelta):
    if isinstance(value, (list, MultiValue)):
        return [_shifted(v, shift) for v in value]
    text = str(value or "")
    try:
        day = datetime.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return None  # not a date we can shift: nothing of it is kept
    return (day + shift).strftime("%Y%m%d") + text[8:]


def _code(value: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = "DCM"
    item.CodeMeaning = meaning
    return item
