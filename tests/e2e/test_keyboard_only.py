"""Every kind answered on a phone with the keyboard alone: Tab (and Shift+Tab), Space, Enter and the
arrow keys, plus typing the text of an idea or a question. No click, no tap, no pointer. Each
answer reaches the server (checked through the API), and after each, axe-core finds no WCAG 2.1
A/AA violation on the answered phone (tests/e2e/test_accessibility.py has the other states)."""

from __future__ import annotations

import re

import pytest
import socketio
from playwright.sync_api import expect

from tests.server import join_cookie

from .axe import violations
from .conftest import PHONE
from .test_phone_and_dashboard import room  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.browser

THEMES = ["Fælles infrastruktur", "Digitale materialer", "Data om brugerne"]


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => Boolean(document.activeElement && document.activeElement.matches(s))", selector)


def tab_to(page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focus is on an element matching `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if focused(page, selector):
            assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} cannot be reached with {key}")


def send(page) -> None:
    """Tab to the Send button and press Enter; wait for the server's acknowledgement."""
    tab_to(page, "#send")
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def no_axe_violations(page, state: str) -> None:
    found = violations(page)
    assert not found, f"{state}\n" + "\n".join(found)


def test_every_kind_is_answered_with_the_keyboard_alone(room, open_page):  # noqa: F811
    url, api, workshop_id = room["url"], room["api"], room["facts"]["workshop_id"]
    for title in THEMES:
        response = api.post(f"{url}/api/v1/workshops/{workshop_id}/themes", json={"title": title})
        response.raise_for_status()
    theme_ids = [str(theme["id"]) for theme in api.get(f"{url}/api/v1/workshops/{workshop_id}/themes").json()["themes"]]
    phone = open_page(f"{url}/j/{room['facts']['code']}", **PHONE, locale="da-DK", bypass_csp=True)
    # Joining, by keyboard too.
    tab_to(phone, "button.primary")
    phone.keyboard.press("Enter")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")

    def present(kind, prompt, config):
        activity_id = room["add"](kind, prompt, config)
        room["present"](activity_id)
        expect(phone.locator("#prompt")).to_have_text(prompt)
        phone.evaluate("() => document.activeElement && document.activeElement.blur()")  # start from the top
        return activity_id

    # Multiple choice, one answer: an arrow key moves to (and chooses) the next option.
    poll = present("poll", "Hvem skal først?", {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 1})
    tab_to(phone, "input[name=choice]")
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator("input[name=choice]").nth(1)).to_be_checked()
    send(phone)
    assert room["results"](poll)["counts"] == {"a": 0, "b": 1, "c": 0}
    no_axe_violations(phone, "poll answered")

    # Multiple choice, two answers: Space ticks a box.
    several = present("poll", "Hvilke to?", {"options": ["DDF", "KOMBIT", "Det Kgl. Bibliotek"], "max_choices": 2})
    tab_to(phone, "input[name=choice]")
    phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert focused(phone, "input[name=choice][value=c]")
    phone.keyboard.press("Space")
    send(phone)
    assert room["results"](several)["counts"] == {"a": 1, "b": 0, "c": 1}

    # Rating: each theme is a group of radio buttons; the arrows choose the value.
    rating = present("rating", "Hvor vigtigt?", {"themes": "all", "scale_min": 1, "scale_max": 5})
    for index, _theme in enumerate(theme_ids):
        tab_to(phone, f"input[name=rating-{theme_ids[index]}]")
        phone.keyboard.press("Space")  # 1
        for _ in range(index + 1):
            phone.keyboard.press("ArrowRight")
    send(phone)
    means = {str(theme["id"]): theme["mean"] for theme in room["results"](rating)["themes"]}
    assert [means[key] for key in theme_ids] == [2, 3, 4]
    no_axe_violations(phone, "rating answered")

    # Ranking: the grip of a theme moves it with the arrow keys; the focus stays with it.
    ranking = present("ranking", "Hvilken rækkefølge?", {"themes": "all"})
    tab_to(phone, ".rank-handle")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator(".rank-item .item-label")).to_have_text([THEMES[1], THEMES[2], THEMES[0]])
    assert focused(phone, ".rank-handle")
    send(phone)
    order = [theme["label"] for theme in room["results"](ranking)["themes"]]
    assert order == [THEMES[1], THEMES[2], THEMES[0]]
    no_axe_violations(phone, "ranking answered")

    # Points: the + and − buttons with Space or Enter; the number with the arrow keys.
    points = present("points", "Fordel 10 point", {"themes": "all", "budget": 10})
    tab_to(phone, ".stepper[aria-label='Flere til Fælles infrastruktur']")
    for _ in range(6):
        phone.keyboard.press("Space")
    tab_to(phone, ".points-value[aria-label*='Digitale materialer']")
    for _ in range(4):
        phone.keyboard.press("ArrowUp")
    phone.keyboard.press("Tab")  # leaving the number commits it
    expect(phone.locator(".points-left")).to_contain_text(re.compile(r"\b0\b"))
    send(phone)
    got = {theme["label"]: theme["total"] for theme in room["results"](points)["themes"]}
    assert got[THEMES[0]] == 6 and got[THEMES[1]] == 4, got
    no_axe_violations(phone, "points answered")

    # The strategy map: choose a theme by its button, place it with the two sliders.
    matrix = present("matrix", "Placér temaerne", {"themes": "all", "x_label": "Værdi", "y_label": "Gennemførbarhed"})
    for index, title in enumerate(THEMES):
        tab_to(phone, f".to-place .matrix-chip[data-id='{theme_ids[index]}']", backwards=index > 0)
        expect(phone.locator(".to-place .matrix-chip").first).to_contain_text(title)
        phone.keyboard.press("Enter")
        # Choosing keeps the focus on the chosen theme's button.
        assert focused(phone, f".matrix-chip[data-id='{theme_ids[index]}']")
        tab_to(phone, ".matrix-sliders input[type=range]")
        for _ in range(10 * (index + 1)):
            phone.keyboard.press("ArrowRight")
        phone.keyboard.press("Tab")
        for _ in range(5):
            phone.keyboard.press("ArrowUp")
    expect(phone.locator(".to-place")).to_be_hidden()
    send(phone)
    placed = {theme["label"]: (theme["mean_x"], theme["mean_y"]) for theme in room["results"](matrix)["themes"]}
    assert placed == {THEMES[0]: (60, 55), THEMES[1]: (70, 55), THEMES[2]: (80, 55)}, placed
    no_axe_violations(phone, "matrix answered")

    # Ideas: type, Tab to Send, Enter.
    ideas = present("ideas", "Hvad skal vi gøre?", {"per_participant": 3})
    tab_to(phone, "textarea")
    phone.keyboard.type("Et fælles login")
    send(phone)
    assert [idea["text"] for idea in room["results"](ideas)["ideas"]] == ["Et fælles login"]
    no_axe_violations(phone, "ideas answered")

    # Q&A: ask, then vote for another person's question with Space.
    qa = present("qa", "Spørg løs", {"per_participant": 3})
    tab_to(phone, "textarea")
    phone.keyboard.type("Hvem betaler?")
    send(phone)
    other = socketio.Client(reconnection=False)
    other.connect(url, headers={"Cookie": join_cookie(url, room["facts"]["code"])},
                  auth={"role": "participant", "workshop": room["facts"]["code"]}, transports=["websocket"], wait_timeout=10)
    try:
        ack = other.call("respond", {"activity_id": qa, "answer": {"text": "Hvornår åbner vi?"}, "request_id": "other-1"}, timeout=20)
        assert ack["ok"], ack
    finally:
        other.disconnect()
    expect(phone.locator(".upvote")).to_have_count(1)
    tab_to(phone, ".upvote")
    phone.keyboard.press("Space")
    expect(phone.locator(".upvote[aria-pressed=true]")).to_have_count(1)
    assert focused(phone, ".upvote")  # the focus stays on the button
    questions = room["results"](qa)["questions"]
    assert [(q["text"], q["votes"]) for q in questions] == [("Hvornår åbner vi?", 1), ("Hvem betaler?", 0)]
    no_axe_violations(phone, "qa asked and voted")

    # Our next steps: Tab into the themes, an arrow key to the third, Tab to the text box, type, send.
    steps = present("commitments", "Hvad gør vi derhjemme?", {"themes": "all"})
    tab_to(phone, ".commitment-themes input")
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator(".commitment-themes input:checked")).to_have_value(theme_ids[2])
    tab_to(phone, "textarea")
    phone.keyboard.type("Vi deler udlånsdata med nabokommunerne")
    send(phone)
    grouped = [(theme["label"], [c["text"] for c in theme["commitments"]]) for theme in room["results"](steps)["themes"]]
    assert grouped == [(THEMES[0], []), (THEMES[1], []), (THEMES[2], ["Vi deler udlånsdata med nabokommunerne"])]
    no_axe_violations(phone, "next step sent")
