import datetime as dt

import factory

from brands.models import Award, AwardType, EvaluationRound, Expert
from tests.factories import EnterpriseFactory


class AwardFactory(factory.django.DjangoModelFactory):
    """An award saved as the model is (tests of services build theirs through the services)."""

    class Meta:
        model = Award

    award_type = factory.LazyFunction(lambda: AwardType.objects.get(code="liaoning_brand"))
    enterprise = factory.SubFactory(EnterpriseFactory)
    product = factory.LazyAttribute(lambda o: "蟹田大米" if o.award_type.for_products else "")
    year = 2015
    valid_from = factory.LazyAttribute(lambda o: dt.date(o.year, 6, 1))
    valid_until = factory.LazyAttribute(lambda o: o.award_type.default_valid_until(o.valid_from))


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    organisation = "辽宁省质量协会"


def round_data(year: int = 2016, **extra) -> EvaluationRound:
    values = {
        "title": f"{year}年度盘锦市市长质量奖",
        "quota": 2,
        "applications_open": dt.date(year, 3, 1),
        "applications_close": dt.date(year, 4, 30),
        "scoring_due": dt.date(year, 6, 30),
        "announce_on": dt.date(year, 9, 1),
    }
    return EvaluationRound(year=year, **{**values, **extra})
