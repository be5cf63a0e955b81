"""Who should lead, in real Chromium: phones (360 and 320 px wide) choose a lead per theme with
taps and with the keyboard only; the dashboard and the screen show the theme × lead heat map with
the room's exact counts; and the heat map fits the projector at 1920×1080 and 1280×720 with 12
and 15 themes, split by a segment question, on the dark and the light theme, measured as the
screen-fit tests measure (text boxes that neither overlap, nor are cut off, nor are too small,
contrast ≥ 4.5:1). Screenshots go to test-artifacts/ (docs/images/ with UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import random
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.server import ServerProcess

from .conftest import LAPTOP, PHONE, PROJECTOR, join_phone, log_in
from .test_screen_fits import IMAGES, MORE_THEMES, REGIONS, SIZES, THEMES, problems, save_screenshot, settled

pytestmark = pytest.mark.browser

ROOM_THEMES = ["Fælles infrastruktur", "Digital dannelse", "Kulturarv"]
NARROW_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}}


@pytest.fixture
def room(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url, workshop_id = running.url, facts["workshop_id"]
    theme_ids = [api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title}).json()["theme"]["id"]
                 for title in ROOM_THEMES]
    made = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities",
                    json={"kind": "responsibility", "prompt": "Hvem skal gå forrest?", "config": {"themes": "all"}})
    assert made.status_code == 201, made.text
    activity_id = made.json()["activity"]["id"]
    api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
    api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()
    return {"url": url, "facts": facts, "api": api, "activity_id": activity_id, "theme_ids": theme_ids}


def join(open_page, room, device):
    phone = join_phone(open_page, room["url"], room["facts"]["code"], **device)
    expect(phone.locator(".responsibility-item")).to_have_count(3)
    return phone


def theme_group(phone, title):
    return phone.locator(".responsibility-item", has=phone.locator("legend", has_text=title))


def test_phones_choose_and_the_room_sees_the_heat_map(room, open_page, artifacts):
    screen = open_page(f"{room['url']}/screen/{room['facts']['screen_secret']}", **PROJECTOR)
    dashboard = log_in(open_page, room["url"], room["facts"])
    alice, bob = join(open_page, room, PHONE), join(open_page, room, NARROW_PHONE)

    # Every choice of a theme is a large radio button, and the fixed choices are there in Danish.
    group = theme_group(alice, "Fælles infrastruktur")
    expect(group.locator(".choice")).to_have_count(7)
    expect(group.locator(".choice").nth(5)).to_have_text("Det lokale bibliotek")
    expect(group.locator(".choice").nth(6)).to_have_text("I fællesskab")
    for box in group.locator(".choice").all():
        assert box.bounding_box()["height"] >= 48

    # Alice taps: KOMBIT leads the infrastructure, together the cultural heritage; she changes
    # her mind on digital literacy and skips it.
    group.locator(".choice", has_text="KOMBIT").click()
    theme_group(alice, "Kulturarv").locator(".choice", has_text="I fællesskab").click()
    literacy = theme_group(alice, "Digital dannelse")
    literacy.locator(".choice", has_text="Det lokale bibliotek").click()
    literacy.get_by_role("button", name="Spring temaet over").click()
    expect(literacy.locator("input:checked")).to_have_count(0)
    alice.get_by_role("button", name="Send").click()
    expect(alice.locator("#save-status")).to_have_attribute("data-state", "saved")
    alice.screenshot(path=artifacts / "phone-responsibility.png", full_page=True)

    # Bob, on a 320 px phone, uses only the keyboard: Tab into the first theme's radio group,
    # arrow keys to move within it, Space to choose; nothing is wider than his screen.
    assert bob.evaluate("document.documentElement.scrollWidth") <= 320
    first = theme_group(bob, "Fælles infrastruktur").locator("input").first
    first.focus()
    bob.keyboard.press("Space")
    for _ in range(2):
        bob.keyboard.press("ArrowDown")  # → KOMBIT (the third actor)
    expect(theme_group(bob, "Fælles infrastruktur").locator("input:checked")).to_have_value("c")
    bob.keyboard.press("Tab")  # leaves the group: the skip button, then the next theme
    bob.keyboard.press("Tab")
    bob.keyboard.press("Space")
    expect(theme_group(bob, "Digital dannelse").locator("input:checked")).to_have_value("a")
    bob.locator("#send").focus()
    bob.keyboard.press("Enter")
    expect(bob.locator("#save-status")).to_have_attribute("data-state", "saved")
    bob.screenshot(path=artifacts / "phone-responsibility-320.png", full_page=True)

    results = room["api"].get(f"{room['url']}/api/v1/activities/{room['activity_id']}/results").json()["results"]
    infra, literacy_result, heritage = results["themes"]
    assert infra["counts"]["c"] == 2 and infra["leaders"] == ["c"] and infra["agreement"] == 1
    assert literacy_result["n"] == 1 and literacy_result["counts"]["a"] == 1
    assert heritage["counts"]["together"] == 1 and heritage["n"] == 1

    # The dashboard draws the heat map while the results are hidden from the room.
    cell = dashboard.locator("#sel-chart tr", has_text="Fælles infrastruktur").locator("td[data-choice=c]")
    expect(cell).to_contain_text("★ 2")
    expect(cell).to_contain_text("100 %")
    expect(cell).to_have_class(re.compile("heat-4"))
    dashboard.screenshot(path=artifacts / "dashboard-responsibility.png")

    room["api"].post(f"{room['url']}/api/v1/activities/{room['activity_id']}/reveal").raise_for_status()
    rows = screen.locator("#screen-chart table.heatmap tbody tr")
    expect(rows).to_have_count(3)
    expect(screen.locator("#screen-chart thead th")).to_have_count(9)
    # The heads as read (soft hyphens, where a long name may break, are not seen unless it does).
    assert [text.replace("\u00ad", "") for text in screen.locator("#screen-chart thead th").all_text_contents()] == [
        "Tema", "Det Digitale Folkebibliotek", "Centralbibliotekerne", "KOMBIT", "Det Kgl. Bibliotek",
        "Bibliotekernes Data og IT", "Det lokale bibliotek", "I fællesskab", "Enighed"]
    expect(rows.nth(0).locator("td.lead")).to_have_count(1)
    expect(rows.nth(0).locator("td.lead")).to_have_attribute("data-choice", "c")
    expect(rows.nth(2).locator("td[data-choice=together]")).to_contain_text("★ 1")
    expect(rows.nth(0).locator(".heat-agreement")).to_have_text("1,00")
    settled(screen)
    assert problems(screen) == []
    screen.screenshot(path=artifacts / "screen-responsibility-live.png")

    # Revealed results reach the phones too, as one bar per theme on a narrow screen.
    expect(bob.locator("#results .theme-result")).to_have_count(3)
    expect(bob.locator("#results .theme-result").first).to_contain_text("Fælles infrastruktur: KOMBIT")
    assert bob.evaluate("document.documentElement.scrollWidth") <= 320


# --- the heat map on the projector -----------------------------------------------------------------


def seed(instance):
    """A workshop with a heat map of 12 themes (8 people; the first theme splits the room between
    two leads), one of 15, and one split by region; all revealed."""
    from facilitation import accounts, workshops
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url

    load_or_create_secret_key(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    rng = random.Random(11)
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "heat@bibliotek.dk", "correct horse battery")
        token = accounts.create_api_token(db, facilitator)
        workshop = workshops.create_workshop(db, facilitator.id, "Strategisk Folkebiblioteksmøde", "da")
        workshops.set_segments(db, workshop, [{"question": "Region", "options": REGIONS, "required": False}])
        themes = [workshops.add_theme(db, workshop, title) for title in THEMES + MORE_THEMES]
        twelve = [theme.id for theme in themes[:12]]
        prompt = "Hvem skal gå forrest med hvert tema: en national aktør, det lokale bibliotek eller alle i fællesskab?"
        activities = {
            "twelve": workshops.add_activity(db, workshop, "responsibility", prompt, {"themes": twelve}),
            "fifteen": workshops.add_activity(db, workshop, "responsibility", prompt, {"themes": "all"}),
            "split": workshops.add_activity(db, workshop, "responsibility", prompt, {"themes": twelve}),
        }
        for activity in activities.values():
            workshops.open_activity(db, activity)
        workshops.set_split(db, activities["split"], "Region")
        workshops.set_pace(db, workshop, "self_paced")
        db.flush()
        choices = ["a", "b", "c", "d", "e", "local", "together"]
        for index in range(8):
            person = workshops.join(db, workshop, segment_answers={"Region": REGIONS[index % 4]})
            leads = {str(theme.id): rng.choice(choices[:3] + choices[5:]) for theme in themes}
            leads[str(themes[0].id)] = "c" if index % 2 else "local"
            for name, activity in activities.items():
                own = {key: value for key, value in leads.items() if name == "fifteen" or int(key) in twelve}
                workshops.respond(db, person.id, workshop.id, activity.id, {"leads": own}, f"{name}-{index}")
        for activity in activities.values():
            workshops.set_results_revealed(db, activity, True)
        workshops.set_pace(db, workshop, "presenter")
        facts = {"token": token, "workshop_id": workshop.id, "screen_secret": workshop.screen_secret,
                 "activities": {name: activity.id for name, activity in activities.items()}}
    database.dispose()
    return facts


@pytest.fixture(scope="module")
def heat_room(tmp_path_factory):
    instance = tmp_path_factory.mktemp("heat") / "instance"
    facts = seed(instance)
    with ServerProcess(instance, extra_env={"MIN_GROUP_SIZE": "2"}) as server:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        yield {"url": server.url, "api": api, **facts}


# Where a line ends inside a word without a hyphen, as a person reads the text of `selector`: for
# each text node, the characters whose box starts a new line, and what precedes them.
BROKEN_WORDS = r"""
(selector) => Array.from(document.querySelectorAll(selector)).flatMap((element) => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    let lastTop = null, before = "";
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      // The last box: Chromium also gives the character after a hyphenated break the box of the
      // hyphen drawn at the end of the line before.
      const box = Array.from(range.getClientRects()).filter((r) => r.width > 0.5).pop();
      if (!box) { before = text[i]; continue; }  // a soft hyphen not shown, or a space at a break
      if (lastTop !== null && box.top > lastTop + 2 && !/[\s­-]/.test(before)) {
        broken.push(text.replace(/­/g, "") + " broken before “" + text.slice(i).replace(/­/g, "") + "”");
      }
      lastTop = box.top;
      before = text[i];
    }
  }
  return broken;
})
"""


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", ["twelve", "fifteen", "split"])
def test_the_heat_map_fits_the_projector(heat_room, browser, view, size, theme):
    heat_room["api"].post(f"{heat_room['url']}/api/v1/workshops/{heat_room['workshop_id']}/present",
                          json={"activity_id": heat_room["activities"][view]}).raise_for_status()
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{heat_room['url']}/screen/{heat_room['screen_secret']}?theme={theme}")
        expect(page.locator("#screen-connection")).to_have_attribute("data-state", "connected")
        if view == "split":
            expect(page.locator("#screen-chart .split-column").first).to_be_visible()
        else:
            expect(page.locator("#screen-chart table.heatmap tbody tr")).to_have_count(12 if view == "twelve" else 15)
            # The first theme splits the room between KOMBIT and the local library: both 4 of 8.
            first = page.locator("#screen-chart tbody tr").first
            expect(first.locator("td.lead")).to_have_count(2)
            expect(first.locator(".badge.divided")).to_be_visible()
        settled(page)
        if theme == "dark":
            save_screenshot(page, IMAGES / f"screen-responsibility-{view}-{size}.png")
        assert problems(page) == []
        # A long name in a narrow column breaks at a syllable, with a hyphen ("Centralbiblio-
        # tekerne"), never anywhere in a word.
        assert page.evaluate(BROKEN_WORDS, "#screen-chart thead th") == []
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_agreement_view_lists_the_most_agreed_and_the_divided_themes(heat_room, browser, size):
    heat_room["api"].post(f"{heat_room['url']}/api/v1/workshops/{heat_room['workshop_id']}/present",
                          json={"activity_id": heat_room["activities"]["twelve"]}).raise_for_status()
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        page.goto(f"{heat_room['url']}/screen/{heat_room['screen_secret']}")
        expect(page.locator("#screen-chart table.heatmap")).to_be_visible()
        page.keyboard.press("a")
        expect(page.locator("#screen-chart .agreement-lists")).to_be_visible()
        expect(page.locator("#screen-chart .agreement-lists h2")).to_have_text(["Størst enighed", "Delt forsamling"])
        # The first theme is split 4–4 between KOMBIT and the local library.
        expect(page.locator("#screen-chart .agreement-lists section").nth(1)).to_contain_text(THEMES[0])
        settled(page)
        assert problems(page) == []
    finally:
        context.close()


def test_the_dashboard_shows_the_heat_map_with_the_room_in_view(heat_room, browser, artifacts):
    context = browser.new_context(**LAPTOP, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(f"{heat_room['url']}/login")
        page.locator("#email").fill("heat@bibliotek.dk")
        page.locator("#password").fill("correct horse battery")
        page.locator("form button[type=submit]").click()
        page.get_by_role("link", name="Strategisk Folkebiblioteksmøde").click()
        heat_room["api"].post(f"{heat_room['url']}/api/v1/workshops/{heat_room['workshop_id']}/present",
                              json={"activity_id": heat_room["activities"]["twelve"]}).raise_for_status()
        expect(page.locator("#sel-chart table.heatmap tbody tr")).to_have_count(12)
        # Measured in one step: the dashboard may draw the chart again (a tally arriving) between two
        # separate measurements, and a replaced table has no box.
        table_right, chart_right = page.evaluate("""() => {
            const chart = document.getElementById('sel-chart');
            return [chart.querySelector('table.heatmap').getBoundingClientRect().right,
                    chart.getBoundingClientRect().right]; }""")
        assert table_right <= chart_right + 1
        page.screenshot(path=artifacts / "dashboard-responsibility-12.png", full_page=True)
    finally:
        context.close()
