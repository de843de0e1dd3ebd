"""The lean conversions of pending C-FIND/C-MOVE/C-GET responses equal pynetdicom's."""

from io import BytesIO

import pytest
from dimse_support import round_trip
from pynetdicom.dimse_messages import C_FIND_RSP, C_GET_RSP, C_MOVE_RSP, DIMSEMessage
from pynetdicom.dimse_primitives import C_FIND, C_GET, C_MOVE

from viewer.net.scu_dimse import LeanDIMSE

MOVE_MODEL = "1.2.840.10008.5.1.4.1.2.2.2"
_COUNTS = ("NumberOfRemainingSuboperations", "NumberOfCompletedSuboperations",
           "NumberOfFailedSuboperations", "NumberOfWarningSuboperations")


def _convert(message, primitive, message_class):
    return round_trip(message, primitive, message_class, context_id=3)


def _response(kind, status, counts=(3, 4, 0, 1), identifier=None):
    rsp = kind()
    rsp.MessageIDBeingRespondedTo = 9
    rsp.AffectedSOPClassUID = MOVE_MODEL
    rsp.Status = status
    if kind is not C_FIND:
        for keyword, number in zip(_COUNTS, counts):
            setattr(rsp, keyword, number)
    if identifier is not None:
        rsp.Identifier = BytesIO(identifier)
    return rsp


@pytest.mark.parametrize("kind, message_class", [(C_MOVE, C_MOVE_RSP), (C_GET, C_GET_RSP)])
@pytest.mark.parametrize("status, counts", [
    (0xFF00, (3, 4, 0, 1)), (0xFF00, (0, 0, 0, 0)),
    (0x0000, (0, 5, 0, 0)),  # final: through pynetdicom
    (0xB000, (0, 3, 2, 0)),
])
def test_retrieve_responses_convert_as_pynetdicom(kind, message_class, status, counts):
    ours = _convert(LeanDIMSE.message_class(), _response(kind, status, counts), message_class)
    theirs = _convert(DIMSEMessage(), _response(kind, status, counts), message_class)
    assert type(ours) is kind and ours.is_valid_response
    lean = LeanDIMSE.message_class()
    _convert(lean, _response(kind, status, counts), message_class)
    assert (type(lean) is not message_class) == (status == 0xFF00)  # the lean path was taken
    for name in ("MessageIDBeingRespondedTo", "Status", "_context_id", *_COUNTS):
        assert getattr(ours, name) == getattr(theirs, name), name


def test_find_response_keeps_its_identifier_encoded():
    identifier = b"\x10\x00\x20\x00\x04\x00\x00\x00ID01"
    ours = _convert(LeanDIMSE.message_class(), _response(C_FIND, 0xFF00, identifier=identifier),
                    C_FIND_RSP)
    assert ours.Status == 0xFF00 and ours.MessageIDBeingRespondedTo == 9
    assert ours.Identifier.getvalue() == identifier


def _pending_move(remaining, completed):
    from viewer.net.scu_dimse import LeanDIMSE as _Lean
    return _convert(_Lean.message_class(), _response(C_MOVE, 0xFF00, (remaining, completed, 0, 0)),
                    C_MOVE_RSP)


def test_waiting_plain_pending_responses_are_folded_into_the_latest():
    from viewer.net.scu_dimse import ProgressQueue
    woken = []
    queue = ProgressQueue(lambda: woken.append(1))
    for done in range(1, 6):
        queue.put((3, _pending_move(5 - done, done)))
    final = _convert(DIMSEMessage(), _response(C_MOVE, 0x0000, (0, 5, 0, 0)), C_MOVE_RSP)
    queue.put((3, final))
    taken = [queue.get(block=False) for _ in range(queue.qsize())]
    assert [msg.NumberOfCompletedSuboperations for _, msg in taken] == [5, 5]
    assert taken[0][1].Status == 0xFF00 and taken[1][1] is final
    assert len(woken) == 2  # one wake-up for the folded run, one for the final


def test_pending_responses_are_not_folded_across_contexts_or_once_taken():
    from viewer.net.scu_dimse import ProgressQueue
    queue = ProgressQueue(lambda: None)
    queue.put((3, _pending_move(4, 1)))
    queue.put((5, _pending_move(3, 2)))  # another presentation context
    assert queue.qsize() == 2
    queue.get(block=False), queue.get(block=False)
    queue.put((3, _pending_move(2, 3)))
    assert queue.qsize() == 1 and queue.get(block=False)[1].NumberOfCompletedSuboperations == 3
