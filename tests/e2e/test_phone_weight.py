"""What a phone downloads on venue Wi-Fi, measured in Chromium over the network (CDP): the first
load of the phone page and a reload. Sizes, not times."""

import pytest
from playwright.sync_api import expect

from tests.server import join_cookie

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_the_phone_page_is_light_first_time_and_on_a_reload(server, browser):
    running, facts = server
    cookie = join_cookie(running.url, facts["code"])
    context = browser.new_context(**PHONE)
    name, _, value = cookie.partition("=")
    context.add_cookies([{"name": name, "value": value, "url": running.url}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    transferred = {"bytes": 0, "requests": 0}

    def finished(event):
        transferred["bytes"] += event["encodedDataLength"]
        transferred["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    page.goto(f"{running.url}/j/{facts['code']}")
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    first = dict(transferred)
    transferred.update(bytes=0, requests=0)
    page.reload()
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    again = dict(transferred)
    context.close()
    print(f"\nphone page: first load {first['bytes']:,} bytes in {first['requests']} requests; "
          f"reload {again['bytes']:,} bytes in {again['requests']} requests")
    assert first["bytes"] <= 60 * 1024
    assert again["bytes"] <= 10 * 1024
