"""The scheduled pipeline (.github/workflows/conformance.yml) is a valid GitHub workflow (the
SchemaStore schema that check-jsonschema vendors) and does what the README says it does."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.pipeline._run import REPO

WORKFLOW = REPO / ".github" / "workflows" / "conformance.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    loaded = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))  # YAML 1.2: `on` stays
    assert isinstance(loaded, dict)
    return loaded


def github_workflow_schema() -> dict[str, Any]:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor") / "github-workflows.json"
    schema = json.loads(vendored.read_text(encoding="utf-8"))
    assert isinstance(schema, dict)
    return schema


def test_the_workflow_is_valid_against_the_github_workflow_schema(
    workflow: dict[str, Any],
) -> None:
    schema = github_workflow_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(workflow)]
    assert problems == []


def test_a_broken_workflow_is_caught_by_the_same_check(workflow: dict[str, Any]) -> None:
    schema = github_workflow_schema()
    broken = {**workflow, "jobs": {"mock": {"steps": [{"run": "make conformance"}]}}}  # no runs-on
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


def runs(job: dict[str, Any]) -> list[str]:
    return [str(step.get("run", "")) for step in job["steps"]]


def step_running(job: dict[str, Any], command: str) -> dict[str, Any]:
    found = [step for step in job["steps"] if command in str(step.get("run", ""))]
    assert found, f"no step runs {command!r}"
    return found[0]


def test_it_runs_nightly_and_on_demand(workflow: dict[str, Any]) -> None:
    triggers = workflow["on"]
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers


@pytest.mark.parametrize("name", ["mock", "taskade"])
def test_each_job_installs_runs_reports_and_uploads_through_make(
    workflow: dict[str, Any], name: str
) -> None:
    job = workflow["jobs"][name]
    assert any(r.strip() == "make setup" for r in runs(job))
    step_running(job, "make conformance")
    report = step_running(job, "make report")
    assert report["if"] == "always()"
    assert "ALLURE_HISTORY=" in report["run"]
    uploads = [
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")
    ]
    assert uploads
    assert all(s["if"] == "always()" for s in uploads)
    paths = "\n".join(str(s["with"]["path"]) for s in uploads)
    for kept in ("reports/junit.xml", "reports/summary.md", "reports/summary.json",
                 "reports/allure-report/", "reports/allure-report/history/"):  # fmt: skip
        assert kept in paths, kept
    history = [s for s in job["steps"] if "gh run download" in str(s.get("run", ""))]
    assert history
    assert history[0]["continue-on-error"] is True
    assert any(s.get("uses", "").startswith("actions/setup-java") for s in job["steps"])


def test_the_mock_job_is_strict(workflow: dict[str, Any]) -> None:
    job = workflow["jobs"]["mock"]
    assert job["env"]["STRICT"] == "1"
    assert job["env"]["TARGET"] == "mock"


def test_the_live_job_runs_only_when_its_secrets_are_present(workflow: dict[str, Any]) -> None:
    gate = workflow["jobs"]["secrets"]
    check = gate["steps"][0]
    assert set(check["env"]) >= {"TASKADE_CLIENT_ID", "TASKADE_CLIENT_SECRET", "TASKADE_PASSWORD"}
    assert all(v.startswith("${{ secrets.") for v in check["env"].values())
    job = workflow["jobs"]["taskade"]
    assert job["needs"] == "secrets"
    assert job["if"] == "needs.secrets.outputs.taskade == 'true'"
    assert job["env"]["TARGET"] == "taskade"
    taskade_file = (REPO / "fixtures" / "targets" / "taskade.toml").read_text(encoding="utf-8")
    for variable in ("TASKADE_CLIENT_ID", "TASKADE_CLIENT_SECRET", "TASKADE_REDIRECT_URI",
                     "TASKADE_EMAIL", "TASKADE_PASSWORD", "TASKADE_TOTP_SECRET"):  # fmt: skip
        assert "${" + variable in taskade_file
        # Only the step that runs the harness sees the live secrets: not installs, not uploads.
        assert step_running(job, "make conformance")["env"][variable] == (
            "${{ secrets." + variable + " }}"
        )
        assert variable not in job.get("env", {})
        assert all(
            variable not in step.get("env", {})
            for step in job["steps"]
            if "make conformance" not in step.get("run", "")
        )


@pytest.mark.parametrize("name", ["mock", "taskade"])
def test_the_job_fails_only_on_new_findings_or_when_the_harness_could_not_run(
    workflow: dict[str, Any], name: str
) -> None:
    job = workflow["jobs"][name]
    conformance = step_running(job, "make conformance")
    assert "set +e" in conformance["run"]  # the verdict step decides, after the reports
    assert "reports/exit-code" in conformance["run"]
    verdict = job["steps"][-1]
    assert verdict["if"] == "always()"
    assert "0) echo" in verdict["run"]  # 0: conforming or only expected findings
    assert "1) echo" in verdict["run"]
    assert "exit 1" in verdict["run"]
