"""The phone and the dashboard as people use them: placing themes on the strategy map, seeing
moderation of one's own ideas live, the idea limit, the dashboard's connection state and its
keyboard, and the addresses it shows. Real server, real Chromium; screenshots in test-artifacts/."""

import re

import pytest
import requests
from playwright.sync_api import expect

from .axe import violations
from .conftest import LAPTOP, PHONE, join_phone

pytestmark = pytest.mark.browser

THEMES = ["Fælles infrastruktur", "Digitale materialer", "Data om brugerne", "Kulturarv", "Læselyst hos børn",
          "Biblioteket som mødested", "Grøn omstilling", "Demokratisk samtale", "Kompetencer hos personalet",
          "Partnerskaber med skoler", "Åbningstider uden personale", "Formidling på sociale medier"]


@pytest.fixture
def room(server):
    running, facts = server
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {facts['token']}"
    url, workshop_id = running.url, facts["workshop_id"]

    def add(kind, prompt, config, open_=True):
        response = api.post(f"{url}/api/v1/workshops/{workshop_id}/activities",
                            json={"kind": kind, "prompt": prompt, "config": config})
        assert response.status_code == 201, response.text
        activity_id = response.json()["activity"]["id"]
        if open_:
            api.post(f"{url}/api/v1/activities/{activity_id}/open").raise_for_status()
        return activity_id

    def present(activity_id):
        api.post(f"{url}/api/v1/workshops/{workshop_id}/present", json={"activity_id": activity_id}).raise_for_status()

    def results(activity_id):
        return api.get(f"{url}/api/v1/activities/{activity_id}/results").json()["results"]

    return {"url": url, "facts": facts, "api": api, "add": add, "present": present, "results": results,
            "server": running}


def join(open_page, room):
    # bypass_csp lets the tests inject axe-core (tests/e2e/axe.py); the pages never need it.
    return join_phone(open_page, room["url"], room["facts"]["code"], **PHONE, bypass_csp=True)


def log_in(open_page, room):
    dashboard = open_page(f"{room['url']}/login", **LAPTOP, locale="da-DK")
    dashboard.locator("#email").fill(room["facts"]["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    expect(dashboard).to_have_url(re.compile(r"/workshops$"))  # logged in before going on
    dashboard.goto(f"{room['url']}/workshops/{room['facts']['workshop_id']}")
    expect(dashboard.locator(".agenda-item").first).to_be_visible()
    dashboard.wait_for_load_state("networkidle")
    return dashboard


def test_map_places_the_selected_theme_where_tapped_even_on_a_dot(room, open_page, artifacts):
    api, url = room["api"], room["url"]
    for title in THEMES:
        api.post(f"{url}/api/v1/workshops/{room['facts']['workshop_id']}/themes", json={"title": title}).raise_for_status()
    matrix = room["add"]("matrix", "Strategikortet", {"themes": "all", "x_label": "Værdi", "y_label": "Gennemførbarhed",
                                                      "x_high": "høj", "y_high": "let"})
    room["present"](matrix)
    phone = join(open_page, room)
    grid = phone.locator(".matrix-grid")
    expect(grid).to_be_visible()

    # Every theme still to place is visible at once: the buttons wrap, none scroll sideways.
    expect(phone.locator(".matrix-left")).to_have_text("Endnu ikke placeret: 12 af 12")
    chips = phone.locator(".matrix-chips.to-place .matrix-chip")
    expect(chips).to_have_count(12)
    strip = phone.locator(".matrix-chips.to-place").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert strip[0] <= strip[1], strip
    for box in (chip.bounding_box() for chip in chips.all()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box

    # The first theme is selected; a tap places it. The next one is selected by itself, and a tap
    # right on the first dot places the second theme there; the first dot stays where it was.
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box["y"] + box["height"] <= 740, box  # the whole map is on the first screen
    expect(phone.locator(".matrix-chip[aria-pressed=true]")).to_contain_text(THEMES[0])
    phone.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    expect(phone.locator(".matrix-chip[aria-pressed=true]")).to_contain_text(THEMES[1])
    phone.touchscreen.tap(box["x"] + box["width"] * 0.8 + 3, box["y"] + box["height"] * 0.2 + 3)  # a finger
    expect(phone.locator(".matrix-dot")).to_have_count(2)
    assert grid.bounding_box() == box  # placing does not move the map
    expect(phone.locator(".matrix-left")).to_have_text("Endnu ikke placeret: 10 af 12")

    # The dots are labelled with their theme, readable beside the dot.
    label = phone.locator(".matrix-dot", has_text=THEMES[0]).locator(".matrix-dot-label")
    expect(label).to_be_visible()
    assert label.bounding_box()["width"] > 40

    # To move a placed theme: choose it under the map, then tap.
    phone.locator(".matrix-chips.placed .matrix-chip", has_text=THEMES[0]).click()
    expect(phone.locator(".matrix-current")).to_contain_text(THEMES[0])
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    phone.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    # With a placed theme chosen, tapping another dot chooses that dot (and does not move the first).
    phone.locator(".matrix-chips.placed .matrix-chip", has_text=THEMES[0]).click()
    grid.scroll_into_view_if_needed()
    dot = phone.locator(".matrix-dot", has_text=THEMES[1]).bounding_box()
    phone.mouse.click(dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    expect(phone.locator(".matrix-dot.current")).to_contain_text(THEMES[1])
    phone.screenshot(path=artifacts / "phone-matrix-12.png", full_page=True)
    found = violations(phone)
    assert not found, "\n".join(found)

    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(phone.locator("#save-status")).to_contain_text("10 temaer er ikke placeret og tæller ikke med.")
    placed = {t["label"]: t for t in room["results"](matrix)["themes"] if t["n"]}
    assert set(placed) == {THEMES[0], THEMES[1]}
    assert placed[THEMES[0]]["quadrants"]["low_low"] == 1
    assert placed[THEMES[1]]["quadrants"]["high_high"] == 1


def add_activity_in_database(instance, workshop_id, prompt):
    """Change the workshop behind the server's back, as if it happened while a dashboard was away."""
    from facilitation import workshops
    from facilitation.db import Database, sqlite_url

    database = Database(sqlite_url(instance / "facilitation.db"))
    with database.transaction() as db:
        workshops.add_activity(db, db.get(workshops.Workshop, workshop_id), "poll", prompt,
                               {"options": ["Ja", "Nej"], "max_choices": 1})
    database.dispose()


def test_dashboard_says_when_it_lost_the_connection_and_resyncs(room, browser, artifacts):
    # Its own context: the refused reconnection attempts while the server is down are expected
    # console errors here (open_page fails a test on any console error).
    context = browser.new_context(**LAPTOP, locale="da-DK")
    errors = []
    opened = context.new_page()
    opened.on("pageerror", lambda error: errors.append(str(error)))

    def open_(url, **_options):
        opened.goto(url)
        return opened

    dashboard = log_in(open_, room)
    expect(dashboard.locator("#connection")).to_have_text("Forbundet")  # and in Danish
    server = room["server"]
    server.kill()
    expect(dashboard.locator("#connection")).to_have_attribute("data-state", "reconnecting")
    expect(dashboard.locator("#connection")).to_contain_text("Forbindelsen blev afbrudt")
    assert dashboard.locator("#presence").evaluate("e => getComputedStyle(e).opacity") == "0.45"  # old numbers
    dashboard.screenshot(path=artifacts / "dashboard-offline.png")
    add_activity_in_database(server.instance_path, room["facts"]["workshop_id"], "Spurgt mens dashboardet var væk")
    server.start()
    expect(dashboard.locator("#connection")).to_have_attribute("data-state", "connected", timeout=20000)
    expect(dashboard.locator(".agenda-prompt", has_text="Spurgt mens dashboardet var væk")).to_have_count(1)
    assert dashboard.locator("#presence").evaluate("e => getComputedStyle(e).opacity") == "1"
    context.close()
    assert errors == []  # no script error, only refused connections


def test_dashboard_keys_mean_what_they_mean_on_the_screen_and_a_draft_opens_when_presented(room, open_page, artifacts):
    api, url = room["api"], room["url"]
    poll_id = room["facts"]["poll_id"]
    draft = room["add"]("poll", "Et udkast", {"options": ["Ja", "Nej"], "max_choices": 1}, open_=False)
    dashboard = log_in(open_page, room)
    shortcut = dashboard.locator(".shortcuts li", has=dashboard.locator("kbd", has_text=re.compile("^B$")))
    expect(shortcut).to_contain_text("resultater")  # B is listed as reveal or hide, nothing else

    # B reveals (or hides) the results, as a presenter clicker's B does on the screen; it does not
    # move to the previous activity.
    dashboard.locator(".agenda-button", has_text="Hvem først?").click()
    dashboard.keyboard.press("b")
    expect(dashboard.locator("#sel-revealed")).to_have_attribute("class", re.compile("revealed"))
    view = api.get(f"{url}/api/v1/workshops/{room['facts']['workshop_id']}").json()
    assert view["workshop"]["presented_activity_id"] == poll_id
    assert [a["results_revealed"] for a in view["activities"] if a["id"] == poll_id] == [True]

    # A draft is presented and opened in one step.
    dashboard.locator(".agenda-button", has_text="Et udkast").click()
    expect(dashboard.locator("#btn-present-open")).to_be_visible()
    dashboard.screenshot(path=artifacts / "dashboard-draft.png")
    dashboard.locator("#btn-present-open").click()
    expect(dashboard.locator("#sel-state")).to_have_class(re.compile("state-open"))
    expect(dashboard.locator("#sel-presented")).to_be_visible()
    expect(dashboard.locator("#btn-present-open")).to_be_hidden()


def send_text(phone, text):
    phone.locator(".entry-text").fill(text)
    phone.locator("#send").click()
    expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")


def test_author_sees_moderation_live_and_the_limit_is_explained(room, open_page, artifacts):
    api, url = room["api"], room["url"]
    ideas = room["add"]("ideas", "Hvad mangler vi?", {"display": "wall", "per_participant": 2, "moderation": "approve"})
    room["present"](ideas)
    phone = join(open_page, room)
    send_text(phone, "Flere læsekredse")
    send_text(phone, "Længere åbent om aftenen")
    mine = phone.locator(".mine .mine-entry")
    expect(mine).to_have_count(2)
    expect(mine.filter(has_text="Flere læsekredse")).to_contain_text("Venter på godkendelse")

    # The facilitator approves one and hides the other: the author's phone shows it without a reload.
    pending = room["results"](ideas)["moderation"]["pending"]
    by_text = {entry["text"]: entry["id"] for entry in pending}
    api.post(f"{url}/api/v1/entries/{by_text['Flere læsekredse']}/moderate", json={"status": "visible"}).raise_for_status()
    api.post(f"{url}/api/v1/entries/{by_text['Længere åbent om aftenen']}/moderate", json={"status": "hidden"}).raise_for_status()
    expect(mine.filter(has_text="Flere læsekredse")).not_to_contain_text("Venter på godkendelse")
    expect(mine.filter(has_text="Længere åbent")).to_contain_text("Vises ikke")

    # Two of two sent: the box and the button say the limit is reached, not "write something first".
    expect(phone.locator(".entry-text")).to_be_disabled()
    expect(phone.locator("#send")).to_be_disabled()
    expect(phone.locator("#send")).to_have_text("Grænsen er nået")
    expect(phone.locator(".sent-count")).to_have_text("Du har sendt 2 af 2. Du kan ikke sende flere.")
    phone.screenshot(path=artifacts / "phone-ideas-limit.png", full_page=True)
    found = violations(phone)
    assert not found, "\n".join(found)


def test_dashboard_and_screen_give_phones_an_address_they_can_reach(prepared_instance, open_page):
    """Opened on localhost without PUBLIC_URL, the links and QR code use the machine's network
    address; where there is none (or PUBLIC_URL is a loopback address), the dashboard warns."""
    from facilitation.serve import lan_address

    from tests.server import ServerProcess

    instance, facts = prepared_instance
    lan = lan_address()
    with ServerProcess(instance, extra_env={"PUBLIC_URL": ""}) as running:
        room = {"url": running.url, "facts": facts}
        dashboard = log_in(open_page, room)
        join_link = dashboard.locator(".join-facts a").first
        screen_page = requests.get(f"{running.url}/screen/{facts['screen_secret']}").text
        if lan.startswith("127."):  # a machine without a network: nothing to offer but the warning
            expect(dashboard.locator("#address-warning")).to_be_visible()
        else:
            expect(join_link).to_have_text(f"http://{lan}:{running.port}/j/{facts['code']}")
            expect(dashboard.locator("#address-warning")).to_have_count(0)
            assert f"{lan}:{running.port}/j/<strong>{facts['code']}</strong>" in screen_page
            assert "127.0.0.1" not in screen_page
            qr = requests.get(f"{running.url}/j/{facts['code']}/qr.svg")
            assert qr.status_code == 200 and qr.headers["Content-Type"].startswith("image/svg+xml")
            # The QR code is the one of the network address (segno draws the same code each time).
            import io

            import segno

            expected = io.BytesIO()
            segno.make(f"http://{lan}:{running.port}/j/{facts['code']}", error="m").save(
                expected, kind="svg", scale=10, border=2, xmldecl=False)
            assert qr.content == expected.getvalue()


def test_dashboard_warns_when_the_public_address_is_loopback(room, open_page):
    dashboard = log_in(open_page, room)  # the test server's PUBLIC_URL is http://127.0.0.1:…
    expect(dashboard.locator("#address-warning")).to_be_visible()
    expect(dashboard.locator("#address-warning")).to_contain_text("PUBLIC_URL")


def test_phone_and_dashboard_pass_axe(room, open_page, artifacts):
    """Accessibility as axe-core measures it: contrast (the "Answered" badge), upvote buttons whose
    name contains what they show, one banner landmark on the dashboard."""
    api, url = room["api"], room["url"]
    qa = room["add"]("qa", "Spørg løs", {"per_participant": 3})
    room["present"](qa)
    asker = join(open_page, room)
    send_text(asker, "Hvornår kommer den nye app?")
    send_text(asker, "Hvem betaler?")
    phone = join_phone(open_page, url, room["facts"]["code"], **PHONE, bypass_csp=True)
    questions = room["results"](qa)["questions"]
    api.post(f"{url}/api/v1/entries/{questions[0]['id']}/answered", json={"answered": True}).raise_for_status()
    expect(phone.locator(".question.answered")).to_have_count(1)
    phone.locator(".upvote").first.click()
    expect(phone.locator(".upvote[aria-pressed=true]")).to_have_count(1)
    expect(phone.locator(".upvote[aria-pressed=true]")).to_have_text(re.compile("▲ 1"))
    # An answered question is set apart by its background, in the same type as the others.
    sizes = phone.locator(".question .question-text").evaluate_all("els => els.map(e => getComputedStyle(e).fontSize)")
    assert len(sizes) == 2 and len(set(sizes)) == 1, sizes
    phone.screenshot(path=artifacts / "phone-qa.png", full_page=True)
    found = violations(phone)
    assert not found, "\n".join(found)

    dashboard = open_page(f"{url}/login", **LAPTOP, locale="da-DK", bypass_csp=True)
    dashboard.locator("#email").fill(room["facts"]["facilitator_email"])
    dashboard.locator("#password").fill("correct horse battery")
    dashboard.locator("form button[type=submit]").click()
    dashboard.goto(f"{url}/workshops/{room['facts']['workshop_id']}")
    dashboard.locator(".agenda-button", has_text="Spørg løs").click()
    expect(dashboard.locator("#visible-list .entry")).to_have_count(2)
    dashboard.screenshot(path=artifacts / "dashboard-qa.png", full_page=True)
    found = violations(dashboard)
    assert not found, "\n".join(found)
    workshop_id = room["facts"]["workshop_id"]
    for path in ("/workshops", f"/workshops/{workshop_id}/settings", f"/workshops/{workshop_id}/themes",
                 f"/workshops/{workshop_id}/activities/new?kind=matrix", "/workshops/import"):
        dashboard.goto(url + path)
        found = violations(dashboard)
        assert not found, f"{path}\n" + "\n".join(found)


@pytest.mark.parametrize("kind, config", [
    ("rating", {"themes": "all", "scale_min": 1, "scale_max": 5, "label_min": "ikke vigtigt", "label_max": "meget vigtigt"}),
    ("ranking", {"themes": "all"}),
    ("points", {"themes": "all", "budget": 100, "max_per_theme": 60}),
    ("poll", {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 2}),
])
def test_every_kind_on_a_phone_passes_axe(kind, config, room, open_page):
    for title in THEMES[:4]:
        room["api"].post(f"{room['url']}/api/v1/workshops/{room['facts']['workshop_id']}/themes",
                         json={"title": title}).raise_for_status()
    activity = room["add"](kind, "Hvad er vigtigst?", config)
    room["present"](activity)
    phone = join(open_page, room)
    expect(phone.locator("#prompt")).to_have_text("Hvad er vigtigst?")
    found = violations(phone)
    assert not found, "\n".join(found)


def test_the_join_pages_pass_axe(room, open_page):
    for path in ("/", f"/j/{room['facts']['code']}"):
        page = open_page(f"{room['url']}{path}", **PHONE, bypass_csp=True)
        found = violations(page)
        assert not found, f"{path}\n" + "\n".join(found)
