"""A series' preview image from a DICOMweb server: WADO-RS thumbnail, else rendered.

PS3.18 10.7 ``/studies/{study}/series/{series}/thumbnail?viewport=W,H`` is asked first; a server
without it (404, 400, 406: Orthanc's plugin 1.7) is asked for ``.../rendered?viewport=W,H``
(10.4), both as image/jpeg. A multipart answer (a rendered series as one image per instance)
gives its first part. The image bytes are decoded by the GUI; None when the server offers
neither resource. Failures other than "not offered" raise NetworkError.
"""

from __future__ import annotations

from urllib.parse import quote

from viewer.net.dicomweb.http import HTTPFailure, check, failures, session
from viewer.net.dicomweb.multipart import media_type, parts
from viewer.net.dicomweb.node import WebNode

ACCEPT = "image/jpeg"  # every origin server renders JPEG (PS3.18 8.7.4); Orthanc refuses lists
MAX_BYTES = 4 * 1024 * 1024
_NOT_OFFERED = (400, 404, 406, 501)


def series_preview(node: WebNode, study_uid: str, series_uid: str,
                   size: int = 64) -> bytes | None:
    """JPEG/PNG bytes of a preview of the series, at most *size* pixels wide and high."""
    base = (f"{node.url}/studies/{quote(study_uid, safe='')}"
            f"/series/{quote(series_uid, safe='')}")
    with session(node) as s:
        for resource in ("thumbnail", "rendered"):
            image = _image(s, node, f"{base}/{resource}?viewport={size},{size}", resource)
            if image is not None:
                return image
    return None


def _image(s, node: WebNode, url: str, resource: str) -> bytes | None:
    what = f"WADO-RS {resource}"
    with failures(node, what):
        response = s.get(url, headers={"Accept": ACCEPT},
                         stream=True, timeout=node.timeout)
        try:
            check(response, node, what)
        except HTTPFailure as exc:
            if exc.status in _NOT_OFFERED:
                return None
            raise
        with response:
            kind, params = media_type(response.headers.get("Content-Type", ""))
            if kind == "multipart/related" and params.get("boundary"):
                chunks = response.iter_content(1 << 16)
                first = next(iter(parts(chunks, params["boundary"])), None)
                return first.body.getvalue() if first is not None else None
            if not kind.startswith("image/"):
                return None
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
            return body if 0 < len(body) <= MAX_BYTES else None
