"""The web app in a real browser: `scorer serve` in a subprocess, Debian's headless chromium driven by Selenium.

Upload the seed filings → results → a project → downloads, as an evaluator would. Nothing is
downloaded from the network: the driver and browser are Debian's (/usr/bin/chromedriver, /usr/bin/chromium).
Outside CI the test skips, saying why, where they are missing; with CI=true it fails instead.
Set SCORER_SCREENSHOT=docs/screenshot-results.png to save the results page (the README's picture).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser_or_skip():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(browser_or_skip):
    """`scorer serve` on a free loopback port, stopped after the module's tests."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scorer.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                pytest.fail(f"scorer serve did not start: {output[-2000:]}")
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def driver(browser_or_skip, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    chrome = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    chrome.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    chrome.downloads = downloads
    chrome.set_page_load_timeout(120)
    chrome.implicitly_wait(10)
    yield chrome
    chrome.quit()


def click_and_wait(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one (scoring takes seconds)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_driver) -> bool:
        # Chromium reports a node of a page already left either as stale or as "Node with given id
        # does not belong to the document", depending on when it is asked: both mean the page changed
        try:
            page.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, 120).until(replaced)


def wait_for_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} download in {folder}: {[p.name for p in folder.iterdir()]}")


def test_upload_results_project_download(server, driver):
    from selenium.webdriver.common.by import By

    driver.get(server + "/")
    driver.find_element(By.ID, "files").send_keys("\n".join(str(path) for path in SEEDS.values()))
    click_and_wait(driver, driver.find_element(By.ID, "score"))
    assert driver.find_element(By.ID, "project-count").text == "100"
    assert "/r/" in driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "#projects tr[data-project]")
    assert len(rows) == 100
    scores = [float(cell.text) for cell in driver.find_elements(By.CSS_SELECTOR, "#projects td.score") if cell.text]
    assert scores == sorted(scores)
    assert driver.find_elements(By.CSS_SELECTOR, "#duplicates tr")
    target = os.environ.get("SCORER_SCREENSHOT")
    if target:
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(height, 1100))
        driver.save_screenshot(str(ROOT / target))
        driver.set_window_size(1280, 1000)
    results_url = driver.current_url

    worst = rows[0]
    name = worst.find_element(By.CSS_SELECTOR, "td a").text
    click_and_wait(driver, worst.find_element(By.CSS_SELECTOR, "td a"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith(name)
    findings = driver.find_elements(By.CSS_SELECTOR, ".flag .suggestion")
    assert findings and all(f.text.startswith("建议：") for f in findings)

    driver.get(results_url)
    driver.find_element(By.ID, "download-json").click()
    data = json.loads(wait_for_file(driver.downloads, ".json").read_text(encoding="utf-8"))
    assert sum(len(d["projects"]) for d in data["documents"]) == 100
    assert sorted(d["path"] for d in data["documents"]) == sorted(p.name for p in SEEDS.values())
    driver.find_element(By.ID, "download-xlsx").click()
    workbook = openpyxl.load_workbook(wait_for_file(driver.downloads, ".xlsx"))
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None}
    assert name in cells


def test_junk_upload_names_the_file(server, driver, tmp_path):
    from selenium.webdriver.common.by import By

    junk = tmp_path / "scan.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    driver.get(server + "/")
    driver.find_element(By.ID, "files").send_keys(str(junk))
    click_and_wait(driver, driver.find_element(By.ID, "score"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "No filing could be scored"
    assert "scan.txt: this is a binary file" in driver.find_element(By.CSS_SELECTOR, ".errors").text
