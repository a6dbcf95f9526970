"""Near-duplicate projects: the same spending submitted twice, renamed, split or re-filed.

Two stages. Candidate generation must stay far below all pairs at a province's scale, so it
uses two cheap sources: names alike by rapidfuzz ratio, compared within blocks of shared name
segments once a batch is large (`scorer.blocking`), and an exact signature of the annual
indicator rows (copies of one table share it whatever their names). Each candidate pair is
then judged on the whole project — name, indicator content, goal text, funds, implementer —
because names mislead both ways: 零工市场营运经费 twice can be two different purchases, while
招聘全业务费 and 零工市场日常运行费 can fund the same fairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from scorer.blocking import name_candidates
from scorer.checks.registry import RULES, rule
from scorer.model import Document, Flag, Project
from scorer.normalize import fold_width

_YEAR = re.compile(r"20\d{2}\s*年?度?")
_PERIOD = re.compile(r"(上半年|下半年|[一二三四1-4]季度|第[一二三四1-4]季度|第[一二三四1-4]批|[一二三四1-4]期)")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_PUNCT = re.compile(r"[\s,，.。、;；:：\"“”'‘’·\-—_/]+")


def name_key(name: str) -> str:
    """The part of a name that identifies the spending: no years, periods, brackets or punctuation."""
    text = fold_width(name)
    text = _BRACKETS.sub("", text)
    text = _YEAR.sub("", text)
    text = _PERIOD.sub("", text)
    return _PUNCT.sub("", text)


def _clean(level3: str) -> str:
    return _PUNCT.sub("", _BRACKETS.sub("", fold_width(level3)))


def _period_marks(name: str) -> set[str]:
    return set(_PERIOD.findall(fold_width(name)))


@dataclass(frozen=True)
class Entry:
    """A project in a batch, addressed by its id, with what matching needs precomputed."""

    id: str
    name: str
    key: str
    doc_path: str
    project: Project
    rows: frozenset[str]
    names: frozenset[str]


@dataclass(frozen=True)
class Pair:
    a: Entry
    b: Entry
    similarity: float
    kind: str
    reason: str
    lead: str = ""  # what the pair looks like (疑为同一项目重复申报), for a message naming the other table
    evidence: str = ""  # 三级指标重合100%，指标值一致86%，…

    def contract(self) -> dict[str, object]:
        return {
            "a": self.a.id,
            "b": self.b.id,
            "a_name": self.a.name,
            "b_name": self.b.name,
            "similarity": round(self.similarity, 3),
            "kind": self.kind,
            "reason": self.reason,
        }


def entry_of(project: Project, doc_path: str) -> Entry:
    """What matching needs of one project, computed once (its annual rows, or all rows if none are annual)."""
    annual = [i for i in project.indicators if i.period == "annual"] or project.indicators
    return Entry(
        id=project.id,
        name=project.name,
        key=name_key(project.name),
        doc_path=doc_path,
        project=project,
        rows=frozenset(f"{_clean(i.level3)}={i.value}" for i in annual if i.level3 or i.value),
        names=frozenset(_clean(i.level3) for i in annual if i.level3),
    )


def takes_part(project: Project) -> bool:
    """Department-wide tables and nameless tables are never duplicate candidates."""
    return project.scope == "project" and bool(project.name)


def entries(documents: Iterable[Document]) -> list[Entry]:
    return [entry_of(p, d.path) for d in documents for p in d.projects if takes_part(p)]


def _content_candidates(items: Sequence[Entry]) -> set[tuple[int, int]]:
    """Pairs with identical annual rows: copies of one table under any name."""
    by_rows: dict[frozenset[str], list[int]] = defaultdict(list)
    for index, entry in enumerate(items):
        if len(entry.rows) >= 3:
            by_rows[entry.rows].append(index)
    pairs = set()
    for members in by_rows.values():
        for i, first in enumerate(members):
            pairs.update((first, other) for other in members[i + 1 :])
    return pairs


@lru_cache(maxsize=1 << 18)
def _same_name(x: str, y: str) -> float:
    """1 for equal names or one cut short from the other (narrow PDF columns), else fuzzy ratio.

    Cached: the same 三级 names meet again in pair after pair of a large batch.
    """
    if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
        return 1.0
    return fuzz.ratio(x, y) / 100


def _soft_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Symmetric mean of each item's best match on the other side (1 = same rows, 0 = none alike).

    Sums run in sorted order: a set's order changes with each process's string hashing, and a
    float sum in another order can land on the other side of a rounding or a threshold.
    """
    if not a or not b:
        return 0.0
    forward = sum(max(_same_name(x, y) for y in b) for x in sorted(a)) / len(a)
    backward = sum(max(_same_name(y, x) for x in a) for y in sorted(b)) / len(b)
    return (forward + backward) / 2


def _row_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Rows agree when their names match (allowing truncation) and their values are equal."""
    if not a or not b:
        return 0.0
    split_a = [r.rsplit("=", 1) for r in sorted(a)]  # sorted: the same sum in every process
    split_b = [r.rsplit("=", 1) for r in sorted(b)]

    def best(name: str, value: str, other: list[list[str]]) -> float:
        return max((_same_name(name, n) if value == v else 0.0) for n, v in other)

    forward = sum(best(n, v, split_b) for n, v in split_a) / len(a)
    backward = sum(best(n, v, split_a) for n, v in split_b) / len(b)
    return (forward + backward) / 2


def _funds_similarity(a: Project, b: Project) -> float:
    x, y = a.funds.annual, b.funds.annual
    if not x or not y:
        return 0.0
    return 1.0 if abs(x - y) <= 1.0 else min(x, y) / max(x, y)


def _start(project: Project) -> str:
    """Where a table starts: 第N行 in a text filing, the page/sheet row in PDF, Excel or Word."""
    return project.location[0] if project.location else f"第{project.source_lines[0]}行"


def _where(entry: Entry) -> str:
    """How an evaluator finds the other table: its name and where its table starts."""
    return f"{_start(entry.project)}起的“{entry.name}”表"


def _implementers(a: Entry, b: Entry) -> str:
    """Which table lacks the 实施单位, or the two units when both are filled."""
    if not a.project.implementer or not b.project.implementer:
        blank = a if not a.project.implementer else b
        return f"{_start(blank.project)}起的表未填实施单位"
    return f"实施单位不同（{a.project.implementer}、{b.project.implementer}）"


def _yuan(amount: float | None) -> str:
    return "—" if amount is None else f"{amount:,.0f}元"


@dataclass(frozen=True)
class Settings:
    """Thresholds (config [duplicates])."""

    name_ratio: float = 0.8  # names this alike (rapidfuzz ratio, 0–1) are judged as a pair
    threshold: float = 0.8
    min_content: float = 0.5


def judge(a: Entry, b: Entry, settings: Settings) -> Pair | None:
    """Decide from the whole project whether two projects are the same spending."""
    name = max(fuzz.ratio(a.key, b.key), fuzz.partial_ratio(a.key, b.key) * 0.9) / 100
    rows = _row_overlap(a.rows, b.rows)
    names = _soft_overlap(a.names, b.names)
    content = 0.6 * names + 0.4 * rows
    goal = fuzz.ratio((a.project.goal_annual or "")[:200], (b.project.goal_annual or "")[:200]) / 100
    funds = _funds_similarity(a.project, b.project)
    same_unit = 1.0 if a.project.implementer and a.project.implementer == b.project.implementer else 0.0
    similarity = 0.3 * name + 0.45 * content + 0.05 * goal + 0.1 * funds + 0.1 * same_unit
    if content < settings.min_content or similarity < settings.threshold:
        return None
    place = "同一文件" if a.doc_path == b.doc_path else "不同文件"
    evidence = [f"三级指标重合{names:.0%}", f"指标值一致{rows:.0%}"]
    if funds == 1.0:
        evidence.append(f"年度资金同为{_yuan(a.project.funds.annual)}")
    else:
        evidence.append(f"年度资金{_yuan(a.project.funds.annual)}与{_yuan(b.project.funds.annual)}")
    if a.project.stamp and a.project.stamp == b.project.stamp:
        evidence.append(f"填报日期同为{a.project.stamp}")
    marks_a, marks_b = _period_marks(a.name), _period_marks(b.name)
    if a.key == b.key and marks_a != marks_b and (marks_a or marks_b):
        kind = "split_period"
        lead = "名称只差期间，疑为同一项目拆分申报"
    elif name >= 0.6:
        kind = "same_project"
        lead = "疑为同一项目重复申报" if a.key == b.key or name >= 0.9 else "名称相近、内容一致，疑为同一项目"
    else:
        kind = "same_content_different_name"
        lead = "名称不同但内容一致，疑为同一支出换名申报"
    if a.name == b.name:
        names = f"两张“{a.name}”表（{_start(a.project)}、{_start(b.project)}起）"
    else:
        names = f"“{a.name}”与“{b.name}”"
    if a.project.implementer != b.project.implementer:
        evidence.append(_implementers(a, b))
    reason = f"{place}的{names}{lead}：" + "，".join(evidence) + "。"
    return Pair(a, b, similarity, kind, reason, lead, "，".join(evidence))


def find_duplicates(documents: Sequence[Document], settings: Settings | None = None) -> list[Pair]:
    """All near-duplicate pairs within and across the documents of a batch."""
    return find_pairs(entries(documents), settings)


def find_pairs(items: Sequence[Entry], settings: Settings | None = None) -> list[Pair]:
    """Near-duplicate pairs among prepared entries (a stored batch builds these without whole documents)."""
    settings = settings or Settings()
    keys = [e.key for e in items]
    candidates = name_candidates(keys, settings.name_ratio * 100) | _content_candidates(items)
    pairs = [p for i, j in sorted(candidates) if (p := judge(items[i], items[j], settings))]
    return sorted(pairs, key=lambda p: (-p.similarity, p.a.id, p.b.id))


@rule("D101", "duplicate", "warning", "疑似重复项目", scope="batch")
def duplicate_flags(pairs: Iterable[Pair]) -> dict[str, list[Flag]]:
    """检查什么：同一文件或同一批文件中，两个项目名称相近或内容一致，疑为同一支出重复申报、拆分申报或换名申报。
    为什么：重复申报会使同一支出获得两次预算；判断时看整个项目（三级指标与指标值、资金、实施单位、总体目标），
    名称相同而采购内容不同的项目不报告。
    示例：“2025年招聘会工作经费”与“招聘会工作经费”项目概况、总体目标和指标相同；同一张“业务工作经费”表提交了十次。
    建议写法：核实是否为同一支出，重复的合并或撤回，分期申报的说明各期内容。
    依据：财预〔2015〕88号（相关性、适当性审核）。"""
    partners: dict[str, list[tuple[Entry, Pair]]] = defaultdict(list)
    for pair in pairs:
        partners[pair.a.id].append((pair.b, pair))
        partners[pair.b.id].append((pair.a, pair))
    lead_of = _group_leads(partners)
    rule_ = RULES["D101"]
    flags = {}
    for project_id, others in partners.items():
        lead, group = lead_of[project_id]
        if len(group) >= _GROUP_STATED_ONCE and lead.id != project_id:
            message = f"与{_where(lead)}等另外{len(group) - 1}张表疑似重复，证据和全部表的位置见该表的意见。"
            suggestion = f"与{_start(lead.project)}起的表一并核实；如为同一支出，撤回本表。"
        else:
            # the lead names every table of its group, also copies of copies it was not paired with itself
            rest = [entry for entry in group if entry.id != project_id] if len(group) >= _GROUP_STATED_ONCE else None
            message, suggestion = _duplicate_message(others, rest), _duplicate_suggestion(others)
        flags[project_id] = [
            Flag(code=rule_.code, kind=rule_.kind, severity=rule_.severity, message=message, suggestion=suggestion)
        ]
    return flags


# a group of this many copies is stated in full once, on its first table: an 审核意见 naming ten
# copies ten times says one thing ten times
_GROUP_STATED_ONCE = 3


def _position(entry: Entry) -> tuple[int, ...]:
    """Batch order of a project id (d0-p12 → (0, 12)): the first table of a group is the one read first."""
    return tuple(int(part[1:]) for part in entry.id.split("-") if part[1:].isdigit())


def _group_leads(partners: dict[str, list[tuple[Entry, Pair]]]) -> dict[str, tuple[Entry, list[Entry]]]:
    """Each project id → (the first table of its group of copies, the group); groups are the
    connected projects, so a copy of a copy is in the same group."""
    entries = {other.id: other for others in partners.values() for other, _ in others}
    seen: set[str] = set()
    found: dict[str, tuple[Entry, list[Entry]]] = {}
    for start in partners:
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            current = todo.pop()
            group.append(entries[current])
            for other, _ in partners[current]:
                if other.id not in seen:
                    seen.add(other.id)
                    todo.append(other.id)
        lead = min(group, key=_position)
        found.update({entry.id: (lead, group) for entry in group})
    return found


def _tables(others: Sequence[Entry]) -> str:
    """'第2094、2256行起的“业务工作经费”表和第2462行起的“业务工作经历”表': the copies, by name."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for entry in others:
        by_name[entry.name].append(_start(entry.project))
    parts = []
    for name, starts in by_name.items():
        lines = [s[1:-1] for s in starts if s.startswith("第") and s.endswith("行")]
        at = f"第{'、'.join(lines)}行" if len(lines) == len(starts) else "、".join(starts)
        parts.append(f"{at}起的“{name}”表")
    return "和".join(parts)


def _duplicate_message(others: list[tuple[Entry, Pair]], group: list[Entry] | None = None) -> str:
    """One finding per project, naming every table it repeats (or, for the first table of a group,
    every other table of the group); the closest pair gives the evidence."""
    others = sorted(others, key=lambda item: (-item[1].similarity, item[0].id))
    best = others[0][1]
    if len(others) == 1 and not group:
        lead = best.lead.removeprefix("名称相近、内容一致，")
        return f"与{_where(others[0][0])}{lead}：{best.evidence}。"
    entries_ = sorted(group or [entry for entry, _ in others], key=_position)
    return f"与另外{len(entries_)}张表疑似重复（{_tables(entries_)}）。其中最接近的一对：{best.reason}"


def _duplicate_suggestion(others: list[tuple[Entry, Pair]]) -> str:
    if any(pair.kind == "split_period" for _, pair in others):
        return "核实是否为同一项目分期申报；如是，合并为一个项目并在实施内容中写明各期安排。"
    if len(others) == 1:
        return "核实两张表是否为同一支出：如重复，撤回其中一张；如确为不同支出，在项目概况中写明两者的区别。"
    return "核实这些表是否为同一支出：如重复，只保留一张表，撤回其余各表；确为不同支出的，在项目概况中写明区别。"
