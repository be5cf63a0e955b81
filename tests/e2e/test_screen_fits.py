"""What the room sees on the projector: every kind, with 12 themes of realistic Danish length and
8 answers, at 1920×1080 and at 1280×720, on the screen link with the results revealed.

One server and one browser for the module; the workshop is seeded through the domain before the
server starts. Each view is measured as a person sees it: the boxes of the text itself (DOM Range
rects of text nodes), not only of elements. No two runs of text overlap, none is cut off by its
container, lies outside the window or is smaller than 1/72 of the window's height, the page does
not scroll, the join strip is in view, and every text has a contrast of at least 4.5:1 against
what is behind it. Screenshots of each view go to test-artifacts/, or with UPDATE_SCREENSHOTS=1
to docs/images/ (the README's pictures)."""

from __future__ import annotations

import os
import random
import re
import uuid
from pathlib import Path

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.server import ServerProcess, join_cookie

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
# The README's pictures are renewed with UPDATE_SCREENSHOTS=1; otherwise they go to test-artifacts/,
# so that a test run does not change files in git (the join code differs every run).
IMAGES = ROOT / ("docs/images" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "test-artifacts")
SIZES = {"1080": {"width": 1920, "height": 1080}, "720": {"width": 1280, "height": 720}}

# The demo's strategy themes (facilitation/data/demo.yaml), lengthened to 12.
THEMES = [
    "Fælles digital infrastruktur",
    "Digitale materialer og e-ressourcer",
    "Data om brugerne og deres behov",
    "Digitaliseret kulturarv",
    "Digital dannelse og borgerservice",
    "Kompetencer hos personalet",
    "Fra nationalt fælles til lokal handling",
    "Bibliotekets rolle i det lokale demokrati",
    "Samarbejde med skoler og uddannelsesinstitutioner",
    "Tilgængelighed for borgere med handicap",
    "Grøn omstilling og bæredygtige bibliotekstilbud",
    "Formidling af den digitale samling på nettet",
]
# Three more, for the views of 15 themes (the most a prioritisation on the screen is planned for).
MORE_THEMES = ["Læselyst hos børn og unge i en digital hverdag", "Åbne biblioteker uden personale om aftenen",
               "Partnerskaber med foreninger og civilsamfund"]
REGIONS = ["Hovedstaden", "Sjælland", "Syddanmark", "Midt- og Nordjylland"]
POLL_PROMPT = ("Hvor skal vi først sætte ind for at omsætte det nationale fælles til lokal handling på "
               "bibliotekerne, når vi ser på de næste tre års budgetter, kompetencer og samarbejder "
               "med kommunerne og de nationale aktører?")
POLL_OPTIONS = ["Fælles digital infrastruktur og driftsaftaler", "Digitale tjenester til borgerne",
                "Kompetenceudvikling hos personalet", "Samarbejde og videndeling mellem bibliotekerne",
                "Data og viden om brugerne"]
IDEAS = [
    "Et fælles login til alle bibliotekers digitale tjenester",
    "Fælles indkøb af e-bøger, så små kommuner får det samme udvalg",
    "Kursusforløb i digital dannelse for ældre borgere",
    "En national kalender over bibliotekernes arrangementer",
    "Del data om udlån på tværs af kommunerne",
    "Podcast om lokalhistorie lavet sammen med borgerne",
    "Fælles chat-vagt om aftenen",
    "Makerspaces med fælles materialer og vejledninger",
]
WORD = "x" * 280  # a 280-character unbroken word
STEPS = [
    "Vi inviterer kommunens IT-chef til et møde om fælles login inden sommerferien",
    "Vi tilbyder tre kurser i digital dannelse for ældre borgere i efteråret, sammen med ældresagen",
    "Vi digitaliserer lokalarkivets fotos fra 1950'erne og lægger dem på den fælles kulturarvsportal",
    "Vi deler vores udlånsdata med nabokommunerne hver måned",
    "Vi spørger skolerne, hvad de mangler af digitale materialer, og melder det videre til DDF",
    "Vi afsætter to timer om ugen til personalets kompetenceudvikling i digitale tjenester",
    "Vi laver en podcast om lokalhistorie sammen med borgerne",
    "y" * 200,  # a 200-character unbroken word: the longest step there is
]


def seed(instance: Path) -> dict:
    """The workshop the tests look at, written through the domain before the server starts."""
    from sqlalchemy import select

    from facilitation import accounts, workshops
    from facilitation.config import load_or_create_secret_key
    from facilitation.db import Database, sqlite_url
    from facilitation.models import Response

    load_or_create_secret_key(instance)
    database = Database(sqlite_url(instance / "facilitation.db"))
    database.upgrade()
    rng = random.Random(7)
    stance_rng = random.Random(2027)  # its own, so the other activities' answers stay as they were
    with database.transaction() as db:
        facilitator = accounts.create_facilitator(db, "screen@bibliotek.dk", "correct horse battery")
        token = accounts.create_api_token(db, facilitator)
        workshop = workshops.create_workshop(db, facilitator.id, "Strategisk Folkebiblioteksmøde", "da")
        workshops.set_segments(db, workshop, [{"question": "Region", "options": REGIONS, "required": False}])
        themes = [workshops.add_theme(db, workshop, title) for title in THEMES + MORE_THEMES]
        all_ids = [str(theme.id) for theme in themes]
        ids = all_ids[:len(THEMES)]
        twelve = [theme.id for theme in themes[:len(THEMES)]]
        few = themes[:4]
        matrix_axes = {"x_label": "Værdi for borgerne", "y_label": "Gennemførbarhed",
                       "x_low": "lav", "x_high": "høj", "y_low": "svær", "y_high": "let"}
        specs = [
            ("poll", "poll", POLL_PROMPT, {"options": POLL_OPTIONS, "max_choices": 1}),
            ("poll_other", "poll", "Hvilken nationale aktørs strategi kender du bedst?",
             {"options": ["Det Digitale Folkebibliotek", "Centralbibliotekerne", "KOMBIT",
                          "Det Kgl. Bibliotek", "Bibliotekernes Data og IT"], "max_choices": 1}),
            ("poll_split", "poll", POLL_PROMPT, {"options": POLL_OPTIONS, "max_choices": 1}),
            ("rating", "rating", "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
             {"themes": twelve, "scale_min": 1, "scale_max": 5, "label_min": "ikke vigtigt",
              "label_max": "meget vigtigt", "allow_dont_know": True}),
            ("rating_split", "rating", "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
             {"themes": twelve, "scale_min": 1, "scale_max": 5}),
            ("ranking", "ranking", "Hvilke temaer skal vi løfte først i fællesskab?", {"themes": twelve}),
            ("points", "points", "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
             {"themes": twelve, "budget": 100}),
            ("points_split", "points", "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
             {"themes": twelve, "budget": 100}),
            ("matrix", "matrix", "Placér temaerne på strategikortet", {"themes": twelve, **matrix_axes}),
            ("ideas", "ideas", "Hvad skal bibliotekerne gøre digitalt sammen?", {"per_participant": 3, "max_length": 280}),
            ("cloud", "ideas", "Hvad skal bibliotekerne gøre digitalt sammen?", {"per_participant": 3, "max_length": 280, "display": "cloud"}),
            ("many_ideas", "ideas", "Hvad skal bibliotekerne gøre digitalt sammen?", {"per_participant": 3, "max_length": 280}),
            ("qa", "qa", "Spørgsmål til oplægsholderne", {}),
            ("follow", "ranking", "Hvilket tema først?", {"themes": [theme.id for theme in few]}),
            ("rating_15", "rating", "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
             {"themes": "all", "scale_min": 1, "scale_max": 5}),
            ("ranking_15", "ranking", "Hvilke temaer skal vi løfte først i fællesskab?", {"themes": "all"}),
            ("points_15", "points", "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
             {"themes": "all", "budget": 100}),
            ("matrix_15", "matrix", "Placér temaerne på strategikortet", {"themes": "all", **matrix_axes}),
            ("poll_hidden", "poll", POLL_PROMPT, {"options": POLL_OPTIONS, "max_choices": 1}),
            ("protected", "poll", "Hvem først?", {"options": POLL_OPTIONS[:3], "max_choices": 1}),
            ("stance", "stance", "Skal vores bibliotek handle på temaet i 2027?",
             {"themes": twelve, "yes_label": "Vi er med", "no_label": "Ikke os", "not_sure_label": "Ved ikke"}),
            ("responsibility", "responsibility", "Hvem skal gå forrest med hvert tema?", {"themes": twelve}),
            ("commitments", "commitments", "Hvad gør vi derhjemme? Ét konkret skridt for det tema, du vælger",
             {"themes": twelve}),
            ("many_commitments", "commitments", "Hvad gør vi derhjemme? Ét konkret skridt for det tema, du vælger",
             {"themes": twelve}),
        ]
        activities = {}
        for name, kind, prompt, config in specs:
            activities[name] = workshops.add_activity(db, workshop, kind, prompt, config)
            workshops.open_activity(db, activities[name])
        for name in ("poll_split", "rating_split", "points_split", "protected"):
            workshops.set_split(db, activities[name], "Region")
        workshops.set_pace(db, workshop, "self_paced")  # answers to every activity, not just the presented one
        db.flush()

        def answer(participant, name, value):
            workshops.respond(db, participant.id, workshop.id, activities[name].id, value, uuid.uuid4().hex)

        for index in range(8):
            person = workshops.join(db, workshop, segment_answers={"Region": REGIONS[index % 4]})
            choice = {"choices": ["abcde"[index % 5]]}
            answer(person, "poll", choice)
            answer(person, "poll_other", {"choices": ["abcde"[(index + 2) % 5]]})
            answer(person, "poll_split", choice)
            if index in (0, 1, 4):  # two from one region, one from another
                answer(person, "protected", {"choices": ["a"]})
            # The first theme divides the room (1 or 5); the others lean by their place.
            ratings = {key: rng.choice([1, 2, 3, 4, 5][max(0, 2 - i % 3):5 - i % 2]) for i, key in enumerate(ids)}
            ratings[ids[0]] = 1 if index % 2 else 5
            answer(person, "rating", {"ratings": ratings})
            answer(person, "rating_split", {"ratings": ratings})
            order = ids[:]
            rng.shuffle(order)
            answer(person, "ranking", {"order": order})
            share = rng.sample(ids, 4)
            points = {share[0]: 40, share[1]: 30, share[2]: 20, share[3]: 10}
            answer(person, "points", {"points": points})
            answer(person, "points_split", {"points": points})
            # Positions clustered near the middle, as averages of a real room are.
            positions = {key: [rng.uniform(30, 75), rng.uniform(30, 70)] for key in ids}
            answer(person, "matrix", {"positions": positions})
            ratings_15 = {key: rng.randint(2, 5) for key in all_ids}
            ratings_15[all_ids[0]] = ratings[ids[0]]
            answer(person, "rating_15", {"ratings": ratings_15})
            answer(person, "ranking_15", {"order": rng.sample(all_ids, len(all_ids))})
            answer(person, "points_15", {"points": {key: 20 for key in rng.sample(all_ids, 5)}})
            # Two themes every person puts at the same place: their dots would cover each other.
            answer(person, "matrix_15", {"positions": {**{key: [rng.uniform(30, 75), rng.uniform(30, 70)] for key in all_ids},
                                                       all_ids[0]: [55, 45], all_ids[11]: [55, 45]}})
            # The first theme divides the room (yes or no); the others lean to yes, some left out.
            stances = {key: stance_rng.choice(["yes", "yes", "no", "not_sure"]) for key in ids
                       if stance_rng.random() < 0.9}
            stances[ids[0]] = "no" if index % 2 else "yes"
            answer(person, "stance", {"stances": stances})
            for n in range(3):
                text = IDEAS[(index + n) % len(IDEAS)] if (index, n) != (0, 0) else WORD
                answer(person, "ideas", {"text": text})
                answer(person, "cloud", {"text": text})
            # Each theme has a favourite lead that half the room picks (its own random draws, so the
            # other kinds' answers stay as they were); the first theme splits the room in two.
            own = random.Random(index)
            choices = ["a", "b", "c", "d", "e", "local", "together"]
            leads = {key: choices[(3 * i) % 7] if own.random() < 0.5 else own.choice(choices) for i, key in enumerate(ids)}
            leads[ids[0]] = "c" if index % 2 else "local"
            answer(person, "responsibility", {"leads": leads})
            answer(person, "commitments", {"theme": ids[(5 * index) % len(ids)], "text": STEPS[index]})
            answer(person, "qa", {"text": "Hvordan sikrer vi, at de små kommuner kan følge med, når "
                                          f"de fælles løsninger bliver dyrere? ({index + 1})"})
        for index in range(100):
            person = workshops.join(db, workshop)
            for n in range(3):
                answer(person, "many_ideas", {"text": f"{IDEAS[(index + n) % len(IDEAS)]} (nr. {3 * index + n + 1})"})
            # 100 steps: most for the first themes, none for the last two.
            answer(person, "many_commitments", {"theme": ids[(index * index) % 10],
                                                "text": f"{STEPS[index % 7]} (nr. {index + 1})"})
        # One question answered (drawn fainter), one shown large.
        questions = db.scalars(select(Response).where(Response.activity_id == activities["qa"].id)
                               .order_by(Response.id)).all()
        workshops.mark_answered(db, questions[0], True)
        workshops.highlight(db, questions[1], True)
        # The room's two opinions of "follow" are tied at first.
        for order in ([0, 1, 2, 3], [1, 0, 2, 3]):
            answer(workshops.join(db, workshop), "follow", {"order": [ids[i] for i in order]})
        for name, activity in activities.items():
            workshops.set_results_revealed(db, activity, name != "poll_hidden")
        workshops.set_pace(db, workshop, "presenter")
        facts = {"token": token, "workshop_id": workshop.id, "code": workshop.join_code,
                 "screen_secret": workshop.screen_secret, "themes": dict(zip(THEMES, ids)),
                 "activities": {name: activity.id for name, activity in activities.items()}}
    database.dispose()
    return facts


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    instance = tmp_path_factory.mktemp("screen") / "instance"
    facts = seed(instance)
    # Groups of 2 are shown on their own, so that 8 answers split into 4 groups.
    with ServerProcess(instance, extra_env={"MIN_GROUP_SIZE": "2"}) as server:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        yield {"url": server.url, "api": api, **facts}


def present(room, name):
    """Present the named activity (None: the join page)."""
    room["api"].post(f"{room['url']}/api/v1/workshops/{room['workshop_id']}/present",
                     json={"activity_id": room["activities"][name] if name else None}).raise_for_status()


@pytest.fixture(scope="module")
def context_pages(browser):
    """One browser context per size and theme, kept for the module (pages are cheap, contexts less so)."""
    contexts = {}

    def page_for(size, theme="dark"):
        key = (size, theme)
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=SIZES[size])
        page = contexts[key].new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        return page

    yield page_for
    for context in contexts.values():
        context.close()


def open_screen(room, page_for, size, theme="dark", agreement=False, lobby=False):
    page = page_for(size, theme)
    page.goto(f"{room['url']}/screen/{room['screen_secret']}?theme={theme}")
    expect(page.locator("#screen-connection")).to_have_attribute("data-state", "connected")
    if lobby:
        expect(page.locator("#lobby")).to_be_visible()
        return page
    expect(page.locator("#presented")).to_be_visible()
    if agreement:
        page.keyboard.press("a")
    settled(page)
    return page


def settled(page):
    """Wait until the screen has drawn and fitted the latest view."""
    expect(page.locator("#presented")).to_have_attribute("data-fit", "done")


# Every visible run of text: one entry per line box of a text node (Range client rects), with the
# rectangles of its clipping ancestors, its colour and the colour behind it.
MEASURE = r"""
() => {
  const parse = (value) => {
    const m = value && value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const backgroundOf = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (node instanceof SVGElement && node.tagName !== "svg") {
        // An SVG text drawn on a circle (the map's numbers) or on its own halo (paint-order stroke).
        const circle = node.previousElementSibling;
        if (node.tagName === "text" && style.paintOrder.startsWith("stroke") && style.stroke !== "none") {
          layers.push(parse(style.stroke)); break;
        }
        if (node.tagName === "text" && circle && circle.tagName === "circle") {
          layers.push(parse(getComputedStyle(circle).fill)); break;
        }
        continue;
      }
      const bg = parse(style.backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    let colour = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let index = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (element.closest("script, style, .visually-hidden, [hidden], title")) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible") continue;
    let opacity = 1;
    for (let e = element; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0.5 && r.height > 0.5);
    if (!rects.length) continue;
    const clips = [];
    for (let e = element.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if ((s.overflowX !== "visible" || s.overflowY !== "visible") && e.tagName !== "BODY") {
        const b = e.getBoundingClientRect();
        clips.push({ tag: e.tagName + "." + e.className, left: b.left, top: b.top, right: b.right, bottom: b.bottom });
      }
    }
    const colourText = element instanceof SVGElement ? parse(style.fill) : parse(style.color);
    const behind = backgroundOf(element);
    const ink = over({ ...colourText, a: (colourText.a || 1) * opacity }, behind);
    const l1 = luminance(ink), l2 = luminance(behind);
    const contrast = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    index += 1;
    rects.forEach((r) => runs.push({
      node: index, text: node.textContent.trim().slice(0, 60), where: element.tagName + "." + element.getAttribute("class"),
      left: r.left, top: r.top, right: r.right, bottom: r.bottom, clips, contrast: Math.round(contrast * 100) / 100,
      font: parseFloat(style.fontSize) * (element instanceof SVGElement ? Math.hypot(element.getScreenCTM().a, element.getScreenCTM().b) : 1) }));
  }
  return { runs, width: innerWidth, height: innerHeight,
           scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight };
}
"""


def problems(page) -> list[str]:
    """Everything wrong with what the screen shows now, in words."""
    seen = page.evaluate(MEASURE)
    found = []
    width, height = seen["width"], seen["height"]
    if seen["scrollHeight"] > height + 1 or seen["scrollWidth"] > width + 1:
        found.append(f"the page scrolls: {seen['scrollWidth']}×{seen['scrollHeight']} in {width}×{height}")
    runs = seen["runs"]
    floor = height / 72  # 15 px on a 1080-line projector, 10 px on a 720-line one
    for run in runs:
        name = f"{run['text']!r} ({run['where']})"
        if run["left"] < -1 or run["top"] < -1 or run["right"] > width + 1 or run["bottom"] > height + 1:
            found.append(f"{name} lies outside the window: {run['left']:.0f},{run['top']:.0f}–{run['right']:.0f},{run['bottom']:.0f}")
        for clip in run["clips"]:
            if (run["left"] < clip["left"] - 1 or run["right"] > clip["right"] + 1
                    or run["top"] < clip["top"] - 1 or run["bottom"] > clip["bottom"] + 1):
                found.append(f"{name} is cut off by {clip['tag']}")
                break
        if run["font"] < floor - 0.05:
            found.append(f"{name} is too small to read: {run['font']:.1f} px")
        if run["contrast"] < 4.5:
            found.append(f"{name} has a contrast of {run['contrast']}:1")
    for i, a in enumerate(runs):
        for b in runs[i + 1:]:
            if a["node"] == b["node"]:
                continue
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > 1.5 and dy > 1.5:
                found.append(f"{a['text']!r} ({a['where']}) overlaps {b['text']!r} ({b['where']})")
    strip = page.locator(".join-strip").bounding_box()
    if not strip or strip["y"] < 0 or strip["y"] + strip["height"] > height + 1:
        found.append(f"the join strip is not in view: {strip}")
    return sorted(set(found))


def save_screenshot(page, path: Path) -> None:
    """A screenshot as a small PNG (64 colours are plenty for text, bars and dots)."""
    from PIL import Image

    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=path)
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=64).save(path, optimize=True)


VIEWS = ["lobby", "poll_hidden", "poll", "poll_split", "rating", "rating_split", "ranking", "points", "points_split", "matrix",
         "rating_15", "ranking_15", "points_15", "matrix_15",
         "ideas", "cloud", "many_ideas", "qa", "agreement", "agreement_ranking", "stance", "agreement_stance", "responsibility",
         "commitments", "many_commitments"]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_fits_the_screen(room, context_pages, view, size):
    name = {"agreement": "rating", "agreement_ranking": "ranking", "agreement_stance": "stance", "lobby": None}.get(view, view)
    present(room, name)
    page = open_screen(room, context_pages, size, agreement=view.startswith("agreement"), lobby=view == "lobby")
    save_screenshot(page, IMAGES / f"screen-{view.replace('_', '-')}-{size}.png")
    assert problems(page) == []
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_readable_on_the_light_theme(room, context_pages, view):
    name = {"agreement": "rating", "agreement_ranking": "ranking", "agreement_stance": "stance", "lobby": None}.get(view, view)
    present(room, name)
    page = open_screen(room, context_pages, "1080", "light", agreement=view.startswith("agreement"), lobby=view == "lobby")
    assert problems(page) == []
    page.close()


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_urgent_timer_and_divided_badge_are_readable(room, context_pages, theme):
    present(room, "rating")
    room["api"].post(f"{room['url']}/api/v1/activities/{room['activities']['rating']}/timer",
                     json={"seconds": 10}).raise_for_status()
    page = open_screen(room, context_pages, "1080", theme)
    expect(page.locator("#screen-timer")).to_have_attribute("data-urgent", "true")
    expect(page.locator("#screen-chart .badge.divided").first).to_be_visible()
    try:
        assert problems(page) == []
    finally:
        room["api"].post(f"{room['url']}/api/v1/activities/{room['activities']['rating']}/timer",
                         json={"seconds": None}).raise_for_status()
        page.close()


def test_going_back_shows_the_earlier_polls_own_labels(room, context_pages):
    present(room, "poll_other")
    page = open_screen(room, context_pages, "1080")
    expect(page.locator("#screen-chart .bar-label").first).to_have_text("Det Digitale Folkebibliotek")
    # A screen opened by its link only follows: its clicker says so, and the facilitator steers.
    page.keyboard.press("PageUp")
    expect(page.locator("#screen-status")).to_contain_text("kun vise")
    room["api"].post(f"{room['url']}/api/v1/workshops/{room['workshop_id']}/step", json={"delta": -1}).raise_for_status()
    expect(page.locator("#screen-prompt")).to_have_text(POLL_PROMPT)
    settled(page)
    expect(page.locator("#screen-chart .bar-label")).to_have_text(POLL_OPTIONS)
    page.close()


def test_a_renamed_theme_shows_its_new_name(room, context_pages):
    present(room, "rating")
    page = open_screen(room, context_pages, "1080")
    theme_id = room["themes"][THEMES[5]]
    expect(page.locator("#screen-chart .bar-label", has_text=THEMES[5])).to_have_count(1)
    room["api"].patch(f"{room['url']}/api/v1/themes/{theme_id}", json={"title": "Personalets kompetencer"}).raise_for_status()
    expect(page.locator("#screen-chart .bar-label", has_text="Personalets kompetencer")).to_have_count(1)
    expect(page.locator("#screen-chart .bar-label", has_text=THEMES[5])).to_have_count(0)
    room["api"].patch(f"{room['url']}/api/v1/themes/{theme_id}", json={"title": THEMES[5]}).raise_for_status()
    page.close()


def test_a_revealed_ranking_follows_the_room(room, context_pages):
    present(room, "follow")
    page = open_screen(room, context_pages, "1080")
    first, second = THEMES[0], THEMES[1]
    # Two people, opposite opinions: the first two themes share first place.
    expect(page.locator("#screen-chart .bar-label")).to_have_text(
        [re.compile(r"^1= "), re.compile(r"^1= "), f"3. {THEMES[2]}", f"4. {THEMES[3]}"])
    ids = room["themes"]
    votes = [[THEMES[1], THEMES[0], THEMES[3], THEMES[2]]] * 3
    clients = []
    try:
        for order in votes:
            cookie = join_cookie(room["url"], room["code"])
            client = socketio.Client()
            client.connect(room["url"], headers={"Cookie": cookie}, transports=["websocket"],
                           auth={"role": "participant", "workshop": room["code"]})
            clients.append(client)
            ack = client.call("respond", {"activity_id": room["activities"]["follow"],
                                          "answer": {"order": [ids[label] for label in order]},
                                          "request_id": uuid.uuid4().hex}, timeout=10)
            assert ack["ok"], ack
    finally:
        for client in clients:
            client.disconnect()
    # The room changed its mind: the screen shows the new order with new rank numbers, those of
    # the server's tally of all the answers.
    results = room["api"].get(f"{room['url']}/api/v1/activities/{room['activities']['follow']}/results").json()["results"]
    expected = [f"{theme['rank']}. {theme['label']}" for theme in sorted(results["themes"], key=lambda theme: theme["rank"])]
    assert expected[:2] == [f"1. {second}", f"2. {first}"]
    expect(page.locator("#screen-chart .bar-label")).to_have_text(expected)
    page.close()


def test_a_long_wall_is_shown_a_page_at_a_time(room, context_pages):
    present(room, "many_ideas")
    page = open_screen(room, context_pages, "1080")
    status = page.locator("#screen-status")
    expect(status).to_have_text(re.compile(r"^1–\d+ af 300$"))
    first_page = status.inner_text()
    shown = page.locator("#screen-chart .idea-card:visible")
    last = int(first_page.split("–")[1].split()[0])
    assert shown.count() == last
    page.keyboard.press("PageDown")  # the clicker turns the page before it moves on
    expect(status).to_have_text(re.compile(rf"^{last + 1}–\d+ af 300$"))
    expect(page.locator("#screen-prompt")).to_have_text("Hvad skal bibliotekerne gøre digitalt sammen?")
    expect(shown.first).to_contain_text(f"(nr. {last + 1})")
    assert problems(page) == []
    page.keyboard.press("PageUp")
    expect(status).to_have_text(first_page)
    # Left alone, the wall turns its pages by itself (every 8 seconds).
    expect(status).to_have_text(re.compile(rf"^{last + 1}–\d+ af 300$"), timeout=15000)
    page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_long_list_of_next_steps_is_paged_under_its_themes_headings(room, context_pages, size):
    present(room, "many_commitments")
    page = open_screen(room, context_pages, size)
    status = page.locator("#screen-status")
    shown = page.locator("#screen-chart .commitment-wall > li:visible")
    cards = page.locator("#screen-chart .commitment-card:visible")
    pages = 0
    counted = 0
    while True:
        match = re.fullmatch(r"(\d+)–(\d+) af 100", status.inner_text())
        assert match, status.inner_text()
        first, last = int(match[1]), int(match[2])
        assert first == counted + 1 and cards.count() == last - first + 1  # the status counts steps, not headings
        # Every page starts with a theme's heading (repeated when it continues a group), ends on a step.
        assert "commitment-theme" in shown.first.get_attribute("class")
        assert "commitment-card" in shown.last.get_attribute("class")
        assert problems(page) == []
        counted, pages = last, pages + 1
        if last == 100:
            break
        page.keyboard.press("PageDown")
        expect(status).to_have_text(re.compile(rf"^{last + 1}–\d+ af 100$"))
        settled(page)
    assert pages >= 2
    page.close()


def test_the_agreement_view_names_only_divided_themes_as_divided(room, context_pages):
    present(room, "rating")
    page = open_screen(room, context_pages, "1080", agreement=True)
    columns = page.locator(".agreement-lists section")
    expect(columns).to_have_count(2)
    expect(columns.nth(1).locator("h2")).to_have_text("Delt forsamling")
    # Only the themes flagged as a divided room (A below 0; the first theme is half 1, half 5),
    # not simply the half of the list with the lowest A.
    results = room["api"].get(f"{room['url']}/api/v1/activities/{room['activities']['rating']}/results").json()["results"]
    divided = sorted((theme for theme in results["themes"] if theme["divided"]), key=lambda theme: theme["agreement"])
    assert THEMES[0] in [theme["label"] for theme in divided] and all(theme["agreement"] < 0 for theme in divided)
    expect(columns.nth(1).locator(".agreement-theme")).to_have_text([theme["label"] for theme in divided[:5]])
    expect(columns.nth(0).locator(".badge.divided")).to_have_count(0)
    present(room, "ranking")
    expect(page.locator("#screen-chart")).to_have_text(re.compile("rangordning har intet mål for enighed"))
    expect(page.locator(".agreement-lists h2")).to_have_count(0)
    page.close()


def test_a_group_held_back_to_protect_a_smaller_one_is_explained(room, context_pages):
    present(room, "protected")
    page = open_screen(room, context_pages, "1080")
    chart = page.locator("#screen-chart")
    expect(chart).to_contain_text("Ingen gruppe vises: den større gruppe holdes også tilbage")
    expect(chart).not_to_contain_text("Ingen gruppe har")
    page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_stance_share_reads_as_one_line(room, context_pages, size):
    """"100 %" in the screen's narrow value column stays one line: the number and its sign are
    never split over two lines (measured as the line boxes of each value's text)."""
    present(room, "stance")
    page = open_screen(room, context_pages, size)
    lines = page.evaluate("""() => Array.from(document.querySelectorAll("#screen-chart .bar-value")).map((value) => {
        const range = document.createRange();
        range.selectNodeContents(value);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0.5).map((r) => Math.round(r.top)));
        return [value.textContent, tops.size];
    })""")
    assert lines[0][0].startswith("100") and all(count == 1 for _, count in lines), lines
    assert problems(page) == []
    page.close()
