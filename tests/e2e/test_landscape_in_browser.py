"""The landscape of the themes in a real Chromium: nine themes of realistic Danish length across
four prioritisations (rating, top 3, points, the strategy map), on the projector at 1920×1080 and
1280×720, dark and light, for the whole room and split by region, with each theme's remarks under
its row (and, in a room of five themes by two prioritisations, its whole sentence). Measured as a person sees it
(test_screen_fits.problems: the DOM Range rects of the text, none overlapping, clipped, outside
the window, too small or under 4.5:1). Then the facilitator's page, used with the keyboard only.

The screenshot docs/images/screen-landscape-1080.png is renewed with UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import random
import re
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.axe import violations
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_screen_fits import IMAGES, REGIONS, SIZES, THEMES, problems, save_screenshot
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

NINE = THEMES[:9]
FIVE = THEMES[:5]
PROMPTS = {
    "rating": "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
    "ranking": "Hvilke tre temaer skal vi løfte først i fællesskab?",
    "points": "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
    "matrix": "Placér temaerne på strategikortet",
}


def seed(instance: Path) -> dict:
    """Twelve people from four regions answer four prioritisations of nine themes; all revealed."""
    from facilitation import accounts, workshops
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url

    load_or_create_secret_key(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    rng = random.Random(15)
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "landskab@bibliotek.dk", "correct horse battery")
        workshop = workshops.create_workshop(db, facilitator.id, "Strategisk Folkebiblioteksmøde", "da")
        workshops.set_segments(db, workshop, [{"question": "Region", "options": REGIONS, "required": False}])
        ids = [str(workshops.add_theme(db, workshop, title).id) for title in NINE]
        configs = {
            "rating": {"themes": "all", "scale_min": 1, "scale_max": 5},
            "ranking": {"themes": "all", "top_k": 3},
            "points": {"themes": "all", "budget": 100},
            "matrix": {"themes": "all", "x_label": "Værdi for borgerne", "y_label": "Gennemførbarhed"},
        }
        activities = {name: workshops.add_activity(db, workshop, name, PROMPTS[name], config)
                      for name, config in configs.items()}
        for activity in activities.values():
            workshops.open_activity(db, activity)
        workshops.set_pace(db, workshop, "self_paced")
        db.flush()
        for index in range(12):
            person = workshops.join(db, workshop, segment_answers={"Region": REGIONS[index % 4]})
            db.flush()

            def answer(name, value):
                workshops.respond(db, person.id, workshop.id, activities[name].id, value, uuid.uuid4().hex)

            # The first theme: rated highest, given few points (the methods disagree about it).
            ratings = {key: rng.randint(1, 4) for key in ids}
            ratings[ids[0]] = 5
            answer("rating", {"ratings": ratings})
            answer("ranking", {"order": rng.sample(ids[1:], 3)})
            share = rng.sample(ids[1:], 3)
            answer("points", {"points": {share[0]: 50, share[1]: 30, share[2]: 20}})
            answer("matrix", {"positions": {key: [rng.uniform(20, 80), rng.uniform(20, 80)] for key in ids}})
        for activity in activities.values():
            workshops.set_results_revealed(db, activity, True)
        workshops.set_pace(db, workshop, "presenter")
        facts = {"workshop_id": workshop.id, "screen_secret": workshop.screen_secret,
                 "email": facilitator.email, "activities": {n: a.id for n, a in activities.items()},
                 "small": seed_small(db, facilitator.id, rng)}
    database.dispose()
    return facts


def seed_small(db, facilitator_id: int, rng: random.Random) -> dict:
    """A smaller room of the same facilitator: twelve people rate five themes and share points."""
    from facilitation import workshops

    workshop = workshops.create_workshop(db, facilitator_id, "Strategidag i det små", "da")
    ids = [str(workshops.add_theme(db, workshop, title).id) for title in FIVE]
    rating = workshops.add_activity(db, workshop, "rating", PROMPTS["rating"], {"themes": "all"})
    points = workshops.add_activity(db, workshop, "points", PROMPTS["points"], {"themes": "all", "budget": 100})
    for activity in (rating, points):
        workshops.open_activity(db, activity)
    workshops.set_pace(db, workshop, "self_paced")
    db.flush()
    for _ in range(12):
        person = workshops.join(db, workshop)
        db.flush()
        ratings = {key: rng.randint(1, 4) for key in ids}
        ratings[ids[0]] = 5  # rated highest, given no points: the methods disagree about it
        workshops.respond(db, person.id, workshop.id, rating.id, {"ratings": ratings}, uuid.uuid4().hex)
        share = rng.sample(ids[1:], 2)
        workshops.respond(db, person.id, workshop.id, points.id, {"points": {share[0]: 60, share[1]: 40}},
                          uuid.uuid4().hex)
    for activity in (rating, points):
        workshops.set_results_revealed(db, activity, True)
    workshops.set_pace(db, workshop, "presenter")
    db.flush()
    return {"workshop_id": workshop.id, "screen_secret": workshop.screen_secret}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    instance = tmp_path_factory.mktemp("landscape") / "instance"
    facts = seed(instance)
    # Groups of 2 are shown, so that 12 people split into four regions of three.
    with ServerProcess(instance, extra_env={"MIN_GROUP_SIZE": "2"}) as server:
        yield {"url": server.url, **facts}


def logged_in(room) -> requests.Session:
    """The facilitator's browser session, logged in through the real login form."""
    http = requests.Session()
    page = http.get(f"{room['url']}/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    http.post(f"{room['url']}/login", data={"email": room["email"], "password": "correct horse battery",
                                            "csrf_token": csrf}).raise_for_status()
    return http


def on_screen(room, action: str, split: str = "", workshop_id: int | None = None) -> str:
    """Show (or hide) the landscape through the facilitator's page (of the room's workshop, or
    of `workshop_id`); returns the page after."""
    http = logged_in(room)
    workshop_id = workshop_id or room["workshop_id"]
    page = http.get(f"{room['url']}/workshops/{workshop_id}/landscape")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = http.post(f"{room['url']}/workshops/{workshop_id}/landscape/screen",
                         data={"action": action, "split": split, "csrf_token": csrf})
    assert response.status_code == 200
    return response.text


def put_on_screen(room, split: str = "") -> None:
    assert "landscape-on-screen" in on_screen(room, "show", split)


def open_screen(browser, room, size, theme, screen_secret: str | None = None):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{room['url']}/screen/{screen_secret or room['screen_secret']}?theme={theme}")
    expect(page.locator("#landscape")).to_be_visible()
    expect(page.locator("#landscape")).to_have_attribute("data-fit", "done")
    return context, page, errors


@pytest.mark.parametrize("split", ["", "Region"])
@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", list(SIZES))
def test_nine_themes_by_four_prioritisations_fit_the_projector(browser, room, size, theme, split):
    put_on_screen(room, split)
    context, page, errors = open_screen(browser, room, size, theme)
    try:
        grid = page.locator("#landscape .landscape-grid")
        expect(grid.locator(".theme-name")).to_have_text(NINE)
        if split:
            expect(page.locator(".landscape-title")).to_have_text("Temaerne på tværs af prioriteringerne, efter Region")
            expect(grid.locator(".column-head")).to_have_count(1 + len(REGIONS))
        else:
            expect(grid.locator(".column-head")).to_have_count(6)
            # The first theme: first in the rating, last in the top 3: the disagreement in a symbol and words.
            expect(grid.locator(".mark").first).to_have_text("≠ uenige")
            expect(grid.locator(".cell").first).to_contain_text("nr. 1")
        # Nine themes by four prioritisations leave room for each theme's remarks under its row
        # (its columns named by letter), not for whole sentences at a size read from afar; the
        # groups' view has none (the sentences are the whole room's).
        words = "none" if split else WORDS_OF_NINE[size]
        expect(page.locator("#landscape")).to_have_attribute("data-sentences", words)
        if not split:
            sentences = by_letter(page, page_sentences(room, room["workshop_id"]))
            shown = page.locator("#landscape .sentence").all_inner_texts()
            if words == "shown":
                assert shown == sentences
            else:
                for remark in shown:
                    assert any(sentence.endswith(" " + remark) for sentence in sentences), remark
                assert len(shown) == sum("Metoderne er uenige" in sentence or "Salen er delt" in sentence
                                         or "tredjedel" in sentence for sentence in sentences)
        name = f"screen-landscape{'-split' if split else ''}"
        save_screenshot(page, ARTIFACTS / f"{name}-{size}-{theme}.png")
        if size == "1080" and theme == "dark" and not split:
            save_screenshot(page, IMAGES / f"{name}-1080.png")
        assert problems(page) == []
        assert errors == []
    finally:
        context.close()


# Each column head of the screen's grid: its letter, then the prioritisation's prompt.
COLUMN_LETTERS = r"""
() => Array.from(document.querySelectorAll("#landscape .column-head")).filter((head) => head.querySelector(".letter"))
  .map((head) => [head.querySelector(".letter").textContent, head.childNodes[1].textContent])
"""


# What the screen can show under the nine themes' rows, by its size.
WORDS_OF_NINE = {"1080": "remarks", "720": "remarks"}


def by_letter(page, sentences: list[str]) -> list[str]:
    """The page's sentences as the screen words them: each prioritisation named by its column's
    letter instead of its prompt (“A” for “Hvor vigtigt …?”)."""
    letters = page.evaluate(COLUMN_LETTERS)
    assert letters, "the screen shows no prioritisation"
    worded = []
    for sentence in sentences:
        for letter, prompt in letters:
            sentence = sentence.replace(f"“{prompt}”", f"“{letter}”")
        worded.append(sentence)
    return worded


def sentences_on_screen(page) -> list[str]:
    return page.locator("#landscape .sentence").all_inner_texts()


def page_sentences(room, workshop_id: int) -> list[str]:
    """The sentence of each theme on the facilitator's landscape page, in its order."""
    import html

    page = logged_in(room).get(f"{room['url']}/workshops/{workshop_id}/landscape").text
    return [html.unescape(text) for text in re.findall(r'class="sentence" lang="da">([^<]*)</td>', page)]


@pytest.mark.parametrize("size", list(SIZES))
def test_each_themes_sentence_fits_under_its_row_on_the_projector(browser, room, size):
    small = room["small"]
    assert "landscape-on-screen" in on_screen(room, "show", workshop_id=small["workshop_id"])
    context, page, errors = open_screen(browser, room, size, "dark", small["screen_secret"])
    try:
        expect(page.locator("#landscape")).to_have_attribute("data-sentences", "shown")
        sentences = page_sentences(room, small["workshop_id"])
        assert len(sentences) == len(FIVE) and "Metoderne er uenige" in sentences[0]
        # The page's sentences, word for word but for the letters naming the columns (shorter,
        # so they can be read from afar), each under its theme's row.
        assert page.locator("#landscape .sentence").all_inner_texts() == by_letter(page, sentences)
        assert "“A”" in sentences_on_screen(page)[0]
        names = page.locator("#landscape .theme-name")
        lines = page.locator("#landscape .sentence")
        for index in range(len(FIVE)):
            assert names.nth(index).bounding_box()["y"] < lines.nth(index).bounding_box()["y"]
            if index + 1 < len(FIVE):
                below = lines.nth(index).bounding_box()
                assert below["y"] + below["height"] <= names.nth(index + 1).bounding_box()["y"] + 1
        save_screenshot(page, ARTIFACTS / f"screen-landscape-sentences-{size}.png")
        # Measured as read: no text overlapping, clipped, outside the window or too small.
        assert problems(page) == []
        assert errors == []
    finally:
        context.close()
        on_screen(room, "hide", workshop_id=small["workshop_id"])


def test_the_facilitators_page_works_with_the_keyboard_alone(browser, room):
    assert "landscape-on-screen" not in on_screen(room, "hide")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="da-DK", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{room['url']}/login")
        page.locator("#email").fill(room["email"])
        page.locator("#password").fill("correct horse battery")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/workshops$"))
        page.goto(f"{room['url']}/workshops/{room['workshop_id']}")
        page.locator("#landscape-link").focus()
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Temaernes landskab")
        expect(page.locator("#landscape-table tbody.landscape-theme")).to_have_count(9)
        expect(page.locator("#landscape-table tbody.disagrees").first).to_contain_text("≠ Metoderne er uenige")
        assert violations(page) == []
        # Choose the region with the keyboard, compare, and put the comparison on the screen.
        page.locator("#split").focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#landscape-groups")).to_be_visible()
        expect(page.locator("#landscape-groups thead th")).to_have_count(1 + len(REGIONS))
        page.locator("#landscape-show").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#landscape-on-screen")).to_contain_text("Region")
        assert violations(page) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "landscape-page.png"), full_page=True)
    finally:
        context.close()
