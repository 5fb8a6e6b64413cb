from inspections.models.acceptance import AcceptanceRecord
from inspections.models.plans import DrawPick, InspectionPlan, PlanQuota
from inspections.models.reference import Inspector, ProductClass
from inspections.models.results import SpotCheckResult, SpotCheckTotal

__all__ = [
    "AcceptanceRecord",
    "DrawPick",
    "InspectionPlan",
    "Inspector",
    "PlanQuota",
    "ProductClass",
    "SpotCheckResult",
    "SpotCheckTotal",
]
