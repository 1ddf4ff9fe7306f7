"""Attachments: accepted by their content, not their name; stored under a random name outside static/; read
back only through a view that asks the access layer."""

import hashlib
import os

import filetype
from django.core.exceptions import ValidationError

from .enums import AttachmentSlot
from .models import Attachment

# What an enterprise may upload: the content type that filetype must find, and the names it may carry.
ALLOWED = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
}
ALLOWED_LABEL = "PDF、JPG、PNG、DOCX、XLSX"
SNIFF_BYTES = 8192


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _sniff(upload):
    """filetype reads the head of the file; docx/xlsx are zip files recognised by their inner parts."""
    kind = filetype.guess(_head(upload))
    if kind and kind.extension == "zip":  # an OOXML file whose parts are not near the start
        upload.seek(0)
        kind = filetype.guess(upload.read())
        upload.seek(0)
    return kind


def check_upload(upload, *, max_mb: int) -> tuple[str, str]:
    """(kind, mime) of an acceptable upload; a Chinese ValidationError naming the problem otherwise."""
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if upload.size == 0:
        raise ValidationError({"file": f"文件“{name}”是空文件。"})
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            {"file": f"文件“{name}”大小为{upload.size / 1024 / 1024:.1f}MB，超过本年度指南规定的{max_mb}MB上限。"}
        )
    kind = _sniff(upload)
    if kind is None or kind.extension not in ALLOWED:
        found = f"（检测到的实际格式：{kind.extension.upper()}）" if kind else ""
        raise ValidationError({"file": f"文件“{name}”的格式不被接受{found}，只接受{ALLOWED_LABEL}文件。"})
    mime, extensions = ALLOWED[kind.extension]
    if ext not in extensions:
        raise ValidationError(
            {"file": f"文件“{name}”的扩展名与内容不符：内容是{kind.extension.upper()}文件，请核对后重新上传。"}
        )
    return kind.extension, mime


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def build_attachment(*, project, slot, upload, by) -> Attachment:
    """A checked, unsaved Attachment for ``upload`` (the service saves it inside its transaction)."""
    if slot not in AttachmentSlot.values:
        raise ValidationError({"slot": "请选择附件类型。"})
    _, mime = check_upload(upload, max_mb=project.call.max_attachment_mb)
    attachment = Attachment(
        project=project,
        slot=slot,
        original_name=os.path.basename(upload.name)[:255],
        content_type=mime,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    return attachment
