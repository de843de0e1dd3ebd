"""Sharing studies: anonymized copies (PS3.15 Annex E) and zip archives. Qt-free."""

from viewer.share.anonymize import Anonymizer, BurnedInAnnotation
from viewer.share.copies import ShareReport, anonymize_files, export_zip
from viewer.share.profile import PROFILE_OPTIONS, ProfileOption

__all__ = [
    "Anonymizer", "BurnedInAnnotation", "PROFILE_OPTIONS", "ProfileOption", "ShareReport",
    "anonymize_files", "export_zip",
]
