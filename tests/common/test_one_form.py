"""Issue 9.15: dates read 2026年3月5日 and money 1,000,000.00元 on every page, in one form (no 2023-05-10, no
2027年02月15日, no bare 1,000,000.00)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Tranche
from funding.services import disbursement_record
from tests import factories
from tests.lifecycle import road_to, walk

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
PADDED = re.compile(r"\d{4}年0\d月|月0\d日")
BARE_MONEY = re.compile(r"\b\d{1,3}(?:,\d{3})+\.\d\d(?!元)")


def _text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<(input|textarea|select|option)\b[^>]*>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def funded(call):
    project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(founded_on="2010-05-01"))
    actors = walk(project, road_to("submit_midterm_report"))
    tranche = Tranche.objects.get(project=project)
    finance = factories.FinanceFactory()
    disbursement_record(tranche=tranche, by=finance, amount="300000", paid_on=timezone.localdate(), voucher_number="V1")
    return project, actors


def _pages(project):
    return [
        reverse("home"),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:snapshot", args=[project.pk]),
        reverse("projects:application", args=[project.pk, "basic"]),
        reverse("projects:application", args=[project.pk, "budget"]),
        reverse("funding:list"),
        reverse("funding:ledger", args=[project.pk]),
        reverse("funding:task_letter", args=[project.pk]),
    ]


@pytest.mark.parametrize("who", ["bureau", "district", "enterprise"])
def test_every_date_and_amount_on_the_main_pages_reads_one_way(client, funded, who):
    project, actors = funded
    client.force_login(getattr(actors, who))
    for path in _pages(project):
        text = _text(client.get(path).content.decode())
        assert (path, ISO_DATE.findall(text), PADDED.findall(text), BARE_MONEY.findall(text)) == (path, [], [], [])


def test_the_finance_home_reads_one_way(client, funded):
    client.force_login(factories.FinanceFactory())
    for path in (reverse("home"), reverse("funding:list"), reverse("funding:ledger", args=[funded[0].pk])):
        text = _text(client.get(path).content.decode())
        assert (path, ISO_DATE.findall(text), PADDED.findall(text), BARE_MONEY.findall(text)) == (path, [], [], [])
