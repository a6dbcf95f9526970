"""The web app on the real seed filings: what an evaluator sees equals what `scorer score` says."""

from __future__ import annotations

import html
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor

import openpyxl
import pandas as pd
import pytest
from conftest import SEEDS
from renderings import read_blocks, to_docx, to_xlsx
from typer.testing import CliRunner

from scorer.cli import app as cli
from scorer.web import create_app
from scorer.web.cache import Result, ResultCache
from scorer.web.uploads import display_name

fastapi_testclient = pytest.importorskip("fastapi.testclient")
runner = CliRunner()

# a 004 flag on 公益性岗位人员岗位补贴 (d0-p0): a direction instead of a target
VAGUE_MESSAGE = (
    "社会效益指标“因就业问题发生重大群体性事件数量”的指标值“减少”只是方向性表述，没有写明要达到的程度，"
    "无法核对是否完成。"
)


@pytest.fixture(scope="module")
def client():
    return fastapi_testclient.TestClient(create_app(None, None))


def upload(client, *files: tuple[str, bytes]):
    return client.post("/upload", files=[("files", (name, data, "application/octet-stream")) for name, data in files])


def seed(key: str) -> tuple[str, bytes]:
    return SEEDS[key].name, SEEDS[key].read_bytes()


def cli_json(*keys: str) -> dict:
    result = runner.invoke(cli, ["score", *(str(SEEDS[k]) for k in keys), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def project_ids(page: str) -> list[str]:
    return re.findall(r'data-project="([^"]+)"', page)


def scores(page: str) -> list[float]:
    return [float(s) for s in re.findall(r'<td class="num score">([\d.]+)</td>', page)]


@pytest.fixture(scope="module")
def all_seeds(client):
    response = upload(client, *(seed(k) for k in SEEDS))
    assert response.status_code == 200
    return response


def test_all_seeds_list_every_project_weakest_first(all_seeds):
    page = all_seeds.text
    expected = cli_json(*SEEDS)
    count = sum(len(d["projects"]) for d in expected["documents"])
    assert count == 100
    assert re.search(r'id="project-count">(\d+)<', page).group(1) == "100"
    assert len(project_ids(page)) == 100
    listed = scores(page)
    assert listed == sorted(listed)
    scored = sorted(p["score"] for d in expected["documents"] for p in d["projects"] if p["score"] is not None)
    assert listed == scored
    assert 'id="duplicates"' in page
    assert page.count("<tr><td><a href=") == len(expected["duplicates"])


def test_project_page_matches_cli_score_and_shows_flag(client):
    response = upload(client, seed("004"))
    assert response.status_code == 200
    project = cli_json("004")["documents"][0]["projects"][0]
    assert (project["name"], project["score"], project["grade"]) == ("公益性岗位人员岗位补贴", 82.0, "B")
    page = client.get(f"{response.url}/p/d0-p0")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert f'<span id="score">{project["score"]:.1f}</span>' in text
    assert f'id="grade">{project["grade"]}</span>' in text
    assert VAGUE_MESSAGE in text
    assert "建议：" in text
    # weakest first: 80.1, three at 82.0 (by id), then 85.0 (就业困难人员社会保险补贴)
    assert project_ids(response.text) == ["d0-p4", "d0-p0", "d0-p2", "d0-p3", "d0-p1"]


def test_downloads_parse_back_to_the_cli_result(client):
    response = upload(client, seed("004"))
    base = str(response.url)
    expected = cli_json("004")
    got = client.get(f"{base}/download/json")
    assert got.headers["content-disposition"] == 'attachment; filename="scorer-result.json"'
    data = got.json()
    assert data["schema"] == "scorer/v1"
    assert data["documents"][0]["path"] == SEEDS["004"].name
    assert data["documents"][0]["projects"] == expected["documents"][0]["projects"]
    assert data["duplicates"] == expected["duplicates"]
    projects = pd.read_csv(io.BytesIO(client.get(f"{base}/download/projects.csv").content), encoding="utf-8-sig")
    assert list(projects["name"]) == [p["name"] for p in expected["documents"][0]["projects"]]
    assert list(projects["score"]) == [p["score"] for p in expected["documents"][0]["projects"]]
    flags = pd.read_csv(io.BytesIO(client.get(f"{base}/download/flags.csv").content), encoding="utf-8-sig")
    assert len(flags) == sum(len(p["flags"]) for p in expected["documents"][0]["projects"])
    assert VAGUE_MESSAGE in set(flags["message"])


def workbook_cells(content: bytes) -> set[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None}


def test_xlsx_download_holds_the_projects_and_duplicates(client):
    response = upload(client, seed("001"), seed("002"))
    got = client.get(f"{response.url}/download/xlsx")
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="scorer-result.xlsx"'
    cells = workbook_cells(got.content)
    expected = cli_json("001", "002")
    assert expected["duplicates"]
    names = {p["name"] for d in expected["documents"] for p in d["projects"]}
    assert names <= cells
    assert {p["a"] for p in expected["duplicates"]} <= cells


def test_html_report_download(client):
    response = upload(client, seed("004"))
    got = client.get(f"{response.url}/download/html")
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="scorer-report.html"'
    page = html.unescape(got.text)
    assert all(p["name"] in page for p in cli_json("004")["documents"][0]["projects"])
    assert VAGUE_MESSAGE in page


def test_malicious_filing_renders_as_text(client):
    text = SEEDS["004"].read_text(encoding="utf-8")
    evil = text.replace("公益性岗位人员岗位补贴\t", '<script>alert("x")</script>公益性岗位人员岗位补贴\t', 1)
    evil = evil.replace("≥85%", '<img src=x onerror="alert(1)">≥85%', 1)
    assert evil != text
    response = upload(client, ("<b onclick=alert(1)>evil.txt", evil.encode("utf-8")))
    assert response.status_code == 200
    project = client.get(f"{response.url}/p/d0-p0").text
    for page in (response.text, project):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>evil</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;公益性岗位人员岗位补贴" in project
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;≥85%" in project
    assert "&lt;b onclick=alert(1)&gt;evil.txt" in response.text


def test_oversized_upload_is_refused_with_its_name():
    small = fastapi_testclient.TestClient(create_app(None, None, max_upload_bytes=100_000))
    name, data = seed("000")
    assert len(data) > 100_000
    alone = upload(small, (name, data))
    assert alone.status_code == 413
    assert f"{name}: the file is larger than the 98 KB upload limit" in alone.text
    # one file too large never hides the others
    mixed = upload(small, (name, data), seed("004"))
    assert mixed.status_code == 200
    assert "the file is larger than" in mixed.text
    assert len(project_ids(mixed.text)) == 5


def test_request_larger_than_all_files_together_is_refused_before_parsing():
    tiny = fastapi_testclient.TestClient(create_app(None, None, max_upload_bytes=1000, max_files=1))
    response = upload(tiny, ("big.txt", b"x" * 2_000_000))
    assert response.status_code == 413
    assert "Upload too large" in response.text

    def chunks():  # no Content-Length: the body is counted as it arrives
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
        for _ in range(30):
            yield b"x" * 100_000
        yield b"\r\n--b--\r\n"

    streamed = tiny.post("/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    assert "Upload too large" in streamed.text


def test_junk_empty_and_indicatorless_files_are_named(client):
    junk = upload(client, ("scan.pdf", bytes(range(256)) * 8))
    assert junk.status_code == 422
    assert "scan.pdf: this is a binary file, not a text, PDF, Excel or Word filing" in junk.text
    empty = upload(client, ("empty.txt", b""))
    assert empty.status_code == 422
    assert "empty.txt: the file is empty" in empty.text
    header_only = "\n".join(SEEDS["004"].read_text(encoding="utf-8").split("\n")[:12])
    bare = upload(client, ("no-rows.txt", header_only.encode("utf-8")))
    assert bare.status_code == 422
    assert "no-rows.txt: its 1 table hold no indicator rows" in bare.text
    mixed = upload(client, ("scan.pdf", bytes(range(256)) * 8), seed("004"), ("empty.txt", b""))
    assert mixed.status_code == 200
    assert "2 files with problems" in mixed.text
    assert "scan.pdf: this is a binary file" in mixed.text and "empty.txt: the file is empty" in mixed.text
    assert project_ids(mixed.text) == ["d1-p4", "d1-p0", "d1-p2", "d1-p3", "d1-p1"]


def test_format_comes_from_content_not_name(client):
    blocks = read_blocks(SEEDS["004"])
    response = upload(
        client,
        ("filing.txt", to_xlsx(blocks, sheet_per_table=False)),
        ("filing.pdf", SEEDS["004"].read_bytes()),
        ("filing.xlsx", to_docx(blocks)),
    )
    assert response.status_code == 200
    assert "<td>filing.txt</td><td>xlsx</td>" in response.text
    assert "<td>filing.pdf</td><td>text</td>" in response.text
    assert "<td>filing.xlsx</td><td>docx</td>" in response.text
    assert len(project_ids(response.text)) == 15


def test_concurrent_uploads_score_alike(client):
    def result(_: int) -> str:
        response = upload(client, seed("002"))
        return client.get(f"{response.url}/download/json").text

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(result, range(3)))
    assert len(set(results)) == 1
    assert json.loads(results[0])["documents"][0]["projects"] == cli_json("002")["documents"][0]["projects"]


def test_names_and_urls_are_never_paths(client):
    assert display_name("../../etc/passwd", 0) == "passwd"
    assert display_name("C:\\Users\\x\\..\\filing.txt", 0) == "filing.txt"
    assert display_name("..", 2) == "upload-3"
    assert display_name("a\x00b\nc.txt", 0) == "abc.txt"
    response = upload(client, ("../../etc/passwd", SEEDS["004"].read_bytes()))
    assert response.status_code == 200
    assert "<td>passwd</td>" in response.text and "../" not in response.text
    assert client.get(f"{response.url}/download/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get(f"{response.url}/p/..%2Fd0-p0").status_code == 404
    assert client.get("/r/not-a-token").status_code == 404
    assert "no longer kept" in client.get("/r/not-a-token").text


def test_no_file_chosen(client):
    response = client.post("/upload", files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400
    assert "<h1>No file chosen</h1>" in response.text


def test_too_many_files():
    two = fastapi_testclient.TestClient(create_app(None, None, max_files=2))
    response = upload(two, seed("004"), seed("004"), seed("004"))
    assert response.status_code == 400
    assert "Maximum number of files is 2" in response.text


def test_cache_drops_the_oldest_beyond_its_bounds():
    cache = ResultCache(max_entries=2, max_bytes=100)
    tokens = [cache.put(Result(documents=[], pairs=[], size=40)) for _ in range(3)]
    assert [cache.get(t) is not None for t in tokens] == [False, True, True]
    big = cache.put(Result(documents=[], pairs=[], size=90))
    assert len(cache) == 1 and cache.get(big) is not None
    assert len(set(tokens)) == 3 and all(len(t) >= 20 for t in tokens)


def test_browse_stored_batch_runs(tmp_path):
    db = str(tmp_path / "batch.sqlite")
    stored = runner.invoke(cli, ["batch", str(SEEDS["004"]), str(SEEDS["002"]), "--db", db, "--workers", "1"])
    assert stored.exit_code == 0, stored.output
    browse = fastapi_testclient.TestClient(create_app(db, None))
    runs = browse.get("/runs")
    assert runs.status_code == 200 and 'href="/runs/1"' in runs.text
    run = browse.get("/runs/1")
    assert run.status_code == 200
    assert SEEDS["004"].name in run.text and SEEDS["002"].name in run.text
    expected = cli_json("002", "004")  # the batch's file order: sorted paths
    for rank, document in enumerate(expected["documents"]):
        page = browse.get(f"/runs/1/d/{rank}")
        assert page.status_code == 200
        assert document["path"] in page.text
        assert sorted(project_ids(page.text)) == sorted(p["id"] for p in document["projects"])
    project = browse.get("/runs/1/d/1/p/d1-p0")
    assert project.status_code == 200
    assert VAGUE_MESSAGE in html.unescape(project.text)
    assert f'<span id="score">{expected["documents"][1]["projects"][0]["score"]:.1f}</span>' in project.text
    data = browse.get("/runs/1/d/1/download/json").json()
    assert data["documents"][0]["projects"] == expected["documents"][1]["projects"]
    stored_xlsx = workbook_cells(browse.get("/runs/1/d/1/download/xlsx").content)
    assert {p["name"] for p in expected["documents"][1]["projects"]} <= stored_xlsx
    stored_html = html.unescape(browse.get("/runs/1/d/1/download/html").text)
    assert all(p["name"] in stored_html for p in expected["documents"][1]["projects"])
    assert browse.get("/runs/9").status_code == 404
    assert browse.get("/runs/1/d/7").status_code == 404


def test_runs_without_database(client):
    response = client.get("/runs")
    assert response.status_code == 404
    assert "scorer serve --db" in response.text
