"""Attachments are accepted by content, not by name, up to the call's size, and only by the enterprise."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Attachment
from projects.services import attachment_add, attachment_remove
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

PDF = factories.MINIMAL_PDF
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("营业执照.pdf", PDF, "application/pdf"),
        ("证书.PNG", PNG, "image/png"),
        ("照片.jpeg", JPG, "image/jpeg"),
        ("协议.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_formats_are_stored_under_a_random_name(project, enterprise_user, name, content, mime):
    attachment = attachment_add(
        project=project, by=enterprise_user, slot="business_license", upload=_upload(name, content)
    )
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, mime, len(content))
    assert name not in attachment.file.name
    assert attachment.file.name.startswith(f"attachments/{project.pk}/")


def test_file_whose_content_is_not_what_its_name_says_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        attachment_add(project=project, by=enterprise_user, slot="business_license", upload=_upload("执照.pdf", PNG))
    assert err.value.message_dict == {"file": ["文件“执照.pdf”的扩展名与内容不符：内容是PNG文件，请核对后重新上传。"]}
    assert not Attachment.objects.filter(uploaded_by__role="enterprise").exists()


def test_executable_renamed_to_pdf_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        attachment_add(
            project=project, by=enterprise_user, slot="other", upload=_upload("a.pdf", b"MZ\x90\x00" + b"\0" * 100)
        )
    assert err.value.message_dict["file"][0].startswith("文件“a.pdf”的格式不被接受")


def test_plain_text_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("说明.txt", "你好".encode()))
    assert err.value.message_dict == {"file": ["文件“说明.txt”的格式不被接受，只接受PDF、JPG、PNG、DOCX、XLSX文件。"]}


def test_oversized_file_is_refused_by_the_calls_limit(project, enterprise_user):
    project.call.max_attachment_mb = 1
    project.call.save()
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as err:
        attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("大.pdf", big))
    assert err.value.message_dict == {"file": ["文件“大.pdf”大小为1.0MB，超过本年度指南规定的1MB上限。"]}


def test_empty_file_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError):
        attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("空.pdf", b""))


def test_another_enterprise_cannot_upload(project):
    with pytest.raises(PermissionDenied):
        attachment_add(
            project=project, by=factories.EnterpriseUserFactory(), slot="other", upload=_upload("a.pdf", PDF)
        )
    assert not Attachment.objects.filter(uploaded_by__role="enterprise").exists()


def test_no_upload_after_submission(project, enterprise_user):
    walk(project, ["submit"])
    with pytest.raises(ValidationError) as err:
        attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("a.pdf", PDF))
    assert err.value.messages == ["申报书当前状态为“待形式审查”，不能修改。"]


def test_enterprise_removes_its_attachment(project, enterprise_user, django_capture_on_commit_callbacks):
    attachment = attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("a.pdf", PDF))
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, by=enterprise_user)
    assert (Attachment.objects.filter(pk=attachment.pk).exists(), storage.exists(name)) == (False, False)


def test_a_failed_transaction_leaves_no_stored_file(project, enterprise_user, monkeypatch):
    from django.db import DatabaseError

    stored = []
    original_save = Attachment.save

    def failing_save(self, *args, **kwargs):
        stored.append((self.file.storage, self.file.name))
        raise DatabaseError("磁盘已满")

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(DatabaseError):
        attachment_add(project=project, by=enterprise_user, slot="other", upload=_upload("a.pdf", PDF))
    monkeypatch.setattr(Attachment, "save", original_save)
    storage, name = stored[0]
    assert storage.exists(name) is False
