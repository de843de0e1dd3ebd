"""C-GET SCU: the archive sends the instances back on the same association.

Storage sub-operations arrive as C-STORE requests in presentation contexts we proposed with the
SCP role (qr_contexts); each instance is written into the store folder (qr_store) and handed to
``on_stored(path, dataset)`` - called on pynetdicom's association thread. Progress comes from the
pending C-GET responses, as for C-MOVE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from pynetdicom import evt

from viewer.net.common import Node
from viewer.net.move import retrieve_identifier
from viewer.net.qr_assoc import (DEFAULT_TIMEOUT, MAX_CONTEXTS, RETRIEVE_RESPONSE_TIMEOUT,
                                 association, cancelled)
from viewer.net.qr_contexts import storage_contexts
from viewer.net.qr_progress import RetrieveProgress, follow
from viewer.net.qr_store import Receiver
from viewer.net.query_keys import MODELS, check_level


def get(node: Node, keys, level: str = "STUDY", *, store_dir: str | Path,
        calling_aet: str = "VIEWER", root: str = "study", sop_classes=(),
        on_stored: Callable[[Path, object], object] | None = None, cancel=None,
        timeout: float = DEFAULT_TIMEOUT) -> Iterator[RetrieveProgress]:
    """Get what *keys* identify at *level* into *store_dir*.

    *sop_classes*: storage SOP classes the archive said the study has (SOPClassesInStudy);
    they are proposed first. Raises like ``move``.
    """
    level = check_level(level, root)
    request = retrieve_identifier(keys, level, root)
    if cancelled(cancel):
        return
    model = MODELS[(root, "get")]
    contexts, roles = storage_contexts(sop_classes, budget=MAX_CONTEXTS - 1)
    receiver = Receiver(store_dir, on_stored)
    handlers = [(evt.EVT_C_STORE, receiver.handle_store)]
    wait = max(timeout, RETRIEVE_RESPONSE_TIMEOUT)
    with association(node, calling_aet, [(model, []), *contexts], roles=roles,
                     handlers=handlers, timeout=timeout, response_timeout=wait) as assoc:
        responses = assoc.send_c_get(request, model, msg_id=1)
        for step in follow(assoc, "get", responses, model, cancel, wait):
            if step.kind == "final" and receiver.errors:
                step = replace(step, message=f"{step.message}; here: {receiver.errors[0]}")
            yield step
