"""Uploaded files in and out: the limits every upload is checked against, and the one way a stored file is served.

In: `UploadValidator(kind)` sits on the form fields, API serializer fields and model fields that take a file, so
the web, the API and the services refuse the same files with the same Chinese message. An import's workbook is
checked as a zip (entries, unpacked size, compression ratio) before any library parses it (`first_sheet`),
so a zip bomb is refused in a few megabytes of memory rather than unpacked into gigabytes.

Out: `serve(request, field, filename)` after the view has checked the policy; the bytes come from
django-sendfile2 (nginx's X-Accel-Redirect in production), always as a download with a content type that no
browser renders as a page. Stored names carry a random directory (`UploadPath`), so they cannot be guessed.
"""

from __future__ import annotations

import io
import mimetypes
import secrets
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django_sendfile import sendfile
from python_calamine import CalamineWorkbook

MB = 1024 * 1024

# What each kind of upload is, and the file types it takes (everything else is refused by name).
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "import": ("导入的表格", frozenset({".xlsx", ".xls"})),
    "attachment": (
        "附件",
        frozenset(
            [
                ".pdf",
                ".ofd",
                ".doc",
                ".docx",
                ".wps",
                ".xls",
                ".xlsx",
                ".et",
                ".ppt",
                ".pptx",
                ".dps",
                ".txt",
                ".csv",
                ".rtf",
                ".jpg",
                ".jpeg",
                ".png",
                ".gif",
                ".bmp",
                ".webp",
                ".tif",
                ".tiff",
                ".heic",
                ".mp3",
                ".wav",
                ".amr",
                ".m4a",
                ".mp4",
                ".mov",
                ".avi",
                ".zip",
                ".rar",
                ".7z",
            ]
        ),
    ),
}
# The only types a download is labelled with; anything else goes out as bytes (never as text/html or SVG).
SAFE_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "text/csv",
        "text/plain",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/bmp",
        "audio/mpeg",
        "video/mp4",
    }
)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: an .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office file keeps its content in these streams (their directory names are UTF-16).
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
CHUNK = 1024 * 1024


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 1024 * MB else f"{size / 1024 / MB:.1f} GB"


def check_upload(file, kind: str) -> None:
    """Refuse an empty, too large or wrongly typed upload (and an unsafe workbook) with a Chinese message."""
    label, suffixes = KINDS[kind]
    limit = settings.UPLOAD_MAX_SIZES[kind]
    if not file.size:
        raise ValidationError("文件是空的（0 字节），请重新选择文件。", code="empty")
    if file.size > limit:
        raise ValidationError(
            f"文件过大（{size_text(file.size)}）：{label}不能超过 {size_text(limit)}。", code="too_large"
        )
    suffix = PurePath(file.name or "").suffix.lower()
    if suffix not in suffixes:
        raise ValidationError(
            f"不接受{suffix or '无扩展名'}文件：{label}只能是 {'、'.join(sorted(suffixes))}。", code="type"
        )
    if kind == "import":
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            check_workbook(file)
        finally:
            file.seek(position)


@deconstructible
class UploadValidator:
    """`check_upload` as a field validator; a file already stored (not a new upload) is left alone."""

    def __init__(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown upload kind {kind!r}")
        self.kind = kind

    def __call__(self, file) -> None:
        if getattr(file, "_committed", False):
            return
        check_upload(file, self.kind)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.kind == self.kind


def check_workbook(source) -> None:
    """Refuse what is not a plain workbook before a library parses it: encrypted, not a spreadsheet, a zip bomb."""
    head = source.read(8)
    source.seek(0)
    if not head:
        raise ValidationError("文件是空的（0 字节），请重新选择文件。", code="empty")
    if head == CFB_MAGIC:
        if _contains(source, ENCRYPTED_STREAMS):
            raise ValidationError(
                "文件已加密：请在 Excel 中取消“用密码进行加密”后另存为 .xlsx 再上传。", code="encrypted"
            )
        return  # an .xls: its size is its content, nothing to unpack
    if head[:4] != ZIP_MAGIC:
        raise ValidationError("不是 Excel 表格：请上传 .xlsx 或 .xls 文件。", code="not_spreadsheet")
    try:
        with zipfile.ZipFile(source) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ValidationError("文件已损坏，不是有效的 Excel 表格。", code="corrupt") from exc
    finally:
        source.seek(0)


def _check_archive(archive: zipfile.ZipFile) -> None:
    limits = settings.XLSX_LIMITS
    bomb = "疑为恶意构造的压缩文件，已拒绝读取"
    infos = archive.infolist()
    if len(infos) > limits["entries"]:
        raise ValidationError(
            f"表格文件包含 {len(infos)} 个内部文件，超过 {limits['entries']} 个的上限（{bomb}）。",
            code="bomb",
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ValidationError("不是 Excel 表格：请上传 .xlsx 或 .xls 文件。", code="not_spreadsheet")
    if any(info.flag_bits & 0x1 for info in infos):
        raise ValidationError("文件已加密：请取消密码保护后再上传。", code="encrypted")
    declared = sum(info.file_size for info in infos)
    if declared > limits["unpacked"]:
        raise ValidationError(
            f"表格解压后有 {size_text(declared)}，超过 {size_text(limits['unpacked'])} 的上限（{bomb}）。",
            code="bomb",
        )
    for info in infos:
        if info.file_size > MB and info.file_size > limits["ratio"] * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ValidationError(
                f"表格中的 {info.filename} 压缩比为 {ratio} 倍，超过 {limits['ratio']} 倍的上限（{bomb}）。",
                code="bomb",
            )
    # The sizes above are what the archive claims; unpack in chunks, counting, to hold it to them.
    total = 0
    for info in infos:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > limits["unpacked"]:
                    raise ValidationError(
                        f"表格解压后超过 {size_text(limits['unpacked'])} 的上限（{bomb}）。", code="bomb"
                    )


def _contains(source, needles: tuple[bytes, ...]) -> bool:
    overlap = max(len(n) for n in needles)
    tail = b""
    while chunk := source.read(CHUNK):
        window = tail + chunk
        if any(n in window for n in needles):
            return True
        tail = window[-overlap:]
    return False


def first_sheet(source) -> tuple[list[list], list]:
    """The first sheet of a checked workbook: its rows (blank areas kept) and its merged ranges.

    `source` is an open binary file or a path. Every failure is a ValidationError in Chinese: the parsers'
    own (English) errors never reach a user.
    """
    if not hasattr(source, "read"):
        with open(source, "rb") as handle:
            return first_sheet(handle)
    check_workbook(source)
    try:
        sheet = CalamineWorkbook.from_filelike(source).get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []
    except Exception as exc:  # calamine raises its own errors for every kind of unreadable file
        raise ValidationError(
            "无法读取该文件：不是有效的 Excel 表格（.xlsx / .xls），或文件已损坏。", code="unreadable"
        ) from exc


def open_workbook(source) -> tuple[list[str], Iterator[tuple[str, list[list], list]]]:
    """A checked workbook (a file or a path): its sheet names, and its sheets in order, each read when asked for
    as (name, rows with blank areas kept, merged ranges). Published bulletins put the passed and the failed
    lists, or each city, on sheets of their own; python-calamine lets the GIL go while it parses a sheet, so a
    thread may read the next meanwhile."""
    if not hasattr(source, "read"):
        with open(source, "rb") as handle:
            return open_workbook(io.BytesIO(handle.read()))
    check_workbook(source)
    try:
        book = CalamineWorkbook.from_filelike(source)
    except Exception as exc:  # calamine raises its own errors for every kind of unreadable file
        raise _unreadable() from exc

    def sheets() -> Iterator[tuple[str, list[list], list]]:
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
                rows, merged = sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []
            except Exception as exc:
                raise _unreadable() from exc
            yield name, rows, merged

    return list(book.sheet_names), sheets()


def _unreadable() -> ValidationError:
    return ValidationError(
        "无法读取该文件：不是有效的 Excel 表格（.xlsx / .xls），或文件已损坏。", code="unreadable"
    )


@deconstructible
class UploadPath:
    """`upload_to` giving every stored file a random directory: `complaints/2026/<token>/原名.pdf`.

    The original name stays last, so a download is offered under it; the token makes the path unguessable.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return (
            f"{self.prefix}/{timezone.localdate():%Y}/{secrets.token_urlsafe(16)}/{PurePath(filename).name}"
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadPath) and other.prefix == self.prefix


def serve(request, field, filename: str | None = None):
    """A stored file as a download, once the caller has checked the policy; a missing file is a 404.

    django-sendfile2 hands the path to the web server in production (X-Accel-Redirect) and streams it otherwise.
    """
    if not field or not field.name:
        raise Http404("文件不存在。")
    name = filename or PurePath(field.name).name
    guessed, _ = mimetypes.guess_type(name)
    response = sendfile(
        request,
        field.name,
        attachment=True,
        attachment_filename=name,
        mimetype=guessed if guessed in SAFE_TYPES else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
