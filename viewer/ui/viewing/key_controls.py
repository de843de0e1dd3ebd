"""Key images in the viewer area: the Key Object Selection documents (KO) of the studies in the
strip, matched to their frames (:mod:`viewer.viewing.key_images`), shown as

- a star with a count on each series that holds key images (tooltip: the KOs' titles),
- a "Key images" entry at the top of the strip: those frames in one stack, in the KOs' order,
- a badge in a viewport when the frame it shows is a key image (tooltip: title and description).

KOs come with the series (``Series.study_objects``: what was opened with the study) and from
this session's saves (:meth:`KeyImageControls.remember`; a KO saved again under the same SOP
Instance UID replaces the earlier version).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from viewer.dicom import ObjectKind, Series
from viewer.ui.viewing.key_marking import KeyMarking
from viewer.viewing.key_images import KeySelection, key_objects_of, select_key_frames

KEY_SERIES_PREFIX = "key-images:"


def is_key_series(uid: str | None) -> bool:
    return bool(uid) and uid.startswith(KEY_SERIES_PREFIX)


class KeyImageControls(QObject):
    """Owned by the ViewerArea; :meth:`update` after the strip changed."""

    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.selections: dict[str, KeySelection] = {}
        self._saved: dict[str, list] = {}  # study -> KO Instances saved in this session
        self._withdrawn: set[str] = set()  # SOP Instance UIDs of KOs emptied in this session
        self.marking = KeyMarking(self)

    def toggle(self, viewport):
        """``K``: see :class:`~.key_marking.KeyMarking`."""
        return self.marking.toggle(viewport)

    def withdraw(self, sop_instance_uid: str) -> None:
        """A KO of this session lost its last image: never shown again."""
        self._withdrawn.add(sop_instance_uid)
        for study, saved in self._saved.items():
            self._saved[study] = [i for i in saved if i.sop_instance_uid != sop_instance_uid]
        self.update()

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context lupdate gives this class's ``self.tr`` calls."""
        return QCoreApplication.translate("KeyImageControls", text, disambiguation, n)

    def remember(self, instance) -> None:
        """A KO saved in this session (it may replace an earlier version of itself)."""
        self._withdrawn.discard(instance.sop_instance_uid)
        self._saved.setdefault(instance.study_instance_uid or "", []).append(instance)
        self.update()

    def objects_for(self, ref) -> list:
        selection = self.selections.get(ref.instance.study_instance_uid or "")
        return [] if selection is None else selection.objects_for(ref)

    def key_series(self, study_uid: str) -> Series | None:
        return self.area.strip.series.get(KEY_SERIES_PREFIX + study_uid)

    def update(self) -> None:
        strip = self.area.strip
        by_study: dict[str, list[Series]] = {}
        for uid, series in strip.series.items():
            if series.frames and not is_key_series(uid):
                by_study.setdefault(series.study_instance_uid, []).append(series)
        self.selections = {study: self._select(study, series)
                           for study, series in by_study.items()}
        for uid in [u for u in strip.series if is_key_series(u)]:
            if uid[len(KEY_SERIES_PREFIX):] not in self.selections:
                self._drop_entry(uid)
        for study, selection in self.selections.items():
            self._mark(selection, by_study[study])
            self._entry(selection, by_study[study])
        for viewport in self.area.all_viewports():
            viewport.refresh_overlay()

    def _select(self, study: str, series: list[Series]) -> KeySelection:
        candidates = [i for s in series for i in s.study_objects]
        candidates += [i for s in self.area.strip.series.values()
                       if s.kind is ObjectKind.KEY_OBJECT_SELECTION
                       and s.study_instance_uid == study for i in s.instances]
        candidates += self._saved.get(study, [])
        candidates = [i for i in candidates if i.sop_instance_uid not in self._withdrawn]
        return select_key_frames(study, key_objects_of(candidates), series)

    def _mark(self, selection: KeySelection, series: list[Series]) -> None:
        for s in series:
            self.area.strip.set_key_images(s.series_instance_uid, selection.count_in(s),
                                           "\n".join(selection.titles_in(s)))

    def _entry(self, selection: KeySelection, series: list[Series]) -> None:
        uid = KEY_SERIES_PREFIX + selection.study_instance_uid
        if not selection.frames:
            self._drop_entry(uid)
            return
        instances = list(dict.fromkeys(ref.instance for ref in selection.frames))
        entry = Series(
            series_instance_uid=uid, study_instance_uid=selection.study_instance_uid,
            kind=ObjectKind.IMAGE, modality=instances[0].modality,
            description=QCoreApplication.translate("KeyImages", "Key images"), number=None,
            frame_of_reference_uid=None, instances=instances, frames=list(selection.frames),
            study_objects=list(series[0].study_objects))
        old = self.area.strip.series.get(uid)
        if old is not None and old.frames == entry.frames:
            return
        notes = [k.title + (f": {k.description}" if k.description else "")
                 for k in selection.documents()]
        if selection.missing:
            notes.append(self.tr("%n selected image(s) not open", "", selection.missing))
        added = self.area.strip.add(entry, first=True)
        self.area.strip.item_for(uid).setToolTip("\n".join(notes))
        if not added:
            for viewport in self.area.all_viewports():
                if viewport.series_uid == uid:
                    viewport.update_series(entry)

    def _drop_entry(self, uid: str) -> None:
        self.area.strip.remove(uid)
        emptied = [vp for vp in self.area.all_viewports() if vp.series_uid == uid]
        for viewport in emptied:
            viewport.set_series(None)
        if emptied:
            self.area.fill_empty()  # the study's other series, not an empty viewport
