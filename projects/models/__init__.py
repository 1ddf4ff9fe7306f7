from .application import (
    Application,
    Attachment,
    BudgetLine,
    Milestone,
    Partner,
    Patent,
    Snapshot,
    Standard,
    TargetIndicator,
)
from .call import AnnualCall
from .project import Project

__all__ = [
    "AnnualCall",
    "Application",
    "Attachment",
    "BudgetLine",
    "Milestone",
    "Partner",
    "Patent",
    "Project",
    "Snapshot",
    "Standard",
    "TargetIndicator",
]
