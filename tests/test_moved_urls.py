"""Every address that worked before the apps were split into rooms still works: the same path, or a redirect
(307, the method kept) from the old path to the new one."""

import pytest
from django.urls import Resolver404, resolve

from tests import factories

pytestmark = pytest.mark.django_db

# The site's paths before the split (admin aside), with a sample value for each argument, and their URL names.
BEFORE = {
    "/": "home",
    "/healthz/": "healthz",
    "/accounts/login/": "login",
    "/accounts/logout/": "logout",
    "/accounts/password/": "password_change",
    "/accounts/password/done/": "password_change_done",
    "/accounts/signup/": "signup",
    "/accounts/enterprise/": "enterprise_profile",
    "/accounts/registrations/": "registration_queue",
    "/accounts/registrations/1/approve/": "registration_decide",
    "/projects/": "projects:list",
    "/projects/1/": "projects:detail",
    "/projects/1/act/withdraw/": "projects:act",
    "/projects/start/2030/": "projects:application_new",
    "/projects/1/application/": "projects:application_start",
    "/projects/1/application/response/": "projects:return_response",
    "/projects/1/application/eligibility/": "projects:eligibility_preview",
    "/projects/1/application/attachments/upload/": "projects:attachment_upload",
    "/projects/1/application/attachments/1/delete/": "projects:attachment_delete",
    "/projects/1/attachments/1/": "projects:attachment_download",
    "/projects/1/application/patents/import/": "projects:patent_import",
    "/projects/1/application/patents/template.xlsx": "projects:patent_template",
    "/projects/1/application/basic/": "projects:application",
    "/projects/1/submitted/": "projects:snapshot",
    "/projects/1/submitted/v1/": "projects:snapshot_version",
    "/projects/1/application.pdf": "projects:application_pdf",
    "/projects/1/application-v1.pdf": "projects:application_pdf_version",
    "/reviews/district/": "reviews:district",
    "/reviews/district/order/": "reviews:district_order",
    "/reviews/district/1/": "reviews:formal_review",
    "/reviews/screening/": "reviews:screening",
    "/reviews/screening/bulk/": "reviews:screening_bulk",
    "/reviews/screening/bulk/results/": "reviews:screening_results",
    "/reviews/screening/1/": "reviews:screening_detail",
    "/reviews/extensions/": "reviews:extensions",
    "/reviews/enterprises/import/": "reviews:enterprise_import",
    "/reviews/enterprises/import/template.xlsx": "reviews:enterprise_import_template",
    "/reviews/exports/": "reviews:export_create",
    "/reviews/exports/1/": "reviews:export",
    "/reviews/exports/1/status/": "reviews:export_status",
    "/reviews/exports/1/download/": "reviews:export_download",
    "/funding/tranches/1/paid/": "funding:record_payment",
}
MOVED = {
    "/reviews/enterprises/import/": "/directory/enterprises/import/",
    "/reviews/enterprises/import/template.xlsx": "/directory/enterprises/import/template.xlsx",
    "/reviews/exports/": "/documents/exports/",
    "/reviews/exports/1/": "/documents/exports/1/",
    "/reviews/exports/1/status/": "/documents/exports/1/status/",
    "/reviews/exports/1/download/": "/documents/exports/1/download/",
}


# Where each old path's page lives now (the URL name), when it did not simply keep its name.
RENAMED = {
    "/accounts/signup/": "directory:signup",
    "/accounts/enterprise/": "directory:enterprise_profile",
    "/accounts/registrations/": "directory:registration_queue",
    "/accounts/registrations/1/approve/": "directory:registration_decide",
    "/projects/1/application/response/": "reviews:return_response",
    "/reviews/enterprises/import/": "legacy:enterprise_import",
    "/reviews/enterprises/import/template.xlsx": "legacy:enterprise_import_template",
    "/reviews/exports/": "legacy:export_create",
    "/reviews/exports/1/": "legacy:export",
    "/reviews/exports/1/status/": "legacy:export_status",
    "/reviews/exports/1/download/": "legacy:export_download",
}


@pytest.mark.parametrize(("path", "name"), BEFORE.items())
def test_every_old_path_still_reaches_its_page(path, name):
    try:
        match = resolve(path)
    except Resolver404:
        pytest.fail(f"{path} no longer resolves")
    assert match.view_name == RENAMED.get(path, name)


@pytest.mark.parametrize(("old", "new"), MOVED.items())
def test_a_moved_page_redirects_to_its_new_home_keeping_the_method(client, old, new):
    client.force_login(factories.BureauFactory())
    assert [(r.status_code, r["Location"]) for r in (client.get(old), client.post(old))] == [(307, new), (307, new)]


def test_a_moved_page_keeps_the_query_string(client):
    client.force_login(factories.BureauFactory())
    assert client.get("/reviews/exports/1/?x=1")["Location"] == "/documents/exports/1/?x=1"
