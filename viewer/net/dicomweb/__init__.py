"""DICOMweb (PS3.18) user agent: QIDO-RS search, WADO-RS retrieve, STOW-RS store.

Qt-free; callers go through :mod:`viewer.net.nodes`, which picks DIMSE or DICOMweb per node.
"""
