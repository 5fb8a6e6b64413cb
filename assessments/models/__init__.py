"""Models of the county quality-work assessment: the scheme and the yearly cycle (report jobs are `core.Job`)."""

from assessments.models.cycle import (
    Assessment,
    Evidence,
    FiledTarget,
    Interview,
    ItemScore,
    VerificationDraw,
)
from assessments.models.scheme import Item, ItemGroup, Scheme

__all__ = [
    "Assessment",
    "Evidence",
    "FiledTarget",
    "Interview",
    "Item",
    "ItemGroup",
    "ItemScore",
    "Scheme",
    "VerificationDraw",
]
