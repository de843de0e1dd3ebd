"""Local archive: store folder and SQLite index. Qt-free."""

from viewer.store.archive import Archive
from viewer.store.header import HeaderError, InstanceHeader
from viewer.store.importer import ImportJob, ImportProgress, ImportReport
from viewer.store.query import InstanceSummary, SeriesSummary, StudyFilter, StudySummary
from viewer.store.scan import RescanReport
from viewer.store.schema import IndexVersionError, StoreBusyError, StoreError
from viewer.store.writer import IndexChange, IndexWriter

__all__ = [
    "Archive", "HeaderError", "ImportJob", "ImportProgress", "ImportReport", "IndexChange",
    "IndexVersionError", "IndexWriter", "InstanceHeader", "InstanceSummary", "RescanReport",
    "SeriesSummary", "StoreBusyError", "StoreError", "StudyFilter", "StudySummary",
]
