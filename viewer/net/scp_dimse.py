"""The DIMSE provider of the associations our Storage SCP accepts: C-STORE requests received and
responses sent cheaply.

pynetdicom converts a received command set to a primitive by converting every element through
the Dataset (storing each converted element back) and looking up keywords; a plain C-STORE-RQ
(PS3.7 9.3.1.1: the elements below and nothing else) is converted here with pydicom's
``convert_raw_data_element`` and pynetdicom's validating primitive setters, about twice as fast.
Any other command set goes through pynetdicom.

pynetdicom sends a response by building a command set Dataset holding every element the message
type may have (then deleting the unused ones), copying each primitive attribute into it with
validation, and encoding it three times (twice to compute the Command Group Length). For the
answer to each received instance that is ~0.25 ms, a fifth of what the SCP spends per instance.

Here a C-STORE-RSP command set is only its elements (PS3.7 9.3.1.2: Affected SOP Class UID,
Command Field, Message ID Being Responded To, Command Data Set Type, Status, Affected SOP
Instance UID, and Error Comment when set), each encoded by pydicom (those that recur, once:
:mod:`viewer.net.elements`); the Command Group Length element is put in front (it is the
first element of the group). Responses carrying an Offending Element, messages that do not fit
one PDU, and associations where a handler watches sent DIMSE messages go through pynetdicom.
"""

from __future__ import annotations

from pydicom.tag import Tag
from pynetdicom import evt
from pynetdicom.dimse_messages import C_STORE_RQ, DIMSEMessage
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.pdu_primitives import P_DATA

from viewer.net.elements import element_bytes, repeated_element
from viewer.net.scu_dimse import LeanDIMSE, LeanMessage, command_value

C_STORE_RSP_FIELD = 0x8001
NO_DATA_SET = 0x0101
_LAST_COMMAND_FRAGMENT = b"\x03"  # PS3.8 E.2: command information, last fragment


# C-STORE-RQ command elements: keyword, and the type its value must have for the lean path
_STORE_REQUEST = {
    Tag(0x0000, 0x0000): ("CommandGroupLength", None),
    Tag(0x0000, 0x0002): ("AffectedSOPClassUID", str),
    Tag(0x0000, 0x0100): ("CommandField", None),
    Tag(0x0000, 0x0110): ("MessageID", int),
    Tag(0x0000, 0x0700): ("Priority", int),
    Tag(0x0000, 0x0800): ("CommandDataSetType", None),
    Tag(0x0000, 0x1000): ("AffectedSOPInstanceUID", str),
    Tag(0x0000, 0x1030): ("MoveOriginatorApplicationEntityTitle", str),
    Tag(0x0000, 0x1031): ("MoveOriginatorMessageID", int),
}


class _StoreRequest(C_STORE_RQ):
    """A C-STORE-RQ whose plain command set is converted with only what it holds."""

    def message_to_primitive(self):
        primitive = _store_request(self.command_set)
        if primitive is None:
            self.__class__ = C_STORE_RQ  # pynetdicom's conversion goes by the class name
            return DIMSEMessage.message_to_primitive(self)
        primitive.DataSet = self.data_set
        primitive._context_id = self.context_id
        primitive._dataset_path = self._data_set_path
        primitive._dataset_file = self._data_set_file
        return primitive


def _store_request(command) -> C_STORE | None:
    """The C_STORE primitive of a plain C-STORE-RQ command set, else None."""
    if not command.keys() <= _STORE_REQUEST.keys():
        return None
    primitive = C_STORE()
    for tag in command.keys():
        keyword, kind = _STORE_REQUEST[tag]
        if kind is None:
            continue
        value = command_value(command, tag)
        if not isinstance(value, kind):  # multi-valued, empty or odd: pynetdicom copes
            return None
        setattr(primitive, keyword, value)
    return primitive


class _StoreMessage(LeanMessage):
    lean = {C_STORE_RQ: _StoreRequest}


class AcceptorDIMSE(LeanDIMSE):
    """pynetdicom's DIMSE provider converting C-STORE requests through :class:`_StoreRequest`
    and sending C-STORE responses through :func:`store_response`."""

    message_class = _StoreMessage

    def send_msg(self, primitive, context_id: int) -> None:
        encoded = None
        if not self.assoc.get_handlers(evt.EVT_DIMSE_SENT):
            encoded = store_response(primitive)
        limit = self.maximum_pdu_size
        if encoded is None or (limit and len(encoded) + 6 > limit):
            super().send_msg(primitive, context_id)
            return
        pdata = P_DATA()
        pdata.presentation_data_value_list.append([context_id, _LAST_COMMAND_FRAGMENT + encoded])
        self.dul.send_pdu(pdata)


def store_response(primitive) -> bytes | None:
    """The encoded command set (Implicit VR Little Endian, PS3.7 6.3.1) of a C-STORE response
    primitive, or None when it is not one this module encodes."""
    if type(primitive) is not C_STORE or primitive.MessageIDBeingRespondedTo is None:
        return None
    if primitive.OffendingElement is not None or primitive.Status is None:
        return None
    elements = (  # (encoder, tag, VR, value): values that recur are encoded once
        (repeated_element, 0x00000002, "UI", primitive.AffectedSOPClassUID),
        (repeated_element, 0x00000100, "US", C_STORE_RSP_FIELD),
        (element_bytes, 0x00000120, "US", primitive.MessageIDBeingRespondedTo),
        (repeated_element, 0x00000800, "US", NO_DATA_SET),
        (repeated_element, 0x00000900, "US", primitive.Status),
        (element_bytes, 0x00000902, "LO", primitive.ErrorComment),
        (element_bytes, 0x00001000, "UI", primitive.AffectedSOPInstanceUID),
    )
    parts = [encode(tag, vr, value, True) for encode, tag, vr, value in elements
             if value is not None]
    body = b"".join(parts)
    return repeated_element(0x00000000, "UL", len(body), True) + body
