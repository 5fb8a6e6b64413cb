"""Every domain model stands on `core.models.PortalModel`: history, the scoped manager and the scope rule."""

import pytest
from django.apps import apps

from accounts.models import NoticeSent
from core.models import PortalModel, ScopedModel, Snapshot, StatsRun
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule

DOMAIN_APPS = [
    "organizations",
    "accounts",
    "targets",
    "inspections",
    "brands",
    "complaints",
    "assessments",
    "core",
    "surveys",
    "campaigns",
    "plans",
    "foundations",
    "incidents",
    "construction",
    "credit",
]


def domain_models():
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_every_domain_model_is_scoped_and_audited_unless_derived():
    for model in domain_models():
        assert issubclass(model, ScopedModel), model
        assert isinstance(model.objects.all(), ScopedQuerySet), model
        assert isinstance(model.scope_rule, ScopeRule), model
        # Derived rows and logs: snapshots, statistics runs, the record of digests sent.
        derived = issubclass(model, Snapshot) or model in (StatsRun, NoticeSent)
        assert issubclass(model, PortalModel) is not derived, model
        # simple-history registers the model once, under the name every page and test uses.
        assert (getattr(model._meta, "simple_history_manager_attribute", None) == "history") is not derived, (
            model
        )


def test_history_tables_keep_their_names():
    from complaints.models import Complaint
    from organizations.models import Region

    assert Region.history.model._meta.db_table == "organizations_historicalregion"
    assert Complaint.history.model._meta.db_table == "complaints_historicalcomplaint"


def test_excluded_fields_and_many_to_many_history_are_per_model():
    from accounts.models import User
    from brands.models import Expert
    from complaints.models import Complaint
    from inspections.models import SpotCheckResult
    from organizations.models import Enterprise

    def history_fields(model):
        return {f.name for f in model.history.model._meta.fields}

    assert not {"password", "last_login"} & history_fields(User)
    assert not {"received_month", "handled_in_time"} & history_fields(Complaint)
    assert "sampled_month" not in history_fields(SpotCheckResult)
    # A model without exclusions keeps every column, however many others excluded theirs.
    assert {"name_key", "created_at"} <= history_fields(Enterprise)
    assert [f.name for f in Expert.history.model._history_m2m_fields] == ["conflicts"]
    assert Enterprise.history.model._history_m2m_fields == []


def test_a_models_own_manager_and_scope_rule_override_the_base():
    from assessments.models import VerificationDraw
    from organizations.models import Region, RegionQuerySet

    assert isinstance(Region.objects.all(), RegionQuerySet)
    assert Region.scope_rule.reference
    assert VerificationDraw.scope_rule == ScopeRule()


@pytest.mark.django_db
def test_a_save_through_the_base_writes_a_history_row(county):
    county.name = "改名后的县区"
    county.save(update_fields=["name"])
    assert county.history.first().name == "改名后的县区"
