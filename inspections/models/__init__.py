from inspections.models.acceptance import AcceptanceRecord
from inspections.models.plans import DrawPick, InspectionPlan, PlanQuota
from inspections.models.reference import Inspector, ProductClass
from inspections.models.results import ImportJob, SpotCheckResult

__all__ = [
    "AcceptanceRecord",
    "DrawPick",
    "ImportJob",
    "InspectionPlan",
    "Inspector",
    "PlanQuota",
    "ProductClass",
    "SpotCheckResult",
]
