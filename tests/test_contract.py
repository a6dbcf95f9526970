"""The scorer/v1 JSON contract: keys, order and types other tools rely on."""

from __future__ import annotations

import json

from conftest import SEEDS
from typer.testing import CliRunner

from scorer.cli import app
from scorer.report.json_report import contract

CONTRACT_PROJECT_KEYS = [
    "id",
    "name",
    "department",
    "implementer",
    "funds",
    "goals",
    "source_lines",
    "indicators",
    "flags",
    "score",
    "grade",
]
INDICATOR_KEYS = ["id", "period", "level1", "level2", "level3", "value", "parsed", "source_line"]
FLAG_KEYS = ["code", "kind", "severity", "indicator", "message", "suggestion"]
FLAG_KINDS = {
    "vague",
    "unit_mismatch",
    "missing_quantity",
    "misplaced",
    "funds_mismatch",
    "stale_year",
    "period_mismatch",
    "duplicate",
    "weights",
    "parse_warning",
}


def test_json_contract_shape(seed_docs):
    data = contract(seed_docs.values())
    assert list(data) == ["schema", "documents", "duplicates"]
    assert data["schema"] == "scorer/v1"
    for document in data["documents"]:
        assert list(document) == ["path", "layout", "budget_year", "error", "projects"]
        for project in document["projects"]:
            assert list(project)[: len(CONTRACT_PROJECT_KEYS)] == CONTRACT_PROJECT_KEYS
            assert set(project["funds"]) == {"total", "annual"}
            assert set(project["goals"]) == {"total", "annual"}
            assert project["id"].startswith("d")
            for indicator in project["indicators"]:
                assert list(indicator) == INDICATOR_KEYS
                assert indicator["period"] in {"annual", "total"}
                assert indicator["id"].startswith(project["id"] + "-i")
            ids = {i["id"] for i in project["indicators"]}
            for flag in project["flags"]:
                assert list(flag) == FLAG_KEYS
                assert flag["kind"] in FLAG_KINDS
                assert flag["indicator"] is None or flag["indicator"] in ids


def test_cli_writes_the_contract(tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["score", str(SEEDS["000"]), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    document = data["documents"][0]
    assert document["layout"] == "shanxi-county" and document["budget_year"] == 2025
    project = next(p for p in document["projects"] if p["name"] == "残保金")
    assert project["funds"] == {"total": 35000.0, "annual": 35000.0}
    assert project["source_lines"] == [629, 659]
    first = project["indicators"][0]
    assert {k: first[k] for k in ("period", "level1", "level2", "level3", "value", "source_line")} == {
        "period": "total",
        "level1": "产出指标",
        "level2": "数量指标",
        "level3": "已安排残疾人人数",
        "value": "0人",
        "source_line": 650,
    }
