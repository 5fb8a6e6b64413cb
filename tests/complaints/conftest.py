import pytest

from tests.complaints.factories import ComplaintFactory


@pytest.fixture
def zjj(reference):
    from organizations.models import Department

    return Department.objects.get(code="zjj")


@pytest.fixture
def hotline_user(zjj):
    """A 质监局 (12365's accepting unit) user: handles 12365 complaints until they are assigned elsewhere."""
    from accounts.choices import Role
    from tests.conftest import make_user

    return make_user("t-dept-zjj", Role.DEPARTMENT, department=zjj)


@pytest.fixture
def complaint(reference):
    return ComplaintFactory()


@pytest.fixture
def complaint_factory(reference):
    return ComplaintFactory
