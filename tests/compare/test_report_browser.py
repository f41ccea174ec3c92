"""The HTML comparison report in a real headless Chromium: it renders, links resolve, figures are
marked, and markup in an article stays text (no script runs, no element is injected).

``python3 scripts/dev test`` installs Debian's chromium when it is missing and it can (as root with
apt-get); elsewhere set CLAIMEX_CHROMIUM to a Chromium binary. CLAIMEX_SCREENSHOT_DIR keeps the
screenshot.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from claimex import Document, RuleExtractor
from claimex.compare import compare_results
from claimex.compare.html import render_html

from ..conftest import SEEDS

CHROMIUM = os.environ.get("CLAIMEX_CHROMIUM") or shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = (
    "At least 3 people were killed on Monday, police said.\n\n"
    '<script>document.title = "pwned"; document.body.innerHTML = "pwned"</script>\n'
    '<img src="x" onerror="document.title=\'pwned\'"> {{ 7 * 7 }} {% raw %}'
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: scripts/dev test installs it where it can"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str, int]:
    docs = [Document(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
    docs.append(Document("hostile.txt", HOSTILE))
    results = [RuleExtractor().extract(d.text, doc_id=d.id) for d in docs]
    texts = {d.id: d.text for d in docs}
    comparison = compare_results(results, texts)
    figures = sum(1 for g in comparison.groups for m in g.mentions if m.quantity_text)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(comparison, results, texts), encoding="utf-8")
    return path, comparison.groups[0].label.value, figures


def test_page_renders_in_chromium_and_article_markup_stays_text(page, tmp_path) -> None:
    path, first_label, figures = page
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri()).stdout
    assert "<title>claimex: claims across sources</title>" in dom
    assert "pwned" not in dom.split("<body>")[0]  # the title was not changed by a script
    assert dom.count("<script") == 0 and "<img" not in dom
    article = re.search(r"<h3>hostile.txt</h3>\s*<div class=\"text\">(.*?)</div>", dom, re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", article.group(1))) == HOSTILE
    assert re.search(r'<tr id="g1" data-label="([a-z-]+)"', dom).group(1) == first_label
    marks = re.findall(r'<mark class="[^"]*\bq label-[a-z-]+"', dom)
    assert len(marks) == figures
    for anchor in set(re.findall(r'href="#([^"]+)"', dom)):
        assert f'id="{anchor}"' in dom, anchor


def test_screenshot(page, tmp_path) -> None:
    path, _, _ = page
    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1400,2000", f"--screenshot={shot}", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
    if keep := os.environ.get("CLAIMEX_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(keep) / "report.png")
