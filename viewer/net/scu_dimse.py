"""The DIMSE provider of our requested associations: pending C-FIND, C-MOVE and C-GET responses
made cheaply.

For each complete message pynetdicom converts every command set element to a primitive
attribute (``message_to_primitive``): six pydicom element conversions with value validation
plus a validated UID per response, about a quarter of a large C-FIND's client time. A pending
C-FIND response needs two of them (Message ID Being Responded To, Status); its identifier
stays encoded for the caller to decode. A pending C-MOVE/C-GET response (one per
sub-operation) needs those two and the four sub-operation counts. Everything else - other
messages, final responses, responses with optional status elements or odd values - goes
through pynetdicom unchanged.
All decoding is pydicom's (through pynetdicom's ``decode_msg``); nothing is parsed by hand.
"""

from __future__ import annotations

from io import BytesIO

from pydicom.dataelem import RawDataElement, convert_raw_data_element
from pydicom.tag import Tag
from pynetdicom.dimse import DIMSEServiceProvider
from pynetdicom.dimse_messages import C_FIND_RSP, C_GET_RSP, C_MOVE_RSP, DIMSEMessage
from pynetdicom.dimse_primitives import C_FIND, C_GET, C_MOVE

from viewer.net.scp_wakeup import SignallingQueue

PENDING = (0xFF00, 0xFF01)
_MESSAGE_ID_RESPONDED = Tag(0x0000, 0x0120)
_STATUS = Tag(0x0000, 0x0900)
# the command set of a pending C-FIND response: group length, affected SOP class, command
# field, message ID being responded to, data set type, status
_PLAIN_PENDING = {Tag(0x0000, e) for e in (0x0000, 0x0002, 0x0100, 0x0120, 0x0800, 0x0900)}


class LeanDIMSE(DIMSEServiceProvider):
    """pynetdicom's DIMSE provider whose messages are :class:`LeanMessage` (see module doc)."""

    message_class: type = None  # set below: the message class to decode into

    def receive_primitive(self, primitive) -> None:
        if self.message is None:
            self.message = self.message_class()
        super().receive_primitive(primitive)


class LeanMessage(DIMSEMessage):
    """A message being received; once its command set says which message it is, pynetdicom
    gives it that class, and :attr:`lean` swaps in a leaner subclass where there is one."""

    lean: dict = {}  # pynetdicom message class -> its lean subclass

    def __init__(self) -> None:
        """pynetdicom's attributes of a message to be decoded, without the empty command set
        Dataset it makes first (4 us; decode_msg replaces it with the decoded one)."""
        self.context_id = None
        self.encoded_command_set = BytesIO()
        self.data_set = BytesIO()
        self.command_set = None
        self._data_set_path = None
        self._data_set_file = None

    def decode_msg(self, primitive, assoc=None) -> bool:
        lean = self.lean  # a class attribute of ours, gone once pynetdicom sets the class
        done = super().decode_msg(primitive, assoc)
        self.__class__ = lean.get(type(self), type(self))
        return done


class _FindResponse(C_FIND_RSP):
    """A C-FIND-RSP converting a plain pending response with only the elements it needs."""

    def message_to_primitive(self):
        command = self.command_set
        if command.keys() <= _PLAIN_PENDING:
            status = command_value(command, _STATUS)
            responded = command_value(command, _MESSAGE_ID_RESPONDED)
            if status in PENDING and isinstance(responded, int):
                primitive = C_FIND()
                primitive.MessageIDBeingRespondedTo = responded
                primitive.Status = status
                primitive.Identifier = self.data_set
                primitive._context_id = self.context_id
                return primitive
        self.__class__ = C_FIND_RSP  # pynetdicom's conversion goes by the class name
        return DIMSEMessage.message_to_primitive(self)


_SUB_OPERATIONS = {Tag(0x0000, 0x1020): "NumberOfRemainingSuboperations",
                   Tag(0x0000, 0x1021): "NumberOfCompletedSuboperations",
                   Tag(0x0000, 0x1022): "NumberOfFailedSuboperations",
                   Tag(0x0000, 0x1023): "NumberOfWarningSuboperations"}
_PLAIN_RETRIEVE_PENDING = _PLAIN_PENDING | _SUB_OPERATIONS.keys()


def _retrieve_pending(message, primitive_class, pynetdicom_class):
    """The primitive of a plain pending C-MOVE/C-GET response (one per sub-operation: a
    500-instance retrieve brings 500), converted with only its elements; anything else by
    pynetdicom."""
    command = message.command_set
    if command.keys() <= _PLAIN_RETRIEVE_PENDING:
        status = command_value(command, _STATUS)
        responded = command_value(command, _MESSAGE_ID_RESPONDED)
        counts = {keyword: command_value(command, tag) for tag, keyword in _SUB_OPERATIONS.items()
                  if tag in command}
        if (status in PENDING and isinstance(responded, int)
                and all(isinstance(n, int) for n in counts.values())):
            primitive = primitive_class()
            primitive.MessageIDBeingRespondedTo = responded
            primitive.Status = status
            for keyword, number in counts.items():
                setattr(primitive, keyword, number)
            primitive.Identifier = message.data_set
            primitive._context_id = message.context_id
            primitive.superseded_by_next = not message.data_set.getbuffer().nbytes
            return primitive
    message.__class__ = pynetdicom_class  # pynetdicom's conversion goes by the class name
    return DIMSEMessage.message_to_primitive(message)


class ProgressQueue(SignallingQueue):
    """The DIMSE message queue of a requestor: a plain pending C-MOVE/C-GET response (counts
    only) replaces the one before it if that is still waiting. The counts are cumulative, so
    the caller loses nothing but a wake-up per sub-operation - which, with our own Storage SCP
    in the same process, costs the SCP the GIL while it files each instance."""

    def put(self, item, block=True, timeout=None) -> None:
        if getattr(item[1], "superseded_by_next", False):
            with self.mutex:
                waiting = self.queue[-1][1] if self.queue else None
                if getattr(waiting, "superseded_by_next", False) and item[0] == self.queue[-1][0]:
                    self.queue[-1] = item
                    return  # its consumer has been woken for the one replaced
        super().put(item, block, timeout)


class _MoveResponse(C_MOVE_RSP):
    def message_to_primitive(self):
        return _retrieve_pending(self, C_MOVE, C_MOVE_RSP)


class _GetResponse(C_GET_RSP):
    def message_to_primitive(self):
        return _retrieve_pending(self, C_GET, C_GET_RSP)


class _RequestorMessage(LeanMessage):
    lean = {C_FIND_RSP: _FindResponse, C_MOVE_RSP: _MoveResponse, C_GET_RSP: _GetResponse}


LeanDIMSE.message_class = _RequestorMessage


def command_value(command, tag):
    """The value of *tag* (None when absent), converted by pydicom without storing the
    converted element back (half the cost of ``command[tag].value``)."""
    elem = command.get_item(tag)
    if isinstance(elem, RawDataElement):  # else None, or converted already (a log handler)
        return convert_raw_data_element(elem).value
    return None if elem is None else elem.value
