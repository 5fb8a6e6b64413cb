"""Hostile workbooks for the upload tests: a zip bomb shaped like an .xlsx, and an encrypted-looking Office file.

As a script it writes the full-size bomb of issue 19 (shared strings unpacking to ~2.6 GB from a few MB):
    .venv/bin/python -m tests.zipbomb bomb.xlsx [unpacked MB]
"""

from __future__ import annotations

import io
import sys
import zipfile

from openpyxl import Workbook

STRING = b"<si><t>" + b"A" * 1000 + b"</t></si>"
CHUNK = STRING * 1024  # ~1 MB of one repeated shared string


def build_bomb(path, unpacked: int, level: int = 6) -> None:
    """A real workbook whose xl/sharedStrings.xml unpacks to `unpacked` bytes, written in chunks (never in memory)."""
    book = Workbook()
    book.active.append(["名称"])
    template = io.BytesIO()
    book.save(template)
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive,
    ):
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            written = 0
            while written < unpacked:
                piece = CHUNK[: unpacked - written]
                member.write(piece)
                written += len(piece)
            member.write(b"</sst>")


def encrypted_office_file() -> bytes:
    """The start of what Excel writes for a password-protected .xlsx: an OLE container with EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 4096


if __name__ == "__main__":
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 2600
    build_bomb(sys.argv[1], megabytes * 1024 * 1024)
