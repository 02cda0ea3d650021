"""Finish LibreOffice's PDFs with pikepdf: join parts, retag fonts, rewrite a ToUnicode map,
and save deterministically (same input, same bytes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def join(parts: list[Path]) -> pikepdf.Pdf:
    """One document holding every page of ``parts`` in order."""
    joined = pikepdf.new()
    for part in parts:
        with pikepdf.open(part) as source:
            joined.pages.extend(source.pages)
    return joined


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every font dictionary used by a page, once, in page order."""
    seen: set[tuple[int, int]] = set()
    fonts = []
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                fonts.append(font)
    return fonts


def _tag(number: int) -> str:
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(reversed(letters))


def retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Give every embedded subset its own tag (parts rendered apart reuse LibreOffice's)."""
    for number, font in enumerate(_fonts(pdf)):
        name = str(font.get("/BaseFont", ""))[1:]
        if not _SUBSET_TAG.match(name):
            continue
        new_name = pikepdf.Name("/" + _tag(number) + "+" + name[7:])
        font.BaseFont = new_name
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            descriptor.FontName = new_name


def _rewrite_cmap(cmap: str, mapping: dict[str, str]) -> tuple[str, int]:
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        target = chr(int(match.group(2), 16))
        if target not in mapping:
            return match.group(0)
        count += 1
        return f"{match.group(1)} <{ord(mapping[target]):04X}>"

    rewritten = re.sub(r"(<[0-9A-Fa-f]+>)\s*<([0-9A-Fa-f]{4})>", swap, cmap)
    return rewritten, count


def remap_font_unicode(pdf: pikepdf.Pdf, font_name_part: str, mapping: dict[str, str]) -> int:
    """Rewrite the ToUnicode maps of fonts whose name contains ``font_name_part``.

    Returns the number of entries changed.
    """
    changed = 0
    for font in _fonts(pdf):
        if font_name_part not in str(font.get("/BaseFont", "")) or "/ToUnicode" not in font:
            continue
        cmap = font.ToUnicode.read_bytes().decode("ascii")
        rewritten, count = _rewrite_cmap(cmap, mapping)
        if count:
            font.ToUnicode = pdf.make_stream(rewritten.encode("ascii"))
            changed += count
    return changed


def save_deterministic(pdf: pikepdf.Pdf, path: Path, title: str) -> Path:
    """Save without dates, producer or XMP, with an ID derived from the content."""
    if "/Metadata" in pdf.Root:
        del pdf.Root.Metadata
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title)))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return path
