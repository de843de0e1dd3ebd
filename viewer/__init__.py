"""DICOM viewer workstation."""

__version__ = "0.1.0"
