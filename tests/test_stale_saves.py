"""Two editor tabs: a save made from a page opened before someone else saved is refused with a
clear message, and nothing changes."""

import re

from facilitation.models import Activity, Workshop

from .conftest import csrf_token_from
from .test_web import login


def hidden_version(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html).group(1)


def test_a_stale_activity_edit_is_refused_and_changes_nothing(client_factory, facilitator, database):
    from facilitation import workshops

    with database.transaction() as db:
        workshop = workshops.create_workshop(db, facilitator.id, "Strategidag", "da")
        poll = workshops.add_activity(db, workshop, "poll", "Hvem først?", {"options": ["A", "B"]})
        workshop_id, poll_id = workshop.id, poll.id
    browser = client_factory()
    login(browser, facilitator)
    url = f"/workshops/{workshop_id}/activities/{poll_id}/edit"
    first_tab, second_tab = browser.get(url).text, browser.get(url).text

    def save(page, prompt):
        return browser.post(url, data={"csrf_token": csrf_token_from(page), "version": hidden_version(page),
                                       "kind": "poll", "prompt": prompt, "options": "A\nB", "max_choices": "1"})

    assert save(first_tab, "Hvem skal først?").status_code == 302
    refused = save(second_tab, "Gammel tekst")
    assert refused.status_code == 409
    assert "en anden fane" in refused.text and "Genindlæs siden" in refused.text
    # Saving again from the same stale page is refused too; a reloaded page saves.
    assert browser.post(url, data={"csrf_token": csrf_token_from(refused.text), "version": hidden_version(refused.text),
                                   "kind": "poll", "prompt": "Gammel tekst", "options": "A\nB",
                                   "max_choices": "1"}).status_code == 409
    with database.reading() as db:
        assert db.get(Activity, poll_id).prompt == "Hvem skal først?"
    assert save(browser.get(url).text, "Ny tekst").status_code == 302
    with database.reading() as db:
        assert db.get(Activity, poll_id).prompt == "Ny tekst"


def test_stale_workshop_settings_are_refused_and_change_nothing(client_factory, facilitator, workshop, database):
    browser = client_factory()
    login(browser, facilitator)
    url = f"/workshops/{workshop.id}/settings"
    first_tab, second_tab = browser.get(url).text, browser.get(url).text

    def save(page, text):
        return browser.post(url, data={"csrf_token": csrf_token_from(page), "version": hidden_version(page), "segments": text})

    assert save(first_tab, "* Rolle: Leder, Medarbejder").status_code == 302
    refused = save(second_tab, "Bibliotekstype: Folkebibliotek, Andet")
    assert refused.status_code == 409
    assert "en anden fane" in refused.text
    assert "Bibliotekstype: Folkebibliotek, Andet" in refused.text  # what was typed is kept on the page
    with database.reading() as db:
        assert [s["question"] for s in db.get(Workshop, workshop.id).segments] == ["Rolle"]
