"""Each patent-list preview keeps its file under its own token, carried by its confirm form: a preview in a
second tab does not change what the first tab confirms; a token confirms once, on its own project only."""

import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from common import uploads
from tests import factories
from tests.projects.interfaces.test_patent_import import FOREIGN, INVENTION, INVENTION_2, UTILITY, _stored, _xlsx

pytestmark = pytest.mark.django_db

FIRST, SECOND = [INVENTION, FOREIGN], [INVENTION_2, UTILITY]


@pytest.fixture
def enterprise_client(client, enterprise_user):
    client.force_login(enterprise_user)
    return client


def _url(project):
    return reverse("projects:patent_import", args=[project.pk])


def _preview(client, project, rows):
    """Preview ``rows`` as a tab would; the token its confirm form carries."""
    page = client.post(_url(project), {"step": "preview", "file": _xlsx(rows)})
    token = page.context["token"]
    assert f'<input type="hidden" name="token" value="{token}">' in page.content.decode()
    return token


def _confirm(client, project, token):
    page = client.post(_url(project), {"step": "confirm", "token": token}, follow=True)
    return [str(m) for m in page.context["messages"]]


def test_two_previews_then_confirming_the_first_imports_the_first_files_rows(enterprise_client, project):
    first = _preview(enterprise_client, project, FIRST)
    second = _preview(enterprise_client, project, SECOND)  # another tab
    assert (_confirm(enterprise_client, project, first), _stored(project)) == (
        ["已导入2件专利，专利数量已按清单更新。"],
        ["201710601862.3", "US11234567B2"],
    )
    assert (_confirm(enterprise_client, project, second), _stored(project)) == (
        ["已导入2件专利，专利数量已按清单更新。"],
        ["201810000001.4", "202020123456.8"],
    )


def test_a_confirmed_token_cannot_be_confirmed_twice(enterprise_client, project):
    first = _preview(enterprise_client, project, FIRST)
    second = _preview(enterprise_client, project, SECOND)
    _confirm(enterprise_client, project, first)
    _confirm(enterprise_client, project, second)
    assert (_confirm(enterprise_client, project, first), _stored(project)) == (
        ["上传的文件已失效，请重新上传。"],
        ["201810000001.4", "202020123456.8"],
    )


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_token_changes_nothing(enterprise_client, project, token):
    _preview(enterprise_client, project, FIRST)
    assert (_confirm(enterprise_client, project, token), _stored(project)) == (["上传的文件已失效，请重新上传。"], [])


def test_an_expired_token_changes_nothing_and_its_file_is_removed(enterprise_client, project, monkeypatch):
    token = _preview(enterprise_client, project, FIRST)
    name = enterprise_client.session[uploads.SESSION_KEY][token]["name"]
    later = time.time() + uploads.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(uploads.time, "time", lambda: later)
    assert (_confirm(enterprise_client, project, token), _stored(project), default_storage.exists(name)) == (
        ["上传的文件已失效，请重新上传。"],
        [],
        False,
    )


def test_a_token_of_another_project_does_not_confirm_this_one(enterprise_client, project):
    other = factories.ProjectFactory(enterprise=project.enterprise)
    token = _preview(enterprise_client, project, FIRST)
    assert (_confirm(enterprise_client, other, token), _stored(other)) == (["上传的文件已失效，请重新上传。"], [])
    assert _confirm(enterprise_client, project, token) == ["已导入2件专利，专利数量已按清单更新。"]  # still its own


def test_the_stored_file_is_removed_once_confirmed(enterprise_client, project):
    token = _preview(enterprise_client, project, FIRST)
    name = enterprise_client.session[uploads.SESSION_KEY][token]["name"]
    exists_before = default_storage.exists(name)
    _confirm(enterprise_client, project, token)
    assert (exists_before, default_storage.exists(name), enterprise_client.session[uploads.SESSION_KEY]) == (
        True,
        False,
        {},
    )


def test_a_preview_with_errors_keeps_no_file_and_offers_no_confirm(enterprise_client, project):
    bad = [["201710601862.4", *INVENTION[1:]]]  # wrong check character
    page = enterprise_client.post(_url(project), {"step": "preview", "file": _xlsx(bad)})
    assert (
        page.context["token"],
        'name="token"' in page.content.decode(),
        uploads.SESSION_KEY in page.client.session,
    ) == (
        "",
        False,
        False,
    )


def test_only_the_latest_previews_of_a_session_are_kept(enterprise_client, project, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PER_SESSION", 2)
    oldest = _preview(enterprise_client, project, FIRST)
    name = enterprise_client.session[uploads.SESSION_KEY][oldest]["name"]
    kept = [_preview(enterprise_client, project, SECOND), _preview(enterprise_client, project, FIRST)]
    assert (sorted(enterprise_client.session[uploads.SESSION_KEY]), default_storage.exists(name)) == (
        sorted(kept),
        False,
    )
