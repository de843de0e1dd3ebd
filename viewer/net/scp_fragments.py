"""The Storage SCP's short path for the middle of a data set: P-DATA-TF PDUs that only continue
the data set being received.

A 512x512 CT slice from Orthanc comes as six PDUs: the command, four data PDUs of 128 KiB and a
short last one. pynetdicom turns each into a P_DATA_TF object, an Evt10 through the event
queue, a state machine transition (DT-2), a P_DATA primitive, and DIMSE's fragment loop, which
writes each fragment to the message's data set. For a PDU whose every PDV is a data set fragment
that is not the last one, of the message whose command set is already decoded, while the
association is established (Sta6) and nothing else is queued, all that amounts to those
writes: they are done here, from the received buffer, and nothing else changes (DT-2 leaves the
state at Sta6; the command, the last fragment and anything unusual still take pynetdicom's
path, which also reports malformed PDUs).
"""

from __future__ import annotations

from pynetdicom import evt
from pynetdicom.dimse_messages import DIMSEMessage

from viewer.net.scu_dimse import LeanMessage

_HEADER = 6  # PDU type, reserved, 4-byte length
_ITEM_HEADER = 5  # PDV: 4-byte length, presentation context ID
_HANDLED_BY_PYNETDICOM = (evt.EVT_PDU_RECV, evt.EVT_DATA_RECV, evt.EVT_FSM_TRANSITION)

# PDUs taken by this path since the process started (for diagnostics and the tests)
appended_pdus = 0


def _message_receiving_data(dul):
    """The DIMSE message whose data set is being received, or None."""
    if dul.state_machine.current_state != "Sta6" or not dul.event_queue.empty():
        return None
    if not dul._recv_pdu.empty():
        return None
    message = dul.assoc.dimse.message
    if message is None or isinstance(message, LeanMessage) or type(message) is DIMSEMessage:
        return None  # no message, or its command set is still being received
    if message._data_set_file is not None or message.data_set is None:
        return None
    return message


def _middle_fragments(data, context_id) -> list[tuple[int, int]] | None:
    """``(start, end)`` of each fragment's bytes in *data* if every PDV is a data set fragment,
    not the last, on *context_id*, and the PDVs fill the PDU exactly; else None."""
    spans, pos, end = [], _HEADER, len(data)
    while pos < end:
        if pos + _ITEM_HEADER + 1 > end:
            return None
        length = int.from_bytes(data[pos:pos + 4], "big")
        item_end = pos + 4 + length
        if length < 2 or item_end > end or data[pos + 4] != context_id:
            return None
        if data[pos + 5] & 0x03:  # a command fragment, or the last one
            return None
        spans.append((pos + 6, item_end))
        pos = item_end
    return spans or None


def append_data_fragments(dul, data) -> bool:
    """Append the fragments of P-DATA-TF *data* to the data set being received; True if done
    here, False (nothing changed) if pynetdicom must take the PDU."""
    message = _message_receiving_data(dul)
    if message is None:
        return False
    assoc = dul.assoc
    if any(assoc.get_handlers(event) for event in _HANDLED_BY_PYNETDICOM):
        return False
    spans = _middle_fragments(data, message.context_id)
    if spans is None:
        return False
    global appended_pdus
    with memoryview(data) as view:
        for start, stop in spans:
            message.data_set.write(view[start:stop])
    appended_pdus += 1
    return True
