"""factory_boy factories, one module per app; everything is also importable from ``tests.factories``."""

from .accounts import (
    PASSWORD,
    BureauFactory,
    DistrictOfficialFactory,
    EnterpriseUserFactory,
    ExpertFactory,
    FinanceFactory,
    UserFactory,
)
from .directory import EnterpriseFactory, district, industry, valid_uscc
from .funding import one_of_each_ledger_row, pdf_upload, under_way
from .notices import on_draft_notice, published, with_notice_settings
from .projects import MINIMAL_PDF, AnnualCallFactory, ProjectFactory, complete_application
from .reviews import (
    ExpertAssignmentFactory,
    ExpertProfileFactory,
    in_review,
    one_of_each_review_row,
    pool_expert,
    submit_sheet,
)

__all__ = [
    "MINIMAL_PDF",
    "PASSWORD",
    "AnnualCallFactory",
    "BureauFactory",
    "DistrictOfficialFactory",
    "EnterpriseFactory",
    "EnterpriseUserFactory",
    "ExpertAssignmentFactory",
    "ExpertFactory",
    "ExpertProfileFactory",
    "FinanceFactory",
    "ProjectFactory",
    "UserFactory",
    "complete_application",
    "district",
    "in_review",
    "industry",
    "on_draft_notice",
    "one_of_each_ledger_row",
    "one_of_each_review_row",
    "pdf_upload",
    "pool_expert",
    "published",
    "submit_sheet",
    "under_way",
    "valid_uscc",
    "with_notice_settings",
]
