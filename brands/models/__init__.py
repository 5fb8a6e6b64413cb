from brands.models.awards import Award, AwardType, valid_on_q
from brands.models.evaluation import Application, Assignment, Criterion, EvaluationRound, Expert, Score

__all__ = [
    "Application",
    "Assignment",
    "Award",
    "AwardType",
    "Criterion",
    "EvaluationRound",
    "Expert",
    "Score",
    "valid_on_q",
]
