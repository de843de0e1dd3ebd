"""Local archive: store folder and SQLite index. Qt-free."""
