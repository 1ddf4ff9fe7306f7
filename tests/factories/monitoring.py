"""Factories of the monitoring room: funded enterprises, yearly indicator records, indicator tables to import."""

import io

import openpyxl

from monitoring.interfaces.indicator_import import TEMPLATE_HEADERS

from .accounts import BureauFactory
from .projects import ProjectFactory


def funded_project(**kwargs):
    """A project walked to 已批准立项 (funded) through the services."""
    from tests.lifecycle import MAIN_ROAD, walk

    project = ProjectFactory(**kwargs)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("approve") + 1])
    return project


INDICATOR_VALUES = {
    "valid_invention_patents": 70,
    "foreign_invention_applications": 9,
    "foreign_invention_grants": 4,
    "high_value_patents": 12,
    "standards_led": 1,
    "standards_joined": 2,
    "patent_licences": 3,
    "patent_transfers": 1,
    "licence_transfer_income": "150000.00",
    "ip_staff": 6,
    "ip_investment": "2800000.00",
    "certification": "certified",
}


def indicator_record(enterprise, year, by=None, **values):
    from monitoring.services import indicator_record_save

    return indicator_record_save(
        by=by or BureauFactory(), enterprise=enterprise, year=year, values={**INDICATOR_VALUES, **values}
    )


def indicator_row(enterprise, year, **overrides):
    """One row of the import template for ``enterprise`` and ``year`` (the cells in TEMPLATE_HEADERS order)."""
    values = [
        70,
        9,
        4,
        12,
        1,
        2,
        3,
        1,
        "150000.00",
        6,
        "2800000.00",
        "已通过认证",
    ]
    row = dict(zip(TEMPLATE_HEADERS, [enterprise.uscc, enterprise.name, year, *values], strict=True))
    row.update(overrides)
    return row


def indicator_xlsx(rows, headers=TEMPLATE_HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
