"""The whole product in a real browser: sign in, upload three cards, review and confirm one, find the
contact, import and apply a transfer list, and let the successor decide the inherited contact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy.orm import Session

from handover.demo import office as demo_office
from handover.models import Role
from handover.services.org_import import import_departments, import_staff
from handover.services.users import create_user
from tests.e2e.web.conftest import LiveServer
from tests.factories import csv_bytes

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[3] / "sample_cards" / "cards"
PASSWORD = "browser-pass-2026"
# 笹森 (計画係 主事) uploads cards, then swaps posts with 丹羽 (協働推進係 主事), who inherits them.
UPLOADER, SUCCESSOR = "S0009", "S0017"
TRANSFER = [
    ("職員番号", "氏名", "旧所属", "旧職名", "新所属", "新職名", "発令日"),
    (UPLOADER, "笹森 千尋", "311", "主事", "411", "主事", "令和9年4月1日"),
    (SUCCESSOR, "丹羽 紗季", "411", "主事", "311", "主事", "令和9年4月1日"),
]


@pytest.fixture
def demo_office_db(session: Session) -> None:
    """The invented city office with three accounts."""
    import_departments(session, demo_office.departments_csv(), filename="departments.csv")
    import_staff(session, demo_office.staff_csv(), as_of=dt.date(2025, 4, 1), filename="staff.csv")
    create_user(session, username="sasamori", password=PASSWORD, role=Role.STAFF, employee_no=UPLOADER)
    create_user(session, username="niwa", password=PASSWORD, role=Role.STAFF, employee_no=SUCCESSOR)
    create_user(session, username="jinji", password=PASSWORD, role=Role.ADMIN)
    session.commit()


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    expect(page.locator("[data-testid=logout]")).to_be_visible()


def _logout(page: Page) -> None:
    page.click("[data-testid=logout]")
    expect(page.locator("input[name=username]")).to_be_visible()


def test_the_whole_flow_in_chromium(
    browser: Browser, live_server: LiveServer, demo_office_db: None, screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if _is_problem(m) else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    shot = lambda name: page.screenshot(path=str(screenshot_dir / name), full_page=True)  # noqa: E731

    # 1. Sign in.
    _login(page, base, "sasamori")
    expect(page.locator("h1")).to_contain_text("笹森 千尋 さん")
    shot("01-signed-in.png")

    # 2. Upload three cards at once; each shows its progress, then its reading.
    page.goto(f"{base}/cards/upload")
    files = sorted(SAMPLES.glob("*_flatbed_h.jpg"))[:3]
    assert len(files) == 3
    page.set_input_files("#file-input", [str(f) for f in files])
    expect(page.locator("#upload-table tbody tr")).to_have_count(3)
    expect(page.locator("[data-testid=to-review]")).to_be_visible(timeout=300_000)
    expect(page.locator("td.upload-status[data-state=done]")).to_have_count(3)
    shot("02-uploaded.png")

    # 3. Review the first card beside its image and confirm it with the keyboard.
    page.click("[data-testid=to-review]")
    expect(page.locator("[data-testid=review-card]")).to_have_count(3)
    page.locator("[data-testid=review-card]").first.click()
    expect(page.locator("#card-img")).to_be_visible()
    # Polled from outside: the page's CSP forbids the eval that wait_for_function would need.
    for _ in range(100):
        if page.locator("#card-img").evaluate("img => img.naturalWidth") > 0:
            break
        page.wait_for_timeout(100)
    name = page.input_value("input[name=name]").strip()
    if not name:
        name = "架空 一郎"  # the reader missed the name: type it, as a reviewer would
        page.fill("input[name=name]", name)
    if not page.input_value("input[name=organization]").strip():
        page.fill("input[name=organization]", "架空商事株式会社")  # the network picture needs one
    shot("03-review.png")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".flash-success")).to_contain_text(name)
    shot("04-confirmed.png")

    # 4. Find the new contact by typing part of the name.
    page.goto(f"{base}/contacts")
    family = name.split()[0] if " " in name else name[:2]
    page.fill("#contact-q", family)
    link = page.locator("#contact-table [data-testid=contact-link]", has_text=name)
    expect(link).to_be_visible()
    shot("05-search.png")
    link.click()
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator(".card-history img")).to_be_visible()
    shot("06-contact.png")
    page.goto(f"{base}/network")
    expect(page.locator("#graph canvas").first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(500)
    shot("06b-network.png")
    _logout(page)

    # 5. HR uploads the transfer list, reads the dry run and applies it.
    _login(page, base, "jinji")
    naiji = tmp_path / "異動内示.csv"
    naiji.write_bytes(csv_bytes(TRANSFER[0], TRANSFER[1:], "cp932"))
    page.goto(f"{base}/rotation")
    page.set_input_files("[data-testid=transfer-file]", str(naiji))
    page.click("#rotation-upload button[type=submit]")
    expect(page.locator("h1")).to_contain_text("異動計画")
    expect(page.locator("body")).to_contain_text("令和9年4月1日")
    shot("07-dry-run.png")
    page.click("[data-testid=apply-plan]")
    expect(page.locator(".flash-success")).to_contain_text("異動を適用しました")
    shot("08-applied.png")
    _logout(page)

    # 6. The successor finds the contact in the inbox and keeps it.
    _login(page, base, "niwa")
    page.goto(f"{base}/inbox")
    row = page.locator("tr", has_text=name)
    expect(row).to_be_visible()
    shot("09-inbox.png")
    row.locator("[data-testid=inbox-item]").check()
    page.click("[data-testid=decide-keep]")
    expect(page.locator(".flash-success")).to_contain_text("1")
    shot("10-decided.png")
    context.close()
    assert not problems, problems


def _is_problem(message: ConsoleMessage) -> bool:
    # Any script error, or a Content-Security-Policy refusal, would mean a page is broken.
    return message.type == "error"
