"""The dashboard in a real headless browser: Debian's Chromium driven by Playwright for Python against a
live server (`ozon_server`). Each test clicks through a flow as a person would and checks both what the
page shows and what the world became. The screenshots in docs/screenshots/ are taken here.

Playwright drives the system's Chromium (`executable_path`), so no browser is downloaded; `make test`
installs Debian's `chromium` when it is missing. Its assertions wait for the page (`expect`), so no
test sleeps or polls by hand."""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect, sync_playwright

from ozmock.domain.orders.model import store_of
from ozmock.domain.products.model import products_of
from ozmock.domain.products.seed import valid_item

CHROMIUM = Path(os.environ.get("OZMOCK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 860}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium for this module's tests (per xdist worker), with a fresh profile.

    Module-scoped, not session-scoped: Playwright's sync API keeps its event loop running in the thread
    while it is started, and the in-process transport's `asyncio.run` refuses to run beside it; pytest
    stops this fixture before a test of another module runs."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make test` installs Debian's chromium package (as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport=VIEWPORT, locale="en-GB", timezone_id="UTC")
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.fixture
def dashboard(browser, ozon_server) -> Page:
    """A new tab on the dashboard of a fresh world; the test fails on any script error in the page."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{ozon_server.base_url}/__ozmock/ui#postings")
    expect(page.locator("#clock-now")).to_have_text("2026-01-15 09:00:00")
    yield page
    page.close()
    assert errors == []


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()


def shot(page: Page, name: str, **options) -> None:
    """docs/screenshots/<name>.png, without the passing notice of the last action."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    toast = page.locator("#toast")
    toast.evaluate("node => node.style.display = 'none'")
    page.screenshot(path=SCREENSHOTS / f"{name}.png", **options)
    toast.evaluate("node => node.style.display = ''")


def seller_post(ozon_server, path: str, body: dict) -> requests.Response:
    return requests.post(f"{ozon_server.base_url}{path}", json=body, headers=ozon_server.headers, timeout=10)


def test_the_root_opens_the_dashboard(browser, ozon_server):
    page = browser.new_page()
    page.goto(ozon_server.base_url + "/")
    expect(page).to_have_url(re.compile(r"/__ozmock/ui"))
    expect(page.locator("#scenario")).to_have_text("default")
    expect(page.locator("#seller")).to_contain_text("836 · ООО «Ромашка»")
    page.close()


def test_advancing_the_clock_moves_the_world(dashboard, ozon_server):
    dashboard.get_by_role("button", name="+1 h").click()
    expect(dashboard.locator("#clock-now")).to_have_text("2026-01-15 10:00:00")
    assert ozon_server.clock.now().isoformat() == "2026-01-15T10:00:00+00:00"

    dashboard.get_by_label("seconds to advance").fill("90")
    dashboard.get_by_role("button", name="Advance", exact=True).click()
    expect(dashboard.locator("#clock-now")).to_have_text("2026-01-15 10:01:30")

    dashboard.get_by_role("button", name="Run").click()
    expect(dashboard.locator("#clock-mode")).to_have_text("real")
    assert ozon_server.clock.mode == "real"
    dashboard.get_by_role("button", name="Freeze").click()
    expect(dashboard.locator("#clock-mode")).to_have_text("frozen")
    assert ozon_server.clock.mode == "frozen"


def test_shipping_advancing_and_cancelling_postings(dashboard, ozon_server):
    store = store_of(ozon_server.seller())
    dashboard.locator("#posting-statuses").get_by_role("button", name=re.compile(r"^awaiting_packaging")).click()
    rows = dashboard.locator("#posting-rows tr")
    expect(rows.first.get_by_text("awaiting_packaging", exact=True)).to_be_visible()
    fbs = next(p for p in store.postings.values() if p.scheme == "fbs" and p.status == "awaiting_packaging")
    row = dashboard.locator(f'tr[data-posting="{fbs.number}"]')
    shot(dashboard, "postings")

    row.get_by_role("button", name="Ship").click()
    expect(dashboard.locator("#toast")).to_have_text(f"Shipped {fbs.number}")
    expect(row).to_have_count(0)                     # it left the awaiting_packaging filter
    assert fbs.status == "awaiting_deliver"
    ozon_server.journal.assert_called_once("/v4/posting/fbs/ship", status=200)   # as the seller, through the API

    dashboard.locator("#posting-statuses").get_by_role("button", name=re.compile(r"^all")).click()
    row = dashboard.locator(f'tr[data-posting="{fbs.number}"]')
    row.get_by_role("button", name="Advance → delivering").click()
    expect(row.get_by_text("delivering", exact=True)).to_be_visible()
    assert fbs.status == "delivering"

    other = next(p for p in store.postings.values() if p.scheme == "fbs" and p.status == "awaiting_packaging")
    row = dashboard.locator(f'tr[data-posting="{other.number}"]')
    row.get_by_role("button", name="Cancel").click()
    expect(row.get_by_text("cancelled", exact=True)).to_be_visible()
    expect(row.get_by_role("button")).to_have_count(0)
    assert other.status == "cancelled"
    ozon_server.journal.assert_called_once("/v2/posting/fbs/cancel", status=200)


def test_a_new_order_appears_and_ships(dashboard, ozon_server):
    before = len(store_of(ozon_server.seller()))
    dashboard.get_by_role("button", name="New FBS order").click()
    expect(dashboard.locator("#toast")).to_have_text("New order created")
    assert len(store_of(ozon_server.seller())) == before + 1
    newest = max(store_of(ozon_server.seller()).postings.values(), key=lambda p: p.seq)
    row = dashboard.locator("#posting-rows tr").first
    expect(row).to_have_attribute("data-posting", newest.number)
    row.get_by_role("button", name="Ship").click()
    expect(row.get_by_text("awaiting_deliver", exact=True)).to_be_visible()


def test_products_and_import_tasks_follow_the_clock(dashboard, ozon_server):
    seller = ozon_server.seller()
    item = dict(valid_item(random.Random(5), "DASH-NEW"), price="990", old_price="0")
    answer = seller_post(ozon_server, "/v3/product/import", {"items": [item]})
    assert answer.status_code == 200, answer.text

    open_tab(dashboard, "Products")
    row = dashboard.locator('tr[data-offer="DASH-NEW"]')
    expect(row.get_by_text("processing", exact=True)).to_be_visible()
    open_tab(dashboard, "Import tasks")
    task_row = dashboard.locator("#task-rows tr").first
    expect(task_row).to_contain_text("DASH-NEW")
    expect(task_row.get_by_text("pending", exact=True)).to_be_visible()

    dashboard.get_by_role("button", name="+1 min").click()
    expect(task_row.get_by_text("imported", exact=True)).to_be_visible()
    open_tab(dashboard, "Products")
    expect(row.get_by_text("ready", exact=True)).to_be_visible()
    expect(row).to_contain_text("990 RUB")
    assert products_of(seller).by_offer_id("DASH-NEW").phase(ozon_server.clock.now().timestamp(),
                                                              ozon_server.world) == "ready"
    shot(dashboard, "products", full_page=True)


def test_adding_and_removing_a_fault(dashboard, ozon_server):
    open_tab(dashboard, "Faults")
    expect(dashboard.locator("#fault-rows")).to_contain_text("No faults")
    dashboard.get_by_label("operation").fill("/v3/product/list")
    dashboard.get_by_label("status", exact=True).select_option("503")
    dashboard.get_by_label("times").fill("2")
    dashboard.get_by_role("button", name="Add fault").click()
    row = dashboard.locator("#fault-rows tr").first
    expect(row).to_contain_text("/v3/product/list")
    expect(row).to_contain_text("→ 503")
    [rule] = ozon_server.faults.rules
    assert (rule.operation, rule.status, rule.times) == ("/v3/product/list", 503, 2)
    assert seller_post(ozon_server, "/v3/product/list", {"limit": 1}).status_code == 503
    open_tab(dashboard, "Faults")                                        # the open tab's link reloads it
    expect(row.locator("td").nth(4)).to_have_text("1")                   # fired once
    shot(dashboard, "faults")

    dashboard.get_by_label("operation").fill("/v3/product/lst")          # a typo is refused, with the reason
    dashboard.get_by_role("button", name="Add fault").click()
    expect(dashboard.locator("#toast")).to_contain_text("matches no served operation")
    assert len(ozon_server.faults.rules) == 1

    row.get_by_role("button", name="Remove").click()
    expect(dashboard.locator("#fault-rows")).to_contain_text("No faults")
    assert ozon_server.faults.rules == []
    assert seller_post(ozon_server, "/v3/product/list", {"limit": 1}).status_code == 200


def test_the_request_log_filters_and_opens_a_call(dashboard, ozon_server):
    seller_post(ozon_server, "/v3/product/list", {"limit": 2})
    seller_post(ozon_server, "/v3/product/list", {"limit": "many"})
    seller_post(ozon_server, "/v1/warehouse/list", {"limit": 10})
    open_tab(dashboard, "Requests")
    rows = dashboard.locator("#log-rows tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("/v1/warehouse/list")             # newest first

    seller_post(ozon_server, "/v1/roles", {})                            # the log follows new calls live
    expect(rows).to_have_count(4)

    dashboard.get_by_label("status class").select_option("4")
    expect(rows).to_have_count(1)
    rows.first.click()
    call = dashboard.locator("#call")
    expect(call).to_contain_text("POST /v3/product/list")
    expect(call.locator("pre").first).to_contain_text('"limit": "many"')
    expect(call.locator("pre").last).to_contain_text('"code": 3')
    bad = ozon_server.journal.last("/v3/product/list", status=400)
    expect(call).to_contain_text(bad.trace_id)
    shot(dashboard, "requests")

    dashboard.get_by_label("status class").select_option("")
    dashboard.get_by_label("path contains").fill("warehouse")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("/v1/warehouse/list")

    dashboard.get_by_role("button", name="Clear").click()
    expect(rows).to_have_text(["No calls yet."])
    expect(call).not_to_contain_text("POST /v3/product/list")
    assert len(ozon_server.journal) == 0


def test_reset_to_another_scenario(dashboard, ozon_server):
    dashboard.get_by_role("button", name="+1 day").click()
    expect(dashboard.locator("#clock-now")).to_have_text("2026-01-16 09:00:00")
    dashboard.get_by_label("scenario to reset to").select_option("empty")
    dashboard.get_by_role("button", name="Reset").click()
    expect(dashboard.locator("#scenario")).to_have_text("empty")
    assert ozon_server.world.scenario == "empty"
    expect(dashboard.locator("#posting-rows")).to_contain_text("No postings")
    open_tab(dashboard, "Products")
    expect(dashboard.locator("#product-rows")).to_contain_text("No products")
    assert len(products_of(ozon_server.seller())) == 0

    dashboard.get_by_label("scenario to reset to").select_option("default")
    dashboard.get_by_role("button", name="Reset").click()
    expect(dashboard.locator("#scenario")).to_have_text("default")
    expect(dashboard.locator("#product-rows tr")).to_have_count(len(products_of(ozon_server.seller())))


def test_sellers_chats_and_reports(dashboard, ozon_server):
    open_tab(dashboard, "Sellers & keys")
    card = dashboard.locator('[data-seller="836"]')
    expect(card).to_contain_text("0296d4f2-70a1-4c09-b507-904fd05567b9")
    expect(card.get_by_text("live", exact=True)).to_be_visible()
    expect(dashboard.locator('[data-seller="837"]')).to_contain_text("ИП Васильев")

    code = seller_post(ozon_server, "/v1/report/products/create", {"language": "DEFAULT"}).json()["result"]["code"]
    open_tab(dashboard, "Reports")
    row = dashboard.locator("#report-rows tr").first
    expect(row).to_contain_text(code)
    expect(row.get_by_text("waiting", exact=True)).to_be_visible()
    dashboard.get_by_role("button", name="+1 min").click()
    expect(row.get_by_text("success", exact=True)).to_be_visible()
    expect(row.get_by_role("link", name="CSV")).to_have_attribute("href", f"/__ozmock/files/reports/{code}.csv")

    open_tab(dashboard, "Chats")
    buyer = dashboard.locator("#chat-list li").filter(has_text="buyer").first
    buyer.click()
    expect(dashboard.locator("#chat-messages .message").first).to_be_visible()
    shot(dashboard, "chats")

    dashboard.locator("#seller").select_option("837")
    open_tab(dashboard, "Products")
    expect(dashboard.locator("#product-rows")).to_contain_text("OZM-837-")


def test_behind_a_control_token_the_page_opened_with_it_works_and_without_it_shows_nothing(browser, ozon_server):
    """Beyond loopback the control API wants a token: the dashboard opened as /__ozmock/ui?token=... sends
    it with every call it makes; opened without it, the page is refused."""
    ozon_server.app.control_token = "s3cret-token"
    try:
        page = browser.new_page()
        assert page.goto(f"{ozon_server.base_url}/__ozmock/ui").status == 401
        page.goto(f"{ozon_server.base_url}/__ozmock/ui?token=s3cret-token#postings")
        expect(page.locator("#clock-now")).to_have_text("2026-01-15 09:00:00")
        page.get_by_role("button", name="+1 h").click()
        expect(page.locator("#clock-now")).to_have_text("2026-01-15 10:00:00")
        assert ozon_server.clock.now().isoformat() == "2026-01-15T10:00:00+00:00"
        page.close()
    finally:
        ozon_server.app.control_token = None
