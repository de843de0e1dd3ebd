"""Writing instances received over a C-GET association into the store folder.

The very filer of the Storage SCP (:class:`~viewer.net.scp_ingest.InstanceFiler`): the data set
bytes exactly as received (never decoded), after the file meta information, atomically at
``<store>/<Study>/<Series>/<SOP>.dcm``; the same checks and the same failure statuses (invalid
or mismatching UIDs, unparseable data set, disk space, write errors).
"""

from __future__ import annotations

import logging
from pathlib import Path

from viewer.net.common import describe_status
from viewer.net.file_meta import ReceivedInstance
from viewer.net.scp_events import comment_dataset
from viewer.net.scp_ingest import InstanceFiler, with_file_meta

LOG = logging.getLogger(__name__)


class Receiver:
    """EVT_C_STORE handler of a C-GET association: files, counts, calls ``on_stored``."""

    def __init__(self, store_dir, on_stored=None, min_free_bytes: int = 0):
        self.store_dir, self.on_stored = Path(store_dir), on_stored
        self.stored: list[Path] = []
        self.errors: list[str] = []
        self._filer = InstanceFiler(self.store_dir, min_free_bytes)

    def handle_store(self, event):
        # in a C-GET the archive (the acceptor) sends the instances
        received = ReceivedInstance.from_event(event, event.assoc.acceptor.ae_title)
        filed = self._filer.file(event.request.DataSet, received)
        if not filed.ok:
            message = f"refused an instance: {describe_status(filed.status, 'store')}: {filed.comment}"
            LOG.warning("C-GET: %s", message)
            self.errors.append(message)
            return comment_dataset(filed.status, filed.comment)
        self.stored.append(filed.path)
        if self.on_stored is not None and not filed.duplicate:
            self._announce(filed, received)
        return 0x0000

    def _announce(self, filed, received: ReceivedInstance) -> None:
        try:
            self.on_stored(filed.path, with_file_meta(filed.header, received))
        except Exception:  # the file is stored; a failing callback must not fail the C-GET
            LOG.exception("on_stored callback failed for %s", filed.path)
