"""Browser tests: Playwright for Python driving Debian's Chromium (no browser download)."""

import os
import re
from pathlib import Path

import pytest

from tests.live.conftest import prepared_instance  # noqa: F401 - shared fixture
from tests.server import ServerProcess

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, which would stop the live tests' asyncio clients that run after the browser tests.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser` (Debian's chromium package).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def server(prepared_instance):  # noqa: F811
    instance, facts = prepared_instance
    with ServerProcess(instance) as running:
        yield running, facts


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh browser context; console errors (e.g. CSP violations) fail the test."""
    contexts, errors = [], []

    def open_(url, prepare=None, **context_options):
        """`prepare(page)`, if given, runs before the page loads (e.g. to route its socket)."""
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(f"{url}: {message.text}"))
        page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
        if prepare:
            prepare(page)
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], errors


def join_phone(open_page, url: str, code: str, **options):
    """A phone that opened the join link, tapped Join and is connected: the participant's page."""
    from playwright.sync_api import expect

    phone = open_page(f"{url}/j/{code}", **options)
    phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    return phone


def log_in(open_page, url: str, facts: dict, workshop_title: str = "Live"):
    """A facilitator's laptop in Danish: logged in, on the dashboard of the workshop."""
    dashboard = open_page(f"{url}/login", **LAPTOP, locale="da-DK")
    dashboard.locator("#email").fill(facts["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.get_by_role("link", name=workshop_title).click()
    return dashboard
