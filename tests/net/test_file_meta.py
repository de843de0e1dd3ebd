"""The cached File Meta encoder writes exactly what pydicom's write_file_meta_info writes."""

from io import BytesIO

import pytest
from pydicom.filewriter import write_file_meta_info
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, JPEG2000Lossless

from viewer.net.file_meta import PREAMBLE, ReceivedInstance, file_head


def _pydicom_head(instance: ReceivedInstance) -> bytes:
    out = BytesIO()
    out.write(PREAMBLE)
    write_file_meta_info(out, instance.file_meta(), enforce_standard=True)
    return out.getvalue()


@pytest.mark.parametrize("instance", [
    ReceivedInstance(CTImageStorage, "1.2.3.4", ExplicitVRLittleEndian, "ORTHANC"),
    ReceivedInstance(CTImageStorage, "1.2.3.45", ExplicitVRLittleEndian, "ORTHANC"),  # odd
    ReceivedInstance(CTImageStorage, "1.2.3.45", JPEG2000Lossless, "ODD"),
    ReceivedInstance("1.2.840.10008.5.1.4.1.1.88.22", "2.25.1" + "7" * 56, "1.2.840.10008.1.2"),
])
def test_file_head_is_pydicoms_encoding(instance):
    assert file_head(instance) == _pydicom_head(instance)


def test_shared_parts_do_not_leak_between_instances():
    first = ReceivedInstance(CTImageStorage, "1.2.3.4", ExplicitVRLittleEndian, "A")
    second = ReceivedInstance(CTImageStorage, "1.2.3.4.5.6", ExplicitVRLittleEndian, "A")
    file_head(first)
    assert file_head(second) == _pydicom_head(second)
    assert b"1.2.3.4.5.6" in file_head(second) and b"1.2.3.4.5.6" not in file_head(first)
