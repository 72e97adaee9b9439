"""Read a PDF back: its text (spaces normalised) and the fonts it uses."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    pages = (page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    text = "\n".join(pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"[ \t]+", " ", text)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def fonts(data: bytes) -> dict[str, bool]:
    """Each font's base name, and whether it is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page["/Resources"]
        candidates = dict(resources.get("/Font", {}))
        for xobject in resources.get("/XObject", {}).values():
            candidates.update(xobject.get_object().get("/Resources", {}).get("/Font", {}))
        for font in candidates.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return found
