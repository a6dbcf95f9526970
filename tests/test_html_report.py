"""The HTML report parsed back: cards, inline flags, filters, duplicates, and filing text that stays text."""

from __future__ import annotations

import pytest
from conftest import SEEDS
from lxml import html
from typer.testing import CliRunner

from scorer.cli import app
from scorer.pipeline import score_batch
from scorer.report.html_report import render_html


@pytest.fixture(scope="module")
def scored():
    return score_batch([SEEDS[key] for key in ("000", "001", "002", "004")])


@pytest.fixture(scope="module")
def page(scored):
    documents, pairs = scored
    return html.fromstring(render_html(documents, pairs))


def test_one_card_per_table_worst_first(scored, page):
    documents, _ = scored
    cards = page.xpath('//section[@class="card"]')
    assert len(cards) == sum(len(d.projects) for d in documents)
    overview = page.xpath('//table[@id="overview"]/tbody/tr')
    assert len(overview) == len(cards)
    first_scores = [float(row.xpath("td[3]")[0].text) for row in overview[:5]]
    assert first_scores == sorted(first_scores)
    assert [c.get("id") for c in cards] == [row.xpath("td[2]/a")[0].get("href")[1:] for row in overview]


def test_known_flag_is_inline_in_its_row(scored, page):
    documents, _ = scored
    project = next(p for p in documents[3].projects if p.name == "公益性岗位人员岗位补贴")
    flag = next(f for f in project.flags if f.code == "V101" and "减少" in f.message)
    card = page.xpath(f'//section[@id="{project.id}"]')[0]
    assert card.xpath("h3")[0].text_content() == "公益性岗位人员岗位补贴"
    assert card.xpath('div[@class="score"]')[0].text_content().split() == ["82.0", "B", "良"]
    row = card.xpath('.//tr[td[1]="第18行"]')[0]
    assert [td.text_content() for td in row.xpath("td")[1:5]] == [
        "效益指标",
        "社会效益指标",
        "因就业问题发生重大群体性事件数量",
        "减少",
    ]
    assert row.xpath("td[5]")[0].get("class") == "sev-warning"
    shown = row.xpath('.//div[contains(@class, "flag")]')
    assert len(shown) == 1 and shown[0].get("data-kind") == "vague" and shown[0].get("data-severity") == "warning"
    assert flag.message in shown[0].text_content() and "建议：" + flag.suggestion in shown[0].text_content()
    table_level = card.xpath('div[contains(@class, "flag")]')
    assert [f.xpath('span[@class="code"]')[0].text for f in table_level] == ["V104 整类指标没有可核对的目标"]
    misplaced = page.xpath('//section[@id="d3-p4"]//tr[td[1]="第93行"]/td')
    assert [td.get("class") for td in misplaced[:5]] == [None, None, "sev-warning", None, "sev-warning"]
    draft = card.xpath(".//textarea")[0].text
    assert draft.startswith("经审核") and flag.suggestion in draft


def test_filters_cover_every_kind_and_severity_present(scored, page):
    documents, _ = scored
    kinds = {f.kind for d in documents for p in d.projects for f in p.flags}
    assert {box.get("value") for box in page.xpath('//input[@class="filter-kind"]')} == kinds
    assert [box.get("value") for box in page.xpath('//input[@class="filter-severity"]')] == ["error", "warning", "info"]
    assert page.xpath('//input[@id="only-flagged"]')
    flags = page.xpath('//div[contains(@class, "flag")][@data-kind]')
    assert len(flags) == sum(len(p.flags) for d in documents for p in d.projects)
    script = page.xpath("//script")
    assert len(script) == 1 and "filter-kind" in script[0].text and script[0].get("src") is None


def test_self_contained_with_chart_and_duplicates(scored, page):
    documents, pairs = scored
    assert not page.xpath("//link | //img | //*[@src]")
    assert all(a.get("href").startswith("#") for a in page.xpath("//a"))
    bars = page.xpath('//svg[@id="score-chart"]/rect')
    assert len(bars) == 10
    graded = [p for d in documents for p in d.projects if p.score is not None]
    assert sum(int(b.xpath("title")[0].text.split("：")[1].split()[0]) for b in bars) == len(graded)
    rows = page.xpath('//table[@id="duplicates"]/tbody/tr')
    assert len(rows) == len(pairs) > 0
    sides = {(r.xpath("td[1]/a")[0].text, r.xpath("td[2]/a")[0].text) for r in rows}
    assert ("2025年招聘会工作经费", "招聘会工作经费") in sides


def test_filing_markup_is_shown_as_text(tmp_path):
    text = SEEDS["004"].read_text(encoding="utf-8").splitlines()
    assert text[6] == "项目名称\t公益性岗位人员岗位补贴\t\t" and text[17].endswith("\t减少")
    text[6] = "项目名称\t<script>alert(1)</script>\t\t"
    text[17] = text[17].replace("减少", '<img src=x onerror="alert(2)">')
    filing = tmp_path / "evil.txt"
    filing.write_text("\n".join(text) + "\n", encoding="utf-8")
    documents, pairs = score_batch([filing])
    assert documents[0].projects[0].name == "<script>alert(1)</script>"
    rendered = render_html(documents, pairs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<script>alert(1)" not in rendered
    page = html.fromstring(rendered)
    assert len(page.xpath("//script")) == 1 and not page.xpath("//img")
    card = page.xpath('//section[@id="d0-p0"]')[0]
    assert card.xpath("h3")[0].text_content() == "<script>alert(1)</script>"
    assert card.xpath('.//tr[td[1]="第18行"]/td[5]')[0].text_content() == '<img src=x onerror="alert(2)">'


def test_cli_writes_html_with_a_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["score", str(SEEDS["004"]), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "wrote scorer-report.html (5 projects)" in result.output
    page = html.fromstring((tmp_path / "scorer-report.html").read_text(encoding="utf-8"))
    assert len(page.xpath('//section[@class="card"]')) == 5
