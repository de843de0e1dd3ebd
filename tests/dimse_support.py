"""A DIMSE message round trip through pynetdicom, for the lean-conversion tests."""


def round_trip(message, primitive, message_class, context_id: int = 1):
    """*primitive* encoded by pynetdicom as a *message_class* message, its P-DATA decoded into
    *message* (a pynetdicom message or one of our lean ones), then converted to a primitive."""
    encoder = message_class()
    encoder.primitive_to_message(primitive)
    for pdata in encoder.encode_msg(context_id, 16382):
        done = message.decode_msg(pdata)
    assert done
    return message.message_to_primitive()
