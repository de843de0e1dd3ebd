"""The reader marks key images: ``K`` toggles the frame shown in the active viewport in this
session's Key Object Selection ("Of Interest") of its study; Shift+K asks for a note, the KO's
Key Object Description (marking the frame shown too).

The document is built by :func:`viewer.viewing.key_save.build_key_object` and handed to the
area's saver (the one that stores saved presentation states: into the local archive in the main
window); each toggle writes it again under the same SOP Instance UID, so the store holds one
current version. Unmarking its last image withdraws it: it is no longer shown, and the remover
the main window sets deletes it from the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog
from pydicom.uid import generate_uid

from viewer.dicom import instance_from_dataset
from viewer.viewing.key_save import build_key_object

LOG = logging.getLogger(__name__)
translate = QCoreApplication.translate


@dataclass
class Draft:
    """This session's KO of one study: its UIDs and the marked frames in order."""

    sop_instance_uid: str = field(default_factory=generate_uid)
    series_instance_uid: str = field(default_factory=generate_uid)
    refs: list = field(default_factory=list)
    description: str = ""

    def selected(self) -> list:
        """(instance, 1-based frames or None) in the order marked, one pair per instance."""
        frames: dict = {}
        for ref in self.refs:
            frames.setdefault(ref.instance, []).append(ref.frame_index + 1)
        return [(i, tuple(f) if i.number_of_frames > 1 else None) for i, f in frames.items()]


class KeyMarking:
    """Part of :class:`~.key_controls.KeyImageControls`: the drafts and their saving."""

    def __init__(self, controls) -> None:
        self.controls = controls
        self.drafts: dict[str, Draft] = {}
        self.saver = None  # dataset -> path (None: the area's presentation state saver)
        self.remover = None  # (study_uid, series_uid, sop_uid) -> None: delete a withdrawn KO
        self.dialog: QInputDialog | None = None

    def toggle(self, viewport) -> bool | None:
        """Mark or unmark the frame *viewport* shows; True marked, False unmarked, None
        nothing done (no image shown, or the document could not be saved)."""
        area = self.controls.area
        ref = viewport.ref
        if ref is None:
            area.statusMessage.emit(translate("KeyImages", "No image is shown: nothing to mark."))
            return None
        study = ref.instance.study_instance_uid or ""
        draft = self.drafts.setdefault(study, Draft())
        marked = ref not in draft.refs
        draft.refs.append(ref) if marked else draft.refs.remove(ref)
        if not self._save(study, draft):
            draft.refs.remove(ref) if marked else draft.refs.append(ref)
            return None
        text = (translate("KeyImages", "Marked as a key image (Of Interest)") if marked else
                translate("KeyImages", "No longer a key image of this session"))
        area.statusMessage.emit(text)
        return marked

    def ask_note(self, viewport) -> None:
        """Shift+K: a non-modal dialog for the note; :meth:`set_note` with the answer."""
        if viewport.ref is None:
            self.controls.area.statusMessage.emit(
                translate("KeyImages", "No image is shown: nothing to mark."))
            return
        draft = self.drafts.get(viewport.ref.instance.study_instance_uid or "", Draft())
        dialog = QInputDialog(self.controls.area)
        dialog.setObjectName("keyImageNote")
        dialog.setWindowTitle(translate("KeyImages", "Key image note"))
        dialog.setLabelText(translate("KeyImages", "Note on this study's key images:"))
        dialog.setTextValue(draft.description)
        dialog.textValueSelected.connect(lambda text: self.set_note(viewport, text))
        self.dialog = dialog
        dialog.open()

    def set_note(self, viewport, text: str) -> bool:
        """The note of this session's KO of the shown frame's study; the frame is marked too.
        False when nothing was saved."""
        ref = viewport.ref
        if ref is None:
            return False
        study = ref.instance.study_instance_uid or ""
        draft = self.drafts.setdefault(study, Draft())
        before, draft.description = draft.description, text.strip()
        added = ref not in draft.refs
        if added:
            draft.refs.append(ref)
        if self._save(study, draft):
            return True
        draft.description = before
        if added:
            draft.refs.remove(ref)
        return False

    def _save(self, study: str, draft: Draft) -> bool:
        if not draft.refs:
            self.controls.withdraw(draft.sop_instance_uid)
            if self.remover is not None:
                self.remover(study, draft.series_instance_uid, draft.sop_instance_uid)
            return True
        saver = self.saver or self.controls.area.presentations.saver
        try:
            ds = build_key_object(draft.selected(), draft.sop_instance_uid,
                                  draft.series_instance_uid, draft.description)
            path = saver(ds) if saver is not None else None
        except (ValueError, OSError) as exc:
            text = translate("KeyImages", "Key images not saved: %1")
            self.controls.area.statusMessage.emit(text.replace("%1", str(exc)))
            return False
        self.controls.remember(instance_from_dataset(ds, path))
        return True
