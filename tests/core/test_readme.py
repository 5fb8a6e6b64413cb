"""The README's two commands exist and do what it says (CI runs `make test` itself on a fresh clone)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_opens_with_make_run_and_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert [line.split()[:2] for line in first_block.strip().splitlines()] == [
        ["make", "run"],
        ["make", "test"],
    ]


def test_make_run_sets_up_migrates_seeds_loads_demo_and_serves_on_8000():
    plan = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    steps = [
        "pip install",
        "manage.py migrate",
        "manage.py seed_reference",
        "manage.py load_demo",
        "runserver 127.0.0.1:8000",
    ]
    positions = [plan.find(step) for step in steps]
    assert -1 not in positions, plan
    assert positions == sorted(positions)


def test_make_test_lints_type_checks_then_runs_pytest_on_every_core():
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert -1 < plan.find("ruff check") < plan.find("mypy") < plan.find("pytest -n auto")


def test_ci_script_starts_services_and_runs_make_test_with_services_required():
    script = (ROOT / ".ci" / "run").read_text()
    for needle in [
        "pg_ctlcluster --skip-systemctl-redirect",
        "redis-server --daemonize yes",
        "REQUIRE_SERVICES=1",
        "make test",
    ]:
        assert needle in script


def test_frontend_assets_are_pinned_and_never_from_a_cdn():
    import json

    deps = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert {"bootstrap", "echarts", "htmx.org"} <= set(deps)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in deps.values())
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"https?://", text), template


def test_make_setup_installs_the_hashed_lock_then_the_project_without_dependencies():
    plan = subprocess.run(
        ["make", "-n", "-W", "requirements.lock", "setup"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    locked = plan.find("pip install --quiet --require-hashes -r requirements.lock")
    project = plan.find("pip install --quiet --no-deps -e .")
    assert -1 < locked < project, plan


def test_the_lock_pins_every_requirement_of_pyproject_at_its_version_with_hashes():
    """A requirement added to pyproject.toml without `make lock` fails here, not on a fresh clone."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    lock = (ROOT / "requirements.lock").read_text()
    # name==version, its markers and hashes, up to the next pin.
    entries = re.findall(r"^([a-z0-9-]+)==([^\s;]+)(.*?)(?=^[a-z0-9-]+==|\Z)", lock, re.M | re.S)
    pins = {name: version for name, version, _ in entries}
    for requirement in wanted:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]+\])?==(\S+)", requirement).groups()
        assert pins.get(re.sub(r"[-_.]+", "-", name).lower()) == version, requirement
    assert all("--hash=sha256:" in rest for _, _, rest in entries)


def test_readme_names_only_files_a_clone_has():
    """No link out of the repository (a clone has no ../shared); every docs/ file it names is there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme
    named = re.findall(r"`(docs/[^`\s]+)`", readme)
    assert named
    for path in named:
        assert (ROOT / path).is_file(), path
