"""Writing instances received over a C-GET association into the store folder.

Each instance is written the way the Storage SCP writes it: preamble, the file meta information
pynetdicom builds from the C-STORE request (transfer syntax of the presentation context), then the
data set bytes exactly as received (never re-encoded), atomically, at
``<store>/<Study>/<Series>/<SOP>.dcm`` (viewer.store.layout validates every UID first).
"""

from __future__ import annotations

import logging
from io import BytesIO
from pathlib import Path

from pydicom.filewriter import write_file_meta_info

from viewer.store.layout import UnsafeUIDError, instance_relpath, write_atomically

LOG = logging.getLogger(__name__)
OUT_OF_RESOURCES = 0xA700
CANNOT_UNDERSTAND = 0xC000


def write_received(store_dir: Path, event):
    """Write the instance of a C-STORE *event*; returns ``(path, dataset)``."""
    ds = event.dataset
    ds.file_meta = event.file_meta
    path = Path(store_dir) / instance_relpath(str(ds.StudyInstanceUID),
                                              str(ds.SeriesInstanceUID), str(ds.SOPInstanceUID))
    head = BytesIO()
    head.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(head, ds.file_meta, enforce_standard=True)
    write_atomically(path, [head.getvalue(), event.request.DataSet.getvalue()])
    return path, ds


class Receiver:
    """EVT_C_STORE handler of a C-GET association: writes, counts, calls ``on_stored``."""

    def __init__(self, store_dir, on_stored=None):
        self.store_dir, self.on_stored = Path(store_dir), on_stored
        self.stored: list[Path] = []
        self.errors: list[str] = []

    def handle_store(self, event) -> int:
        try:
            path, ds = write_received(self.store_dir, event)
        except UnsafeUIDError as exc:
            return self._refuse(CANNOT_UNDERSTAND, f"refused an instance: {exc}")
        except OSError as exc:
            return self._refuse(OUT_OF_RESOURCES, f"could not write an instance: {exc}")
        except Exception as exc:  # malformed data set: missing UIDs, undecodable bytes
            return self._refuse(CANNOT_UNDERSTAND, f"unreadable instance: {exc!r}")
        self.stored.append(path)
        if self.on_stored is not None:
            try:
                self.on_stored(path, ds)
            except Exception:  # the file is stored; a failing callback must not fail the C-GET
                LOG.exception("on_stored callback failed for %s", path)
        return 0x0000

    def _refuse(self, status: int, message: str) -> int:
        LOG.warning("C-GET: %s", message)
        self.errors.append(message)
        return status
