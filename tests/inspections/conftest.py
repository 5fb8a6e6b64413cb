import pytest

from inspections.models import ProductClass


@pytest.fixture
def food(reference):
    return ProductClass.objects.get(code="food")


@pytest.fixture
def syj_user(reference):
    """A 食药监局 user: the unit responsible for food checks."""
    from accounts.choices import Role
    from organizations.models import Department
    from tests.conftest import make_user

    return make_user("t-syj", Role.DEPARTMENT, department=Department.objects.get(code="syj"))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a request queues after commit (the import task, eager in tests), as production would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
