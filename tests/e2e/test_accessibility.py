"""WCAG 2.1 AA as axe-core measures it, on every page state a person meets: the join pages, every
kind on the phone (to answer, and with its results shown), every kind on the screen (before and
after the reveal, split by a group, the agreement view, the join page; dark and light), and the
facilitator's pages (login, list, dashboard with every activity selected, the editor of every kind,
settings with and without an error, themes, account, plan import).

The rule set is axe's WCAG 2.0/2.1 A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa; see
tests/e2e/axe.py, which adds the best-practice rules). The workshop is branded (a logo and an
accent colour), so the branded pages are the ones measured. Every state's result is written to
test-artifacts/axe-results.md; docs/accessibility.md lists them.

A page built elsewhere (the participants' results page, say) is added to EXTRA_STATES below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from facilitation import workshops
from facilitation.db import Database, sqlite_url
from facilitation.models import Workshop
from tests.server import ServerProcess
from tests.test_branding import LOGO_SVG

from .axe import violations
from .conftest import ARTIFACTS, LAPTOP, PHONE, PROJECTOR
from .test_screen_fits import seed

pytestmark = pytest.mark.browser

# WCAG 1.4.10 (reflow): a 320-CSS-px wide phone.
SMALL_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}}
# Each kind as the phone shows it, by the seeded activity's name (tests/e2e/test_screen_fits.py).
PHONE_KINDS = ["poll", "rating", "ranking", "points", "matrix", "responsibility", "ideas", "cloud", "qa", "stance",
               "commitments"]
SCREEN_STATES = ["poll", "poll_hidden", "poll_split", "rating", "rating_split", "ranking", "points",
                 "points_split", "matrix", "responsibility", "ideas", "cloud", "many_ideas", "qa", "protected", "stance",
                 "commitments", "many_commitments"]
EDITOR_KINDS = ["poll", "rating", "ranking", "points", "matrix", "responsibility", "ideas", "qa", "stance", "commitments"]

# Pages other work adds, checked like the rest: (state name, a function of the room giving the
# address, the browser context options). The participants' results page goes here, e.g.
# ("participants' results page", lambda room: f"{room['url']}/j/{room['code']}/results", PHONE).
# (The published results page is checked with the same rules in test_results_page_in_browser.py.)
EXTRA_STATES: list[tuple[str, object, dict]] = []

RESULTS: dict[str, list[str]] = {}
EXTRA_STATES.append(("the participants' results page, not published",
                     lambda room: f"{room['url']}/j/{room['code']}/results", SMALL_PHONE))


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    instance = tmp_path_factory.mktemp("axe") / "instance"
    facts = seed(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshop = db.get(Workshop, facts["workshop_id"])
        workshops.set_logo(db, workshop, LOGO_SVG)
        workshops.set_accent_color(db, workshop, "#8a2be2")
    database.dispose()
    with ServerProcess(instance, extra_env={"MIN_GROUP_SIZE": "2"}) as server:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        yield {"url": server.url, "api": api, **facts}
    _write_results()


def _write_results():
    ARTIFACTS.mkdir(exist_ok=True)
    lines = ["| page state | axe violations (WCAG 2.1 A/AA + best practice) |", "| --- | --- |"]
    for state, found in RESULTS.items():
        details = "; ".join(" ".join(line.split()) for line in found)
        lines.append(f"| {state} | {len(found)}{': ' + details if found else ''} |")
    (ARTIFACTS / "axe-results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(state: str, page, failures: list[str], reflow: bool = False) -> None:
    """Run axe on the page once its animations have ended; remember the result under `state`.
    With `reflow`, also WCAG 1.4.10: nothing needs scrolling sideways (at 320 CSS px)."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    found = violations(page)
    if reflow:
        # A mobile browser widens its layout to fit wide content (and zooms out), so the page
        # is measured against the phone's own 320 px, not against innerWidth.
        width = SMALL_PHONE["viewport"]["width"]
        wide = page.evaluate("""(width) => Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
            .map((e) => e.tagName.toLowerCase() + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30))""", width)
        if wide or page.evaluate("() => document.documentElement.scrollWidth") > width:
            found = found + [f"reflow (1.4.10): wider than the 320-px window: {wide[:5]}"]
    RESULTS[state] = found
    if found:
        failures.append(f"{state}:\n  " + "\n  ".join(found))


def present(room, name):
    activity_id = room["activities"][name] if name else None
    room["api"].post(f"{room['url']}/api/v1/workshops/{room['workshop_id']}/present",
                     json={"activity_id": activity_id}).raise_for_status()


def settled(page):
    """Wait until the screen has drawn and fitted the presented activity."""
    expect(page.locator("#presented")).to_have_attribute("data-fit", "done")
    page.evaluate("() => document.fonts.ready")


def test_the_join_pages(room, browser):
    failures = []
    context = browser.new_context(**SMALL_PHONE, locale="da-DK", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{room['url']}/")
    check("join: enter the code", page, failures, reflow=True)
    page.locator("#code").fill("ZZZZZZ")
    page.get_by_role("button", name="Deltag").click()
    check("join: a wrong code (error shown)", page, failures, reflow=True)
    page.goto(f"{room['url']}/j/{room['code']}")
    check("join: the join page (a segment question, the logo)", page, failures, reflow=True)
    for name, address, options in EXTRA_STATES:
        extra = browser.new_context(**options, bypass_csp=True).new_page()
        extra.goto(address(room))
        check(name, extra, failures)
        extra.context.close()
    context.close()
    assert not failures, "\n".join(failures)


def test_every_kind_on_the_phone(room, browser):
    failures = []
    context = browser.new_context(**SMALL_PHONE, locale="da-DK", bypass_csp=True)
    phone = context.new_page()
    present(room, None)
    phone.goto(f"{room['url']}/j/{room['code']}")
    phone.get_by_role("button", name="Deltag").click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(phone.locator("#waiting")).to_be_visible()
    check("phone: waiting for the next question", phone, failures, reflow=True)
    for name in PHONE_KINDS:
        present(room, name)
        expect(phone.locator("#activity")).to_be_visible()
        expect(phone.locator("#answer-area")).not_to_be_empty()
        if name != "qa":  # the questions are their own results
            expect(phone.locator("#results")).to_be_visible()  # the seeded results are revealed
        check(f"phone: {name}, to answer, results shown", phone, failures, reflow=True)
        phone.screenshot(path=str(ARTIFACTS / f"axe-phone-{name}.png"), full_page=True)
    present(room, "poll_hidden")
    expect(phone.locator("#results")).to_be_hidden()
    check("phone: poll, results not yet shown", phone, failures, reflow=True)
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_every_kind_on_the_screen(room, browser, theme):
    failures = []
    context = browser.new_context(**PROJECTOR, bypass_csp=True)
    screen = context.new_page()
    present(room, None)
    screen.goto(f"{room['url']}/screen/{room['screen_secret']}?theme={theme}")
    expect(screen.locator("#screen-connection")).to_have_attribute("data-state", "connected")
    expect(screen.locator("#lobby")).to_be_visible()
    check(f"screen ({theme}): the join page", screen, failures)
    for name in SCREEN_STATES:
        present(room, name)
        expect(screen.locator("#presented")).to_be_visible()
        expect(screen.locator("#screen-chart")).to_have_attribute("data-activity", str(room["activities"][name]))
        settled(screen)
        check(f"screen ({theme}): {name}", screen, failures)
    present(room, "rating")
    settled(screen)
    screen.keyboard.press("a")
    expect(screen.locator(".agreement-lists")).to_be_visible()
    check(f"screen ({theme}): rating, where the room agrees", screen, failures)
    screen.keyboard.press("a")
    screen.goto(f"{room['url']}/screen/{room['screen_secret']}?theme={theme}&clean=1")
    settled(screen)
    check(f"screen ({theme}): rating, without the join strip", screen, failures)
    context.close()
    assert not failures, "\n".join(failures)


def test_the_facilitators_pages(room, browser):
    failures = []
    context = browser.new_context(**LAPTOP, locale="da-DK", bypass_csp=True)
    page = context.new_page()
    url, workshop_id = room["url"], room["workshop_id"]
    page.goto(f"{url}/login")
    check("facilitator: log in", page, failures)
    page.locator("#email").fill("screen@bibliotek.dk")
    page.locator("#password").fill("wrong password")
    page.locator("form button[type=submit]").click()
    check("facilitator: log in, wrong password (error shown)", page, failures)
    page.locator("#email").fill("screen@bibliotek.dk")
    page.locator("#password").fill("correct horse battery")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{url}/workshops")
    check("facilitator: the workshops", page, failures)
    present(room, "rating")
    page.goto(f"{url}/workshops/{workshop_id}")
    expect(page.locator("#sel-prompt")).not_to_be_empty()
    check("dashboard: the presented activity", page, failures)
    buttons = page.locator(".agenda-button")
    for index in range(buttons.count()):
        buttons.nth(index).click()
        expect(buttons.nth(index)).to_have_attribute("aria-pressed", "true")
        check(f"dashboard: agenda item {index + 1} selected", page, failures)
    for kind in EDITOR_KINDS:
        page.goto(f"{url}/workshops/{workshop_id}/activities/new?kind={kind}")
        check(f"editor: a new {kind}", page, failures)
    for name in ("poll", "rating", "matrix", "ideas", "commitments", "qa"):  # qa last: its save is refused below
        page.goto(f"{url}/workshops/{workshop_id}/activities/{room['activities'][name]}/edit")
        check(f"editor: editing {name}", page, failures)
    # Saved from another tab meanwhile: this page's save is refused with a message.
    room["api"].patch(f"{url}/api/v1/activities/{room['activities']['qa']}",
                      json={"prompt": "Spørgsmål til panelet"}).raise_for_status()
    page.locator("form button.primary").first.click()
    expect(page.locator("[role=alert]").first).to_be_visible()
    check("editor: a refused save (error shown)", page, failures)
    page.goto(f"{url}/workshops/{workshop_id}/settings")
    check("settings", page, failures)
    page.locator("#embed-origins").fill("http://stream.example")
    page.get_by_role("button", name="Gem webstederne").click()
    expect(page.locator("#embed-error")).to_be_visible()
    check("settings: a refused site (error shown)", page, failures)
    page.goto(f"{url}/workshops/{workshop_id}/settings")
    page.locator("#accent-color").fill("#ffcc00")
    page.get_by_role("button", name="Gem logo og farve").click()
    expect(page.locator("#branding-error")).to_be_visible()
    check("settings: a refused colour (error shown)", page, failures)
    page.screenshot(path=str(ARTIFACTS / "settings-refused-colour.png"), full_page=True)
    for name, path in (("themes", f"/workshops/{workshop_id}/themes"), ("account", "/account"),
                       ("plan import", "/workshops/import"),
                       ("activity preview", f"/workshops/{workshop_id}/activities/{room['activities']['matrix']}/preview"),
                       ("the printable report", f"/workshops/{workshop_id}/report")):
        page.goto(url + path)
        check(f"facilitator: {name}", page, failures)
    context.close()
    assert not failures, "\n".join(failures)
