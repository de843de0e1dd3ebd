"""Encapsulated PDF objects for the tests: a hand-made PDF encapsulated by DCMTK ``pdf2dcm``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from required_tools import require


def pdf_of_parity(pages: int, odd: bool) -> bytes:
    """A :func:`minimal_pdf` of odd (stored with a pad byte) or even length."""
    pdf = minimal_pdf(pages)
    return pdf if len(pdf) % 2 == odd else minimal_pdf(pages, padding=1)


def minimal_pdf(pages: int = 1, padding: int = 0) -> bytes:
    """A valid PDF of *pages* blank-but-for-a-black-square pages; *padding* extra comment bytes
    change its length (odd or even) without changing its content."""
    objects = ["<</Type/Catalog/Pages 2 0 R>>",
               "<</Type/Pages/Kids[%s]/Count %d>>"
               % (" ".join(f"{3 + 2 * i} 0 R" for i in range(pages)), pages)]
    square = b"0 0 0 rg 40 40 120 120 re f"
    for i in range(pages):
        objects.append(f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]"
                       f"/Contents {4 + 2 * i} 0 R>>")
        objects.append(f"<</Length {len(square)}>>stream\n{square.decode()}\nendstream")
    out = bytearray(b"%PDF-1.4\n%" + b"x" * padding + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def encapsulate(pdf: bytes, folder: Path, name: str = "doc") -> Path:
    """*pdf* written to FOLDER/NAME.pdf and encapsulated by DCMTK pdf2dcm as FOLDER/NAME.dcm."""
    source, target = folder / f"{name}.pdf", folder / f"{name}.dcm"
    source.write_bytes(pdf)
    subprocess.run([require("pdf2dcm"), "+pn", "Doe^Jane", "+t", "Referral", str(source),
                    str(target)], check=True, capture_output=True)
    return target
