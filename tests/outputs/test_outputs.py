"""The output formats on the seeds, each read back with its standard reader: CSV with ``csv``,
Parquet with pyarrow, JSON-LD with ``json`` and a shape check against schema.org's Claim, and the
per-article HTML in headless Chromium (markup in an article stays text, no script runs)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimex import ExtractionResult, InputError, RuleExtractor
from claimex.cli import main
from claimex.outputs import COLUMNS, to_html, to_jsonld, to_rows, write_csv, write_parquet

from ..compare.test_report_browser import CHROMIUM, FLAGS, HOSTILE
from ..conftest import SEEDS


@pytest.fixture(scope="module")
def seeds() -> tuple[list[ExtractionResult], dict[str, str]]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}
    ex = RuleExtractor(profile="fast")
    results = [ex.extract(t, doc_id=name) for name, t in texts.items()]
    failed = ExtractionResult.failed("broken.txt", None, InputError("broken.txt: no such file"))
    return [*results, failed], texts


def test_csv_has_one_row_per_claim_and_one_per_failed_document(seeds) -> None:
    results, _ = seeds
    buf = io.StringIO()
    n = write_csv(results, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    claims = sum(len(r.claims) for r in results)
    assert n == len(rows) == claims + 1 and tuple(rows[0]) == COLUMNS
    first = results[0].claims[0]
    assert rows[0]["claim_id"] == first.id and rows[0]["text"] == first.text
    assert int(rows[0]["evidence_start"]) == first.evidence[0].start
    governor = next(
        (row, c)
        for row, c in zip(rows, (c for r in results for c in r.claims), strict=False)
        if c.quantities and c.attribution.speaker
    )
    row, claim = governor
    assert row["speaker"] == claim.attribution.speaker
    assert row["quantity_qualifiers"].split(" | ") == [q.qualifier.value for q in claim.quantities]
    assert rows[-1]["doc_id"] == "broken.txt" and rows[-1]["error_kind"] == "InputError"
    assert rows[-1]["claim_id"] == ""


def test_parquet_reads_back_with_lists_as_lists(seeds, tmp_path) -> None:
    import pyarrow.parquet as pq

    results, _ = seeds
    path = tmp_path / "claims.parquet"
    write_parquet(results, path)
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    assert table.num_rows == sum(len(r.claims) for r in results) + 1
    rows = table.to_pylist()
    with_figures = next(r for r in rows if r["quantity_values"])
    expected = next(
        row for row in to_rows(results) if row["claim_id"] == with_figures["claim_id"]
        and row["doc_id"] == with_figures["doc_id"]
    )  # fmt: skip
    assert with_figures["quantity_values"] == expected["quantity_values"]
    assert rows[-1]["error_kind"] == "InputError"


def test_rows_say_which_candidate_a_candidate_guided_claim_came_from(tmp_path) -> None:
    import pyarrow.parquet as pq

    from claimex import ClaimOrigin

    result = RuleExtractor().extract("He said the bridge would reopen. Rain fell on Monday.")
    origin = ClaimOrigin(candidate="c1", reviewed=True, changes=["text", "speaker"])
    first = result.claims[0].model_copy(update={"origin": origin})
    result = result.model_copy(update={"claims": [first, *result.claims[1:]]})
    rows = list(to_rows([result]))
    assert (rows[0]["origin_candidate"], rows[0]["origin_changes"]) == ("c1", ["text", "speaker"])
    assert (rows[1]["origin_candidate"], rows[1]["origin_changes"]) == (None, [])
    out = io.StringIO()
    write_csv([result], out)
    first_row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert first_row["origin_changes"] == "text | speaker"
    write_parquet([result], tmp_path / "c.parquet")
    assert pq.read_table(tmp_path / "c.parquet").to_pylist()[0]["origin_changes"] == [
        "text",
        "speaker",
    ]


def test_jsonld_is_a_graph_of_schema_org_claims(seeds) -> None:
    results, _ = seeds
    doc = json.loads(json.dumps(to_jsonld(results[0], url="https://example.org/a")))
    assert doc["@context"] == "https://schema.org"
    graph = doc["@graph"]
    assert len(graph) == len(results[0].claims)
    for item, claim in zip(graph, results[0].claims, strict=True):
        assert item["@type"] == "Claim" and item["text"] == claim.text
        assert item["appearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["url"] == "https://example.org/a"
        assert item["claimInterpreter"]["name"] == "claimex"
        if claim.attribution.speaker:
            assert item["author"]["@type"] in {"Person", "Organization"}
            assert item["author"]["name"] in {
                claim.attribution.speaker, claim.attribution.speaker_normalized
            }  # fmt: skip
        else:
            assert "author" not in item  # the article's own voice
    assert to_jsonld(results[-1])["@graph"] == []


def test_html_escapes_the_article_and_lists_every_claim(seeds) -> None:
    results, texts = seeds
    hostile = RuleExtractor(profile="fast").extract(HOSTILE, doc_id="hostile.txt")
    page = to_html([*results, hostile], {**texts, "hostile.txt": HOSTILE})
    assert "<script>" not in page and "onerror=" not in page.replace("onerror=&#34;", "")
    for r in results[:-1]:
        for c in r.claims:
            assert f'id="d{results.index(r)}-{c.id}"' in page
    assert "broken.txt: no such file" in page


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: scripts/dev test installs it where it can"
)
def test_html_renders_in_chromium(seeds, tmp_path) -> None:
    results, texts = seeds
    hostile = RuleExtractor(profile="fast").extract(HOSTILE, doc_id="hostile.txt")
    path = tmp_path / "article.html"
    path.write_text(to_html([*results, hostile], {**texts, "hostile.txt": HOSTILE}), "utf-8")
    profile = tmp_path / "profile"
    run = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run(
        [*run, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "<title>claimex: claims in the article</title>" in dom
    assert dom.count("<script") == 0 and "<img" not in dom
    section = re.search(r'data-doc="hostile.txt">.*?<div class="text">(.*?)</div>', dom, re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", section.group(1))) == HOSTILE
    marked = set(re.findall(r'data-claim="([^"]+)"', dom))
    grounded = {f"d{i}-{c.id}" for i, r in enumerate(results) for c in r.claims if c.evidence}
    assert grounded <= marked
    for anchor in set(re.findall(r'href="#([^"]+)"', dom)):
        assert f'id="{anchor}"' in dom, anchor
    shot = tmp_path / "article.png"
    subprocess.run(
        [*run, "--window-size=1200,1600", f"--screenshot={shot}", path.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonld", "html"])
def test_extract_writes_each_format(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"seeds.{fmt}"
    res = CliRunner().invoke(
        main, ["extract", "--backend", "rules", "--format", fmt, "-o", str(out), *map(str, SEEDS)]
    )
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(data.decode()))) == list(COLUMNS)
    elif fmt == "parquet":
        assert data[:4] == b"PAR1"
    elif fmt == "jsonld":
        graph = json.loads(data)["@graph"]
        assert graph and graph[0]["appearance"]["url"].startswith("file://")
    else:
        assert data.decode().count("<section ") == len(SEEDS)


def test_parquet_needs_a_file() -> None:
    res = CliRunner().invoke(main, ["extract", "--format", "parquet", str(SEEDS[0])])
    assert res.exit_code == 2 and "-o FILE.parquet" in res.stderr
