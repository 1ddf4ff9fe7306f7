"""Each enterprise-import preview keeps its file under its own token, carried by its confirm form: a preview in
a second tab does not change what the first tab confirms; a token confirms once, for its own user only."""

import pytest
from django.urls import reverse

from common import uploads
from directory.models import Enterprise
from tests import factories
from tests.directory.interfaces.test_enterprise_import import GOOD, _xlsx

pytestmark = pytest.mark.django_db

URL = "directory:enterprise_import"


def _codes():
    return sorted(Enterprise.objects.values_list("uscc", flat=True))


def _preview(client, rows):
    page = client.post(reverse(URL), {"step": "preview", "file": _xlsx(rows)})
    token = page.context["token"]
    assert f'<input type="hidden" name="token" value="{token}">' in page.content.decode()
    return token


def _confirm(client, token):
    page = client.post(reverse(URL), {"step": "confirm", "token": token}, follow=True)
    return [str(m) for m in page.context["messages"]]


@pytest.fixture
def bureau_client(client, bureau):
    client.force_login(bureau)
    return client


def test_two_previews_then_confirming_the_first_imports_the_first_files_rows(bureau_client):
    first = _preview(bureau_client, GOOD)
    _preview(bureau_client, [GOOD[0]])  # another tab, another file
    assert (_confirm(bureau_client, first), _codes()) == (
        ["已导入2家企业。"],
        ["91310110666007217T", "91350500676532779B"],
    )


def test_a_confirmed_token_cannot_be_confirmed_twice(bureau_client):
    first = _preview(bureau_client, GOOD)
    _confirm(bureau_client, first)
    assert (_confirm(bureau_client, first), _codes()) == (
        ["上传的文件已失效，请重新上传。"],
        ["91310110666007217T", "91350500676532779B"],
    )


def test_an_unknown_token_changes_nothing(bureau_client):
    _preview(bureau_client, GOOD)
    assert (_confirm(bureau_client, "not-a-token"), _codes()) == (["上传的文件已失效，请重新上传。"], [])


def test_another_bureau_users_token_does_not_confirm(client, bureau):
    client.force_login(bureau)
    token = _preview(client, GOOD)
    staged = client.session[uploads.SESSION_KEY]
    client.force_login(factories.BureauFactory())
    session = client.session
    session[uploads.SESSION_KEY] = staged  # even with the entry copied into the other user's session
    session.save()
    assert (_confirm(client, token), _codes()) == (["上传的文件已失效，请重新上传。"], [])
