"""Static files: versioned URLs, a year's caching for the current version, gzip for text."""

import gzip
import re

from facilitation.web.static_files import StaticFiles


def test_pages_link_static_files_by_content_version(app):
    page = app.test_client().get("/").text
    links = re.findall(r'href="/static/css/app.css\?v=([0-9a-f]{12})"', page)
    assert links == [app.extensions["static_files"].version("css/app.css")]


def test_the_current_version_is_cached_for_a_year_and_sent_compressed(app):
    client = app.test_client()
    version = app.extensions["static_files"].version("js/phone.js")
    response = client.get(f"/static/js/phone.js?v={version}", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    original = client.get(f"/static/js/phone.js?v={version}", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in original.headers
    assert gzip.decompress(response.data) == original.data
    assert len(response.data) < len(original.data) / 2


def test_an_old_or_missing_version_is_checked_every_time(app):
    client = app.test_client()
    for url in ("/static/js/phone.js", "/static/js/phone.js?v=000000000000"):
        assert client.get(url).headers["Cache-Control"] == "no-cache"


def test_a_changed_file_gets_a_new_version(tmp_path):
    (tmp_path / "a.js").write_text("one")
    files = StaticFiles(tmp_path)
    before = files.version("a.js")
    (tmp_path / "a.js").write_text("two")
    import os

    os.utime(tmp_path / "a.js", (1, 1))
    assert files.version("a.js") != before
    assert files.version("../etc/passwd") is None and files.version("missing.js") is None


def test_images_and_fonts_are_not_recompressed(app):
    response = app.test_client().get("/static/vendor/fonts/DejaVuSans.ttf", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_a_live_page_loads_one_bundle_with_its_texts_in_its_language(app, workshop):
    from .conftest import join_as_participant

    phone = app.test_client()
    join_as_participant(phone, workshop.code)
    page = phone.get(f"/j/{workshop.code}").text
    [url] = re.findall(r'<script src="(/bundle/phone\.da\.js\?v=[0-9a-f]{12})"></script>', page)
    assert '"strings"' not in page  # the texts come with the bundle, cached, not in every page
    response = phone.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    script = gzip.decompress(response.data).decode()
    assert script.startswith("window.APP_STRINGS = {") and "Forbundet" in script
    from pathlib import Path

    from facilitation.web.bundles import scripts_of

    static = Path(app.static_folder)
    positions = [script.index((static / name).read_text(encoding="utf-8")) for name in scripts_of("phone")]
    assert positions == sorted(positions)  # every script of the page, in order
    english = phone.get(url.replace(".da.js", ".en.js"), headers={"Accept-Encoding": "identity"}).data.decode()
    assert '"connected": "Connected"' in english
    assert phone.get("/bundle/nonsense.da.js").status_code == 404
    assert phone.get("/bundle/phone.xx.js").status_code == 404
