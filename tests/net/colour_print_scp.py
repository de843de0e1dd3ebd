"""A small colour print SCP built on pynetdicom (DCMTK's dcmprscp prints grayscale only).

It offers the Basic Color (and Grayscale) Print Management Meta SOP Classes and keeps what it
is sent: film sessions, film boxes (their Image Display Format) and, per image box, the pixels
of its Basic Color or Grayscale Image Sequence (``images[box uid]``), in the order printed
(``printed``: film box UIDs). Runs in this process on 127.0.0.1 and an ephemeral port.
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid
from pynetdicom import AE, evt
from pynetdicom.sop_class import BasicColorPrintManagementMeta, BasicGrayscalePrintManagementMeta

FILM_SESSION, FILM_BOX = "1.2.840.10008.5.1.1.1", "1.2.840.10008.5.1.1.2"
COLOR_BOX, GRAY_BOX = "1.2.840.10008.5.1.1.4.1", "1.2.840.10008.5.1.1.4"


class ColourPrintSCP:
    def __init__(self, aet: str = "COLOURPRN"):
        self.aet = aet
        self.sessions: dict[str, Dataset] = {}
        self.film_boxes: dict[str, tuple[Dataset, list[str]]] = {}
        self.images: dict[str, np.ndarray] = {}
        self.printed: list[str] = []
        ae = AE(ae_title=aet)
        ae.add_supported_context(BasicColorPrintManagementMeta)
        ae.add_supported_context(BasicGrayscalePrintManagementMeta)
        handlers = [(evt.EVT_N_CREATE, self._create), (evt.EVT_N_SET, self._set),
                    (evt.EVT_N_ACTION, self._action), (evt.EVT_N_DELETE, lambda e: 0x0000)]
        self.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
        self.port = self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()

    def _create(self, event):
        request, attributes = event.request, event.attribute_list
        uid = generate_uid()
        answer = Dataset()
        answer.AffectedSOPInstanceUID = uid
        if request.AffectedSOPClassUID == FILM_SESSION:
            self.sessions[uid] = attributes
            return 0x0000, answer
        columns, rows = (int(v) for v in attributes.ImageDisplayFormat.split("\\")[1].split(","))
        colour = event.context.abstract_syntax == BasicColorPrintManagementMeta
        boxes = []
        for _ in range(columns * rows):
            ref = Dataset()
            ref.ReferencedSOPClassUID = COLOR_BOX if colour else GRAY_BOX
            ref.ReferencedSOPInstanceUID = generate_uid()
            boxes.append(ref)
        self.film_boxes[uid] = (attributes, [b.ReferencedSOPInstanceUID for b in boxes])
        answer.ReferencedImageBoxSequence = boxes
        return 0x0000, answer

    def _set(self, event):
        changes = event.modification_list
        colour = "BasicColorImageSequence" in changes
        item = (changes.BasicColorImageSequence if colour else changes.BasicGrayscaleImageSequence)[0]
        dtype = np.uint16 if item.BitsAllocated == 16 else np.uint8
        shape = (item.Rows, item.Columns, 3) if colour else (item.Rows, item.Columns)
        pixels = np.frombuffer(item.PixelData, dtype)[:int(np.prod(shape))].reshape(shape)
        self.images[str(event.request.RequestedSOPInstanceUID)] = pixels
        return 0x0000, None

    def _action(self, event):
        self.printed.append(str(event.request.RequestedSOPInstanceUID))
        return 0x0000, None
