"""DICOM networking (pynetdicom): SCU and Storage SCP. Qt-free."""
