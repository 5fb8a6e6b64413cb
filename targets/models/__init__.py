from targets.models.attainment import Attainment
from targets.models.indicators import Indicator, Target
from targets.models.measurements import Judgement, Measurement, PeriodClosure, Submission
from targets.models.tasks import KeyTask, TaskAttachment, TaskReport

__all__ = [
    "Attainment",
    "Indicator",
    "Judgement",
    "KeyTask",
    "Measurement",
    "PeriodClosure",
    "Submission",
    "Target",
    "TaskAttachment",
    "TaskReport",
]
