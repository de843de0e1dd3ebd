"""The lean C-STORE-RSP encoder produces exactly pynetdicom's bytes."""

import pytest
from dimse_support import round_trip
from pynetdicom.dimse_messages import C_STORE_RSP
from pynetdicom.dimse_primitives import C_ECHO, C_STORE
from pynetdicom.dsutils import encode

from viewer.net.scp_dimse import store_response

CT = "1.2.840.10008.5.1.4.1.1.2"


def _response(status=0x0000, comment=None, instance="1.2.3.4.5.6.7", message_id=7):
    rsp = C_STORE()
    rsp.MessageIDBeingRespondedTo = message_id
    rsp.AffectedSOPClassUID = CT
    rsp.AffectedSOPInstanceUID = instance
    rsp.Status = status
    if comment is not None:
        rsp.ErrorComment = comment
    return rsp


def _pynetdicom_bytes(primitive) -> bytes:
    message = C_STORE_RSP()
    message.primitive_to_message(primitive)
    return encode(message.command_set, True, True)


@pytest.mark.parametrize("status, comment, instance, message_id", [
    (0x0000, None, "1.2.3.4.5.6.7", 7),
    (0x0000, None, "1.2.3.4.5.6.78", 65535),  # odd-length UID: padded with a NUL
    (0xA700, "free disk space below the store's threshold", "1.2.3", 1),
    (0xC001, "odd", "1.2.840.10008.1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.2", 2),
    (0xB000, "", "1.2.3.4", 3),  # empty comment: sent empty, as pynetdicom
])
def test_store_response_is_pynetdicoms_encoding(status, comment, instance, message_id):
    primitive = _response(status, comment, instance, message_id)
    assert store_response(primitive) == _pynetdicom_bytes(primitive)


def test_other_messages_are_left_to_pynetdicom():
    request = C_STORE()
    request.MessageID = 1
    assert store_response(request) is None  # a request, not a response
    echo = C_ECHO()
    echo.MessageIDBeingRespondedTo = 1
    echo.Status = 0
    assert store_response(echo) is None
    offending = _response(0xA900)
    offending.OffendingElement = [0x00080018]
    assert store_response(offending) is None


def _decoded(message, request) -> C_STORE:
    """*request* encoded by pynetdicom, then decoded into *message* and converted."""
    from pynetdicom.dimse_messages import C_STORE_RQ
    return round_trip(message, request, C_STORE_RQ)


_ATTRIBUTES = ("MessageID", "AffectedSOPClassUID", "AffectedSOPInstanceUID", "Priority",
               "MoveOriginatorApplicationEntityTitle", "MoveOriginatorMessageID", "_context_id")


@pytest.mark.parametrize("move_originator", [None, ("ORTHANC", 17)])
def test_store_request_converts_as_pynetdicom(move_originator):
    from io import BytesIO

    from pynetdicom.dimse_messages import DIMSEMessage

    from viewer.net.scp_dimse import _StoreMessage
    request = C_STORE()
    request.MessageID = 12
    request.AffectedSOPClassUID = CT
    request.AffectedSOPInstanceUID = "1.2.3.4.5"
    request.Priority = 2
    request.DataSet = BytesIO(b"\x08\x00\x18\x00" + b"\x00" * 20)
    if move_originator:
        request.MoveOriginatorApplicationEntityTitle, request.MoveOriginatorMessageID = \
            move_originator
    ours = _decoded(_StoreMessage(), request)
    request.DataSet.seek(0)
    theirs = _decoded(DIMSEMessage(), request)
    assert type(ours).__name__ == "C_STORE" and ours.is_valid_request
    for name in _ATTRIBUTES:
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.DataSet.getvalue() == theirs.DataSet.getvalue() == request.DataSet.getvalue()


def test_odd_store_request_goes_through_pynetdicom():
    from pydicom.dataset import Dataset
    from pynetdicom.dsutils import encode as encode_ds

    from viewer.net.scp_dimse import _store_request
    command = Dataset()
    command.CommandGroupLength = 0
    command.AffectedSOPClassUID = CT
    command.CommandField = 1
    command.MessageID = 3
    command.Priority = 0
    command.CommandDataSetType = 1
    command.AffectedSOPInstanceUID = "1.2.3"
    from pynetdicom.dsutils import decode
    from io import BytesIO
    plain = decode(BytesIO(encode_ds(command, True, True)), True, True)
    assert _store_request(plain).MessageID == 3
    command.ErrorComment = "not a request element"
    extra = decode(BytesIO(encode_ds(command, True, True)), True, True)
    assert _store_request(extra) is None
    del command.ErrorComment
    command.MessageID = [3, 4]  # multi-valued
    odd = decode(BytesIO(encode_ds(command, True, True)), True, True)
    assert _store_request(odd) is None


def test_response_without_affected_uids_omits_them_as_pynetdicom():
    primitive = _response()
    primitive.AffectedSOPClassUID = None
    primitive.AffectedSOPInstanceUID = None
    assert store_response(primitive) == _pynetdicom_bytes(primitive)
