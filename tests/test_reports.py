"""Reports and configuration as an evaluator uses them: rules, CSV, terminal, --config."""

from __future__ import annotations

import pandas as pd
from conftest import SEEDS
from typer.testing import CliRunner

from scorer.cli import app
from scorer.config import load_config
from scorer.pipeline import score_files
from scorer.scoring import grade_of, score_project

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_rules_lists_and_explains():
    listing = runner.invoke(app, ["rules"], env=WIDE)
    assert listing.exit_code == 0
    for code in ("V101", "U101", "M101", "C101", "F101", "Y101", "P101", "W103"):
        assert code in listing.output
    one = runner.invoke(app, ["rules", "u101"], env=WIDE)
    assert one.exit_code == 0
    assert "U101 复合计量单位写法错误" in one.output and "≤180人/天/元" in one.output
    assert runner.invoke(app, ["rules", "X999"]).exit_code == 2


def test_csv_has_one_row_per_project_and_per_flag(tmp_path):
    target = tmp_path / "run.csv"
    result = runner.invoke(app, ["score", str(SEEDS["004"]), "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    projects = pd.read_csv(tmp_path / "run-projects.csv", encoding="utf-8-sig")
    flags = pd.read_csv(tmp_path / "run-flags.csv", encoding="utf-8-sig")
    assert list(projects["name"]) == [
        "公益性岗位人员岗位补贴",
        "就业困难人员社会保险补贴",
        "“三支一扶”人员补助资金",
        "实习见习人员就业补助资金",
        "就业经办机构管理服务能力提升工作经费",
    ]
    documents = score_files([SEEDS["004"]])
    assert len(flags) == sum(len(p.flags) for p in documents[0].projects)
    row = flags[flags["code"] == "V101"].iloc[0]
    assert row["level3"] == "因就业问题发生重大群体性事件数量" and row["value"] == "减少"
    assert row["source_line"] == 18


def test_terminal_report_lists_findings_worst_first():
    result = runner.invoke(app, ["score", str(SEEDS["002"])], env=WIDE)
    assert result.exit_code == 0
    out = result.output
    assert out.index("招聘全业务费") < out.index("大学生就业失业实名制登记业务费")
    assert "W109 第890行：指标值列缺失（表头缺少指标值列）" in out  # once for the table, not per row
    assert "建议：该期目标缺少指标值列，请按另一期的指标补填指标值。" in out
    assert "M101 年度目标缺少指标值列，数量指标“支付足额率”没有指标值（实施期为“100%”）。" in out


def test_config_overrides_weights(tmp_path):
    documents = score_files([SEEDS["002"]])
    project = next(p for p in documents[0].projects if p.name == "本级公益性岗位2026年补贴保险")
    default_score, _, reasons = score_project(project, load_config())
    assert reasons and reasons[0].points > 0
    strict = tmp_path / "strict.toml"
    strict.write_text("[score.indicator_weight]\nwarning = 1.0\n", encoding="utf-8")
    stricter, _, _ = score_project(project, load_config(strict))
    assert stricter < default_score
    assert load_config(strict)["score"]["indicator_weight"]["error"] == 1.0  # untouched keys keep defaults


def test_grade_bands():
    config = load_config()
    assert [grade_of(s, config) for s in (100, 90, 89.9, 80, 60, 59.9, 0)] == ["A", "A", "B", "B", "C", "D", "D"]


def test_score_is_not_driven_by_list_length():
    """Doubling a table (every row and its flags twice) leaves its score unchanged; clean tables score 100."""
    import copy
    from dataclasses import replace

    config = load_config()
    documents = score_files([SEEDS["004"]])
    project = documents[0].projects[0]
    score, _, _ = score_project(project, config)
    assert score < 100
    doubled = copy.deepcopy(project)
    extra = []
    for indicator in project.indicators:
        twin = copy.deepcopy(indicator)
        twin.id = indicator.id + "-twin"
        extra.append(twin)
    doubled.indicators = project.indicators + extra
    doubled.flags = project.flags + [
        replace(f, indicator=f.indicator + "-twin") for f in project.flags if f.indicator is not None
    ]
    assert score_project(doubled, config)[0] == score
    clean = score_files([SEEDS["001"]])[0]
    nursing = next(p for p in clean.projects if p.name == "护理护工培训及就业专项资金")
    # its one weakness is advice (V106: the economic benefit ≤10亿元 is written as a cap)
    assert {f.code for f in nursing.flags if f.kind != "parse_warning"} == {"V106"}
    assert nursing.score == 99.0
