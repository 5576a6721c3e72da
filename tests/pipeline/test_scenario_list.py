"""`make scenarios` (pytest --list-scenarios): every scenario with its requirements, level,
catalogue numbers and needed capabilities, as a table and as JSON, by collection alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.spec import parse_ref
from tests.pipeline._run import harness, make


def collected_count(*args: str) -> int:
    done = harness("scenarios", "--collect-only", "-q", *args)
    found = re.search(r"^(\d+)(?:/\d+)? tests? (?:collected|selected)", done.stdout, re.MULTILINE)
    assert found is not None, done.stdout[-2000:]
    return int(found[1])


def test_make_scenarios_lists_every_collected_scenario(tmp_path: Path) -> None:
    done = make("scenarios", f"REPORTS={tmp_path}")
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads((tmp_path / "scenarios.json").read_text(encoding="utf-8"))
    entries = document["scenarios"]
    assert len(entries) == collected_count()
    assert len({e["nodeid"] for e in entries}) == len(entries)
    for entry in entries:
        assert entry["requirements"], entry
        for ref in entry["requirements"]:
            parse_ref(ref)
        assert entry["level"] in ("MUST", "SHOULD", "MAY"), entry
        assert all(isinstance(n, int) for n in entry["catalogue"]), entry
        assert entry["title"]
        assert entry["kills"], entry  # every scenario kills a defect (the kill matrix)
    table = done.stdout.splitlines()
    header = next(
        i for i, line in enumerate(table) if line.split()[:2] == ["level", "requirements"]
    )
    rows = table[header + 1 : header + 1 + len(entries)]
    assert [row.split()[-1] for row in rows] == [
        e["nodeid"].removeprefix("scenarios/") for e in entries
    ]
    assert f"{len(entries)} scenarios on target mock" in done.stdout


DOT_ENV = {
    "DOT_ISSUER": "http://127.0.0.1:9",
    "DOT_REDIRECT_URI": "http://127.0.0.1/callback",
    "DOT_USERNAME": "someone",
    "DOT_PASSWORD": "not-a-password",
    **{f"DOT_{role}_CLIENT_ID": f"{role.lower()}-id" for role in ("PRIMARY", "SECOND", "PUBLIC")},
    **{f"DOT_{role}_CLIENT_SECRET": "not-a-secret" for role in ("PRIMARY", "SECOND")},
}


def test_the_list_follows_the_selection_and_starts_nothing(tmp_path: Path) -> None:
    out = tmp_path / "list.json"
    # dot has a [launch] server: listing must not start it. The variables its server would
    # announce are given here, pointing at a closed port: nothing may contact it either.
    done = harness(
        "scenarios", "--list-scenarios", f"--list-scenarios-json={out}", "--requirement",
        "RFC7636", "--target=dot", "-n", "2", env=DOT_ENV,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    entries = json.loads(out.read_text(encoding="utf-8"))["scenarios"]
    assert len(entries) == collected_count("--requirement", "RFC7636", "--target=mock")
    assert entries
    assert all(any(r.startswith("RFC7636") for r in e["requirements"]) for e in entries)
    assert "pre-flight" not in done.stdout + done.stderr
    assert "passed" not in done.stdout
    assert "failed" not in done.stdout
