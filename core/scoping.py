"""How a model ties its rows to the policy: the paths to its region, department and owner.

Models declare a `scope_rule`; what each role may do with those paths is decided in
`accounts.policy`, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class ScopeRule:
    # Lookup paths from the model to a Region, a Department and a User (e.g. "region", "assigned_to__department").
    region: str | None = None
    department: str | None = None
    owner: str | None = None
    # Every signed-in user may view the rows (reference data, the enterprise register); changes follow the rest.
    reference: bool = False
    # Rows anyone signed in may view (announced results, city-wide figures); a non-empty Q.
    public: Callable[[], Q] | None = None
    # Whether county / department staff may change rows in their scope (they may always view them).
    county_change: bool = False
    department_change: bool = False
    # The path a county changes rows by, when it differs from the one it views them by (a complaint seen by
    # its region, handled by the county it is assigned to).
    region_change: str | None = None
    # Roles that view and change every row; leaders view everything and change nothing by default.
    view_all: frozenset[str] = field(default_factory=lambda: frozenset({"office", "leader", "admin"}))
    change_all: frozenset[str] = field(default_factory=lambda: frozenset({"office", "admin"}))
    # Set when a path crosses a many-to-many relation, so rows are not repeated.
    distinct: bool = False
