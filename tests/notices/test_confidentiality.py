"""R3: the objector's identity is seen by the bureau only. The enterprise whose application drew two objections (one
dismissed, one upheld) signs in and walks every page it can reach from its home page, following every link; it
reads every message in its inbox and every e-mail it was sent. No name, unit, address, phone or e-mail address of an
objector appears anywhere; nor in the project's timeline or in the audit trail."""

from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core import mail
from django_fsm_log.models import StateLog

from activity.delivery import deliver_email
from activity.models import AuditEvent, Message
from notices import services
from tests import factories
from tests.factories.notices import objection, pdf_upload

pytestmark = pytest.mark.django_db

IDENTITY = [
    "李秘密",
    "苏州保密咨询有限公司",
    "苏州市姑苏区保密路8号",
    "13955556666",
    "mimi@example.com",
    "苏州密探竞争有限公司",
    "赵密探",
    "0512-66661234",
    "苏州市吴中区密探街9号",
]
MAX_PAGES = 400
NEVER_FOLLOW = ("/accounts/logout/", "/admin/", "/static/", "/media/")


def _crawl(client, start="/"):
    seen, queue, pages = set(), deque([start]), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        kind = response.get("Content-Type", "")
        if not kind.startswith(("text/html", "text/csv", "text/plain")):
            continue
        text = response.content.decode("utf-8", "replace")
        pages[url] = text
        for href in _links(text):
            link = urldefrag(href)[0]
            parsed = urlparse(link)
            if parsed.scheme or parsed.netloc or not link.startswith("/") or link.startswith(NEVER_FOLLOW):
                continue
            if link not in seen:
                queue.append(link)
    return pages


def _links(html):
    import re

    return re.findall(r'href="([^"]+)"', html)


@pytest.fixture
def objected(call, bureau, django_capture_on_commit_callbacks):
    notice, (target, _other) = factories.notices.open_today(call, ["苏州被异议科技有限公司", "苏州其他科技有限公司"])
    enterprise_user = factories.EnterpriseUserFactory(enterprise=target.enterprise, email="qiye@example.com")
    entry = notice.entries.get(project=target)
    with django_capture_on_commit_callbacks(execute=True):
        one = objection(notice, entry, email="mimi@example.com")
        two = objection(
            notice,
            entry,
            kind="unit",
            name="苏州密探竞争有限公司",
            contact_person="赵密探",
            phone="0512-66661234",
            address="苏州市吴中区密探街9号",
            sealed_letter=pdf_upload(),
        )
        services.objection_decide(objection=one, by=bureau, decision="dismissed", finding="专利有效，异议不成立。")
        services.objection_decide(
            objection=two, by=bureau, decision="upheld", finding="经核查异议成立。", told_by="letter"
        )
    for pk in Message.objects.filter(email_status=Message.Email.PENDING).values_list("pk", flat=True):
        deliver_email(pk)
    target.refresh_from_db()
    return target, enterprise_user


def test_the_enterprise_sees_no_objector_on_any_page_it_can_reach(client, objected):
    _target, enterprise_user = objected
    client.force_login(enterprise_user)
    pages = _crawl(client)
    assert len(pages) > 5  # the walk reached the home, the project, its timeline, the inbox, the public notice…
    assert any("异议成立" in text for text in pages.values())  # it does see the outcome, only not who
    leaks = {(url, word) for url, text in pages.items() for word in IDENTITY if word in text}
    assert leaks == set()


def test_no_message_or_email_to_the_enterprise_names_an_objector(objected):
    _target, enterprise_user = objected
    inbox = list(Message.objects.filter(recipient=enterprise_user))
    assert len(inbox) >= 2  # the objection received and the outcome, at least
    texts = [m.subject + m.body for m in inbox]
    sent = [m.subject + m.body for m in mail.outbox if "qiye@example.com" in m.to]
    assert len(sent) >= 1
    assert [w for t in texts + sent for w in IDENTITY if w in t] == []


def test_the_timeline_and_the_audit_trail_name_no_objector(objected):
    target, _ = objected
    descriptions = list(StateLog.objects.for_(target).values_list("description", flat=True))
    audit = list(AuditEvent.objects.values_list("detail", "target_repr"))
    assert [w for d in descriptions for w in IDENTITY if w in (d or "")] == []
    assert [w for row in audit for w in IDENTITY for part in row if w in part] == []


def test_the_objector_hears_the_outcome_by_email_without_the_enterprise_seeing_it(objected):
    _target, _enterprise_user = objected
    to_objector = [m for m in mail.outbox if m.to == ["mimi@example.com"]]
    assert [("异议不成立" in m.body) for m in to_objector] == [True]
