"""Parse warnings: what a layout parser could not read with confidence.

They travel with the project as flags of kind `parse_warning`, so an evaluator sees where the
filing itself (or its extraction) is damaged instead of receiving a silent guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scorer.model import Flag, Indicator, Severity


@dataclass(frozen=True)
class WarningRule:
    code: str
    severity: Severity
    title: str
    explanation: str
    suggestion: str


PARSE_WARNINGS: dict[str, WarningRule] = {
    rule.code: rule
    for rule in (
        WarningRule(
            "W102",
            "info",
            "三级指标缺失",
            "A 指标值 was found without the 三级指标 name beside it.",
            "补填三级指标名称。",
        ),
        WarningRule(
            "W103",
            "warning",
            "二级指标名称不规范",
            "A 二级指标 label is not one of the standard names (数量/质量/时效/成本/经济效益/社会效益/"
            "生态效益/可持续影响/服务对象满意度), so its indicators cannot be placed in the hierarchy.",
            "改用标准二级指标名称。",
        ),
        WarningRule(
            "W104",
            "info",
            "二级指标名称被截断",
            "A 二级指标 label was cut short in the filing and was read as the only standard name it begins.",
            "核对原表二级指标名称。",
        ),
        WarningRule(
            "W105",
            "warning",
            "单元格无法归位",
            "A cell of an indicator row could not be placed in any column and was left out.",
            "核对原表该行，确认指标名称与指标值的对应关系。",
        ),
        WarningRule(
            "W106",
            "warning",
            "表格不完整",
            "The table ends without its footer (负责人/填报日期), so rows may be missing.",
            "提供完整的绩效目标表。",
        ),
        WarningRule(
            "W107",
            "error",
            "没有绩效指标",
            "The table has no indicator rows at all.",
            "补填产出、效益、满意度等绩效指标。",
        ),
        WarningRule(
            "W108",
            "warning",
            "资金无法识别",
            "The project's funds (资金总额) are missing or not a number.",
            "补填项目资金总额。",
        ),
        WarningRule(
            "W109",
            "warning",
            "指标值列缺失",
            "A period of the indicator table has no 指标值 column at all, so its values are missing.",
            "该期目标缺少指标值列，请按另一期的指标补填指标值。",
        ),
        WarningRule(
            "W110",
            "info",
            "二级指标按另一期补齐",
            "One period's half printed no 二级 of its own on this row (the cell was lost, overwritten or drifted "
            "to another row) while the other half printed one, at the start of a new 一级 block or beside the "
            "same 三级指标; the halves list the same indicators, so it takes the 二级 printed beside it.",
            "核对原表该行的二级指标。",
        ),
        WarningRule(
            "W112",
            "warning",
            "指标值可能在提取时被截去",
            "The row's cells are shifted right in the extracted text: its 三级 sits in the 指标值 column and "
            "is the last cell of the line, so the value after it was cut off at the table's edge, not left "
            "empty by the filer. No missing-value finding (M101) is raised for such a row.",
            "对照原表核对该行的指标值。",
        ),
        WarningRule(
            "W111",
            "info",
            "未登记的表格格式",
            "No registered layout recognises this filing (generic layout), so its columns were read by the "
            "indicator header row alone; fields outside the header map may be missing.",
            "核对项目名称、资金和指标是否读取完整；常用格式可登记为新的版式。",
        ),
    )
}


@dataclass
class PendingWarning:
    """A warning raised while parsing, before indicator ids exist."""

    code: str
    line: int
    detail: str
    indicator: Indicator | None = None

    def to_flag(self, where: Callable[[int], str] | None = None) -> Flag:
        """The parse_warning flag; its message names where the row is (`where` turns a line into
        a page, sheet or table row for PDF, Excel and Word filings) and what was seen."""
        rule = PARSE_WARNINGS[self.code]
        place = where(self.line) if where else f"第{self.line}行"
        return Flag(
            code=self.code,
            kind="parse_warning",
            severity=rule.severity,
            message=f"{place}：{rule.title}（{self.detail}）",
            suggestion=rule.suggestion,
            indicator=self.indicator.id if self.indicator else None,
        )
