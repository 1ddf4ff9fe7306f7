"""The reviews' models: formal review and screening (phases 2–3), the expert pool and assignments, scoring and
the frozen ranking (phase 4)."""

from .experts import AssignmentRun, ExpertAssignment, ExpertProfile
from .formal import DistrictDeadlineExtension, FormalReview
from .ranking import RankingEntry, RankingSnapshot
from .scoring import DEFAULT_CRITERIA, TOTAL_POINTS, Criterion, Score, ScoreSheet, SheetReopening

__all__ = [
    "DEFAULT_CRITERIA",
    "TOTAL_POINTS",
    "AssignmentRun",
    "Criterion",
    "DistrictDeadlineExtension",
    "ExpertAssignment",
    "ExpertProfile",
    "FormalReview",
    "RankingEntry",
    "RankingSnapshot",
    "Score",
    "ScoreSheet",
    "SheetReopening",
]
