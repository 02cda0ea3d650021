"""The review page, report.html: its content, its escaping, and every sample's page in a browser.

The browser tests start Debian's chromium (``/usr/bin/chromium``) headless
through playwright; no browser is ever downloaded.  Without chromium or
playwright they are skipped on a developer's machine and FAIL in CI (``CI``
set), so CI never silently passes without them.  ``GYOKAKU_UPDATE_DOCS=1``
also saves the Okayama sample's screenshot as ``docs/review.png``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from gyokaku.cli import ConvertOptions, run_convert
from gyokaku.model import CellRecord, Dataset, Flag, Initiative, Plan, SourceInfo
from gyokaku.review import REVIEW_FILE, write_review
from gyokaku.review_view import CROP_MARGIN, review_view
from gyokaku.schemas.readers import read_table
from tests.conftest import ROOT, sample_pdfs

PDFS = sample_pdfs()
IDS = [p.name for p in PDFS]
OKAYAMA = next(p for p in PDFS if p.name == "okayama_fy2022.pdf")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOT = ROOT / "docs" / "review.png"
VIEWPORT = {"width": 1400, "height": 1000}
HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)">"\'&'


def initiative(code: str, score: float = 1.0, name: str | None = None) -> Initiative:
    """A minimal initiative."""
    return Initiative(code, 1, "施策", 1, "展開", 1, "項目", None, name, ["財政局"], 1,
                      "・概要", "・実績", 2022, "岡山市", "r.pdf", "ef" * 32, score)


def cell(code: str | None, top: float, bottom: float, x0: float = 100.0,
         x1: float = 200.0, role: str = "summary", text: str = "・概要") -> CellRecord:
    """A provenance cell on page index 2."""
    return CellRecord(2, "1", x0, top, x1, bottom, 3, 1, role, text, text, code, 1.0)


def dataset(initiatives: list[Initiative], cells: list[CellRecord] = (),  # type: ignore[assignment]
            flags: list[Flag] = ()) -> Dataset:  # type: ignore[assignment]
    """A dataset from the given records, said to come from the Okayama sample PDF."""
    source = SourceInfo(str(OKAYAMA), OKAYAMA.name, "ef" * 32, 15)
    plans = [Plan(i.code, 2022, "R4", "→", "・検討", True) for i in initiatives]
    return Dataset(source, list(initiatives), plans, list(cells), list(flags), [0],
                   profile="okayama", profile_reason="chosen with --profile")


# --- content, without a browser -------------------------------------------------------------


def test_flagged_and_low_scores_come_first() -> None:
    items = [initiative("1-1-1"), initiative("1-1-2", 0.9), initiative("1-1-3", 0.5),
             initiative("1-1-4", 0.99), initiative("1-1-5")]
    flags = [Flag("weak_match", "low", "1-1-3", 2, 0.5), Flag("duplicate_code", "twice",
                                                             "1-1-4")]
    view = review_view(dataset(items, flags=flags))
    assert [v.code for v in view.to_review] == ["1-1-3", "1-1-4", "1-1-2"]
    assert [v.code for v in view.others] == ["1-1-1", "1-1-5"]
    assert ("to review", "3") in [(f.label, f.value) for f in view.counts]


def test_crop_spans_the_row_height_and_the_table_width() -> None:
    cells = [cell("1-1-1", 100, 150), cell("1-1-1", 150, 200, role="plan"),
             cell("1-1-2", 200, 260, x0=40, x1=800)]
    [crop] = review_view(dataset([initiative("1-1-1")], cells)).others[0].crops
    assert (crop.page_index, crop.y, crop.height) == (2, 100 - CROP_MARGIN, 100 + 2 * CROP_MARGIN)
    assert (crop.x, crop.width) == (40 - CROP_MARGIN, 760 + 2 * CROP_MARGIN)
    assert [box.role for box in crop.boxes] == ["summary", "plan"]


def test_review_is_self_contained_and_identical_when_written_again(tmp_path: Path) -> None:
    data = dataset([initiative("1-1-1")], [cell("1-1-1", 100, 150)])
    first = write_review(data, OKAYAMA, tmp_path).read_bytes()
    assert write_review(data, OKAYAMA, tmp_path).read_bytes() == first
    html = first.decode("utf-8")
    assert html.count('<image id="page-image-') == 15
    assert not re.findall(r'(?:src|href)="(?!data:image/jpeg;base64,|#)', html)


def test_text_from_the_pdf_is_escaped(tmp_path: Path) -> None:
    data = dataset([initiative("1-1-1", name=HOSTILE)], [cell("1-1-1", 100, 150, text=HOSTILE)],
                   [Flag("weak_match", HOSTILE, "1-1-1")])
    html = write_review(data, OKAYAMA, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_unrenderable_pdf_still_gets_a_review_saying_why(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    data = dataset([initiative("1-1-1")], [cell("1-1-1", 100, 150)])
    data.source = SourceInfo(str(fake), fake.name, "ef" * 32, 1)
    html = write_review(data, fake, tmp_path).read_text(encoding="utf-8")
    assert "the pages could not be rendered: Failed to load document" in html
    assert "data:image" not in html and "1-1-1" in html


def test_convert_writes_the_review_and_says_which_profile_and_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # keep rich from cutting the long temporary path
    othercity, out = ROOT / "samples" / "othercity_fy2022" / "othercity_fy2022.pdf", tmp_path / "o"
    assert run_convert(ConvertOptions(othercity, out)) == 0
    assert (out / REVIEW_FILE).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    reason = "9 header cells on page 1 match 'othercity' (others: okayama=0)"
    assert (info["profile"], info["profile_reason"], info["as_of"]) == (
        "othercity", reason, "2023-08-31")
    summary = " ".join(capsys.readouterr().out.split())
    assert "profile │ othercity: 9 header cells on page 1 match" in summary
    assert f"review │ {out / REVIEW_FILE}" in summary
    assert escape(f"othercity: {reason}") in (out / REVIEW_FILE).read_text(encoding="utf-8")


# --- the browser ----------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, driven by playwright (a fresh profile per launch)."""
    if shutil.which(str(CHROMIUM)) is None:
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                          args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every sample converted by the real command; the output folder of each."""
    outdirs = {}
    for pdf in PDFS:
        out = tmp_path_factory.mktemp("review") / pdf.stem
        assert run_convert(ConvertOptions(pdf, out, quiet=True)) == 0, pdf
        outdirs[pdf] = out
    return outdirs


DECODE_IMAGES = """async () => Promise.all([...document.querySelectorAll('image')].map(
    async (element) => { const img = new Image(); img.src = element.getAttribute('href');
                         await img.decode(); return img.naturalWidth; }))"""


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Load ``path``; return the page, its console errors and the non-local requests."""
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else remote.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, remote


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_review_page_in_chromium(pdf: Path, browser: Any, reviews: dict[Path, Path],
                                 tmp_path: Path) -> None:
    outdir = reviews[pdf]
    page, errors, remote = open_page(browser, outdir / REVIEW_FILE)
    try:
        codes = [row["code"] for row in read_table(outdir, "initiatives", "parquet")]
        text = page.inner_text("body")
        assert [c for c in codes if c not in text] == []
        assert sorted(page.locator(".initiative .code").all_inner_texts()) == sorted(codes)
        widths = page.evaluate(DECODE_IMAGES)
        page_count = json.loads((outdir / "run.json").read_text("utf-8"))["source"]["page_count"]
        assert len(widths) == page_count and min(widths) > 0
        shot = tmp_path / f"{pdf.stem}.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG")
        if pdf == OKAYAMA and os.environ.get("GYOKAKU_UPDATE_DOCS") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(shot, SCREENSHOT)
        assert (errors, remote) == ([], [])
    finally:
        page.close()


def test_hostile_text_stays_text_in_chromium(browser: Any, tmp_path: Path) -> None:
    data = dataset([initiative("1-1-1", name=HOSTILE)], [cell("1-1-1", 100, 150, text=HOSTILE)])
    page, errors, remote = open_page(browser, write_review(data, OKAYAMA, tmp_path))
    try:
        assert page.locator("script").count() == 0
        assert page.locator("main img").count() == 0
        assert HOSTILE in page.inner_text(".initiative .title")
        assert (errors, remote) == ([], [])
    finally:
        page.close()
