"""Rendering pipeline: pure numpy stages in PS3.4 Annex N order. Qt-free."""
