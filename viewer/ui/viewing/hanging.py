"""Hanging protocols in the viewer area: the best protocol applied when a study opens, its
stages stepped with keys, another protocol picked from the Layout menu.

When a study opens (:meth:`HangingProtocols.study_opened`) the protocols (the user's file in
the settings folder, then the built-ins, :mod:`viewer.viewing.hanging`) are matched against it
(:func:`viewer.viewing.hanging_match.choose`) and the first possible stage is hung: the layout,
each viewport's series or images, window preset, mirroring, reformat. Series that arrive later
(a study read progressively) are hung too, into the viewports the protocol fills and the reader
has not changed; once the reader opens a series themselves, no other protocol is chosen for
them, and once they change the layout, the protocol stops. The priors (:mod:`viewer.viewing.hanging_priors`) are the patient's other
open studies and, read on a worker thread, those in the local archive; stages that need a prior
the study does not have are skipped.

Keys: ``.`` next stage, ``,`` previous stage.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from viewer import config
from viewer.ui.viewing.hanging_show import show_placement
from viewer.ui.viewing.key_controls import is_key_series
from viewer.ui.workers import SHARED_THREADS
from viewer.viewing.hanging import (FILE_NAME, Protocol, ProtocolError, effective_protocols,
                                    read_protocol_file, write_protocol_file)
from viewer.viewing.hanging_builtin import builtin_protocols
from viewer.viewing.hanging_match import (Placement, applicable, choose, place_stage, score,
                                          stages_possible)
from viewer.viewing.hanging_priors import archive_priors, merge_priors, split_studies, study_key

LOG = logging.getLogger(__name__)
translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


def protocol_file() -> Path:
    """``hanging_protocols.json`` beside the settings file."""
    return config.config_path().parent / FILE_NAME


class HangingProtocols(QObject):
    """Owned by the ViewerArea; ``priorsFound(study_uid, priors)`` arrives in the GUI thread."""

    priorsFound = Signal(str, object)
    changed = Signal()  # another protocol or stage is hung
    _written = Signal(object, str)  # callback, error text: the file was written (or not)

    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.path: Path | None = None  # None: protocol_file()
        self.error = ""  # why the file's protocols are not used
        self.user: list[Protocol] = []
        self.protocols: list[Protocol] = builtin_protocols()
        self.protocol: Protocol | None = None
        self.stage = 0
        self.study: list = []
        self.priors: list = []
        self._open_priors: list = []
        self._stored_priors: list = []
        self._placed: dict[int, Placement] = {}
        self._asked = ""
        self._auto = True  # until the reader picks a protocol or a stage
        self.priorsFound.connect(self._priors_arrived)
        self._written.connect(self._done_writing)
        area.strip.seriesActivated.connect(self._reader_hung)
        for viewport in area.all_viewports():
            viewport.seriesDropped.connect(self._reader_hung)
        self._build_actions()
        self.reload()

    # --- the protocols -----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the user's protocols again; a bad file is reported and the built-ins used."""
        path = self.path or protocol_file()
        try:
            self.user, self.error = read_protocol_file(path), ""
        except ProtocolError as exc:
            self.user, self.error = [], str(exc)
            LOG.warning("%s", exc)
            self.area.statusMessage.emit(translate(
                "Hanging", "Hanging protocols not read (the built-in ones are used): %1")
                .replace("%1", self.error))
        self.protocols = effective_protocols(builtin_protocols(), self.user)

    def write(self, user: list[Protocol], done) -> None:
        """Write *user* as the user's protocols on a worker thread (the GUI thread never waits
        on the disk); then read them again and call *done(error text or "")*."""
        path = self.path or protocol_file()

        def run() -> None:
            try:
                write_protocol_file(path, user)
                error = ""
            except (OSError, ProtocolError) as exc:
                error = str(exc)
            try:
                self._written.emit(done, error)
            except RuntimeError:  # the area is gone
                pass

        SHARED_THREADS.submit(run)

    def _done_writing(self, done, error: str) -> None:
        if not error:
            self.reload()
        done(error)

    def set_protocol_file(self, path: Path) -> None:
        self.path = Path(path)
        self.reload()

    # --- actions -------------------------------------------------------------------------------
    def _action(self, name: str, label: str, keys: list[str], slot) -> QAction:
        action = QAction(label, self.area)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())
        if keys:  # one without a key is in the Layout menu only
            self.area.addAction(action)
        self.area.action_map[name] = action
        return action

    def _build_actions(self) -> None:
        self._action("hanging_next", translate("Hanging", "Next protocol stage"), ["."],
                     lambda: self.step(1))
        self._action("hanging_previous", translate("Hanging", "Previous protocol stage"), [","],
                     lambda: self.step(-1))
        self._action("hanging_save", translate("Hanging", "Save current layout as protocol…"),
                     [], self.ask_save_current)
        self._action("hanging_edit", translate("Hanging", "Hanging protocols…"), [],
                     self.edit)

    def add_to_menu(self, menu: QMenu) -> None:
        """The stage keys, the protocols to pick from and the editor, in the Layout menu."""
        menu.addSeparator()
        pick = menu.addMenu(translate("Hanging", "Hanging protocol"))
        pick.aboutToShow.connect(lambda: self._fill_pick_menu(pick))
        for name in ("hanging_next", "hanging_previous", "hanging_save", "hanging_edit"):
            menu.addAction(self.area.action_map[name])

    def _fill_pick_menu(self, menu: QMenu) -> None:
        menu.clear()
        group = QActionGroup(menu)
        for protocol in self.protocols:
            action = menu.addAction(protocol.name)
            action.setCheckable(True)
            action.setChecked(protocol is self.protocol)
            action.setEnabled(applicable(protocol, self.study, len(self.priors)))
            group.addAction(action)
            action.triggered.connect(lambda _=False, p=protocol: self.apply(p))

    # --- a study opens, grows -------------------------------------------------------------------
    def study_opened(self) -> None:
        """The area's strip was replaced: choose and hang a protocol."""
        self.protocol, self.stage, self._placed, self._auto = None, 0, {}, True
        self._stored_priors, self._asked = [], ""
        self._take_strip()
        self._choose()

    def series_added(self) -> None:
        """More series (or images) arrived: hang them where the protocol wants them, unless the
        reader changed the layout (then the area fills its empty viewports, as without one)."""
        self._take_strip()
        self._follow()

    def _follow(self) -> None:
        """Choose again (until the reader picked a protocol or stage), or fill the stage again;
        nothing more once the reader changed the layout."""
        if self.protocol is not None and \
                layout_of(self.area) != self.protocol.stages[self.stage].layout:
            self.protocol, self._auto = None, False  # the reader took over
            return
        if self._auto:
            self._choose()
        elif self.protocol is not None:
            self._hang(refill=True)

    def _reader_hung(self, *_) -> None:
        """The reader opened a series (double-click, drop): no other protocol is chosen for
        them; the one hung keeps filling the viewports it hangs."""
        self._auto = False

    def _take_strip(self) -> None:
        listed = [s for uid, s in self.area.strip.series.items() if not is_key_series(uid)]
        self.study, self._open_priors = split_studies(listed)
        self.priors = merge_priors(self._open_priors, self._stored_priors)
        if self.study:
            self._ask_priors()

    def _choose(self) -> None:
        protocol = choose(self.protocols, self.study, len(self.priors)) if self.study else None
        if protocol is None:
            return
        if protocol is not self.protocol:
            self.protocol, self._placed = protocol, {}
            self.stage = stages_possible(protocol, len(self.priors))[0]
            self._hang(refill=False)
        else:
            self._hang(refill=True)

    # --- priors -------------------------------------------------------------------------------
    def _priors_wanted(self) -> int:
        needed = [max(s.priors_needed for s in p.stages) for p in self.protocols
                  if score(p, self.study, 9) is not None]
        return max(needed, default=0)

    def _ask_priors(self) -> None:
        key = study_key(self.study)
        archive, wanted = self.area.archive, self._priors_wanted()
        if archive is None or wanted <= len(self._open_priors) or self._asked == key.study_uid:
            return
        self._asked = key.study_uid
        skip = frozenset(p[0].study_instance_uid for p in self._open_priors)

        def run() -> None:
            try:
                found = archive_priors(archive, key, wanted, skip)
            except Exception:  # noqa: BLE001 - an archive that fails offers no prior
                LOG.warning("cannot look up the priors of study %s", key.study_uid,
                            exc_info=True)
                found = []
            try:
                self.priorsFound.emit(key.study_uid, found)
            except RuntimeError:  # the area is gone
                pass

        SHARED_THREADS.submit(run)

    def _priors_arrived(self, study_uid: str, priors) -> None:
        if not self.study or study_uid != self.study[0].study_instance_uid or not priors:
            return
        self._stored_priors = list(priors)
        self.priors = merge_priors(self._open_priors, self._stored_priors)
        self._follow()

    # --- stages -------------------------------------------------------------------------------
    def apply(self, protocol: Protocol) -> None:
        """Hang *protocol*'s first possible stage (the reader picked it)."""
        possible = stages_possible(protocol, len(self.priors))
        if not self.study or not possible:
            return
        self.protocol, self.stage, self._placed, self._auto = protocol, possible[0], {}, False
        self._hang(refill=False)

    def step(self, direction: int) -> None:
        """The next (1) or previous (-1) stage the study has the priors for, wrapping around."""
        if self.protocol is None:
            self.area.statusMessage.emit(translate("Hanging", "No hanging protocol is applied"))
            return
        possible = stages_possible(self.protocol, len(self.priors))
        position = possible.index(self.stage) if self.stage in possible else 0
        self.stage = possible[(position + direction) % len(possible)]
        self._placed, self._auto = {}, False
        self._hang(refill=False)

    def _hang(self, refill: bool) -> None:
        """Hang the stage; *refill*: only where a placement changed and the reader has not put
        something else."""
        stage = self.protocol.stages[self.stage]
        placements = place_stage(stage, [self.study, *self.priors])
        viewports = self.area.all_viewports()
        changed = not refill
        for index, placement in enumerate(placements):
            viewport, old = viewports[index], self._placed.get(index)
            if refill and old is not None and not _ours(viewport, old):
                continue  # the reader put something else there
            if placement is None:
                if not refill:
                    viewport.set_series(None)
            elif _changed(viewport, old, placement):
                show_placement(self.area, viewport, placement)
                self._placed[index], changed = placement, True
        if not refill:
            for viewport in viewports[len(placements):]:
                viewport.set_series(None)
        if changed or layout_of(self.area) != stage.layout:
            self.area.set_layout(*stage.layout)
        if not refill:
            viewports[0].activate()
            self.area.statusMessage.emit(self.describe())
        if changed:
            self.changed.emit()

    def describe(self) -> str:
        """"Protocol: CT chest, stage 1 of 2: Soft tissue, lung, coronal"."""
        if self.protocol is None:
            return ""
        stage = self.protocol.stages[self.stage]
        text = translate("Hanging", "Hanging protocol: %1, stage %2 of %3")
        text = text.replace("%1", self.protocol.name).replace("%2", str(self.stage + 1))
        text = text.replace("%3", str(len(self.protocol.stages)))
        return text + (f": {stage.name}" if stage.name else "")

    # --- dialogs ------------------------------------------------------------------------------
    def ask_save_current(self):
        from viewer.ui.hanging_dialog import ask_save_current

        return ask_save_current(self)

    def edit(self):
        from viewer.ui.hanging_dialog import HangingProtocolsDialog

        self.dialog = HangingProtocolsDialog(self, self.area)
        self.dialog.open()
        return self.dialog


def layout_of(area) -> tuple[int, int]:
    """(rows, columns) of the area's grid of visible viewports."""
    cells = [area.grid.getItemPosition(area.grid.indexOf(vp))[:2] for vp in area.viewports]
    return max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1


def _changed(viewport, old: Placement | None, new: Placement) -> bool:
    return old is None or old.key != new.key or (new.cut and viewport.series is not old.series)


def _ours(viewport, placement: Placement) -> bool:
    """The viewport still shows what the protocol put there (or the same series grown)."""
    return viewport.series is None or \
        viewport.series_uid == placement.series.series_instance_uid
