"""The cluster in a real browser: phones in Chromium join through HAProxy (and one straight on
process A) and vote; a projector screen opened on process B counts every answer."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, PROJECTOR, artifacts, browser, open_page  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_phones_through_the_proxy_and_a_screen_on_the_other_process(cluster, open_page, artifacts):  # noqa: F811
    a, b = cluster.servers
    facts = cluster.facts
    screen = open_page(f"{b.url}/screen/{facts['screen_secret']}", **PROJECTOR)
    expect(screen.locator("#answered-count")).to_have_text("0")

    phones = [open_page(f"{url}/j/{facts['code']}", **PHONE)
              for url in (cluster.proxy_url, cluster.proxy_url, cluster.proxy_url, a.url)]
    for phone, option in zip(phones, ["DDF", "KOMBIT", "DDF", "Det Kgl. Bibliotek"]):
        phone.get_by_role("button", name=re.compile("Deltag|Join")).click()
        expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
        expect(phone.locator("#prompt")).to_have_text("Hvem først?")
        phone.get_by_text(option, exact=True).click()
        phone.get_by_role("button", name=re.compile("Send")).click()
        expect(phone.locator("#save-status")).to_have_attribute("data-state", "saved")
    # HAProxy spread the phones over both processes, by cookie.
    servers = {cookie["value"] for phone in phones[:3] for cookie in phone.context.cookies() if cookie["name"] == "FSRV"}
    assert servers == {"app1", "app2"}
    phones[0].screenshot(path=artifacts / "cluster-phone-saved.png", full_page=True)

    expect(screen.locator("#answered-count")).to_have_text("4")
    # Presence over both processes: all four phones are counted on B.
    expect(screen.locator("body")).to_contain_text(re.compile(r"\b4 er med"))
    screen.screenshot(path=artifacts / "cluster-screen-on-b.png")
