"""Models of the county quality-work assessment: the scheme, the yearly cycle, and report jobs."""

from assessments.models.cycle import Assessment, Evidence, ItemScore, VerificationDraw
from assessments.models.reports import ReportJob
from assessments.models.scheme import Item, ItemGroup, Scheme

__all__ = [
    "Assessment",
    "Evidence",
    "Item",
    "ItemGroup",
    "ItemScore",
    "ReportJob",
    "Scheme",
    "VerificationDraw",
]
