"""Branding per workshop: a checked logo and an accent colour that can be read."""

import io
import struct
import zlib

import pytest

from facilitation import branding, workshops
from facilitation.errors import InvalidInput
from facilitation.models import Workshop

from .conftest import csrf_token_from
from .test_web import login

LOGO_SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 120 40" width="120" height="40" '
            b'inkscape:version="1.3"><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
            b'<defs><linearGradient id="g"><stop offset="0" stop-color="#8a2be2"/></linearGradient></defs>'
            b'<rect width="120" height="40" rx="6" fill="url(#g)"/><use xlink:href="#g"/>'
            b'<text x="10" y="27" font-size="20" fill="#fff">Bibliotek</text></svg>')


def png(width=4, height=2) -> bytes:
    """A real, minimal PNG (one colour)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x8a\x2b\xe2" * width for _ in range(height))
    return (branding.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- the colour ---------------------------------------------------------------------------------


def test_the_contrast_ratio_is_wcags():
    assert branding.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert branding.contrast_ratio("#0072b2", "#ffffff") == pytest.approx(5.19, abs=0.01)
    assert branding.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_a_dark_enough_colour_is_kept_in_one_spelling():
    assert branding.parse_accent("#8A2BE2") == "#8a2be2"
    assert branding.parse_accent(" #036 ") == "#003366"
    assert branding.parse_accent("#767676") == "#767676"  # 4.54:1, just enough
    assert branding.parse_accent("") is None


@pytest.mark.parametrize("colour", ["#ffcc00", "#777777", "#e69f00", "#56b4e9"])
def test_a_colour_below_4_5_to_1_against_white_is_refused_with_its_ratio(colour):
    with pytest.raises(InvalidInput) as refused:
        branding.parse_accent(colour)
    assert refused.value.params["colour"] == colour
    assert refused.value.params["ratio"] < 4.5
    assert "4.5:1" in refused.value.message


@pytest.mark.parametrize("colour", ["red", "#12345", "#gggggg", "rgb(0,0,0)", "#000;} body{display:none", 7])
def test_what_is_not_a_colour_is_refused(colour):
    with pytest.raises(InvalidInput):
        branding.parse_accent(colour)


# --- the logo -----------------------------------------------------------------------------------


def test_a_png_is_kept_as_it_is():
    data = png()
    assert branding.check_logo(data) == (data, branding.PNG)


def test_an_svg_is_written_again_without_an_editors_extras():
    cleaned, content_type = branding.check_logo(LOGO_SVG)
    assert content_type == branding.SVG
    assert b"inkscape" not in cleaned and b"metadata" not in cleaned
    assert b'fill="url(#g)"' in cleaned and b"Bibliotek" in cleaned and b'href="#g"' in cleaned


def _svg(inner: bytes, attributes: bytes = b"") -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' + attributes + b">" + inner + b"</svg>"


@pytest.mark.parametrize("data, reason", [
    (_svg(b"<script>alert(1)</script>"), "script"),
    (_svg(b'<g><script xlink:href="https://evil.example/x.js"/></g>'), "script"),
    (_svg(b'<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'), "script"),
    (_svg(b"", b' onload="alert(1)"'), "event handler"),
    (_svg(b'<rect width="1" height="1" onclick="alert(1)"/>'), "event handler"),
    (_svg(b'<rect width="1" height="1" ONMOUSEOVER="alert(1)"/>'), "event handler"),
    (_svg(b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'), "foreignObject"),
    (_svg(b'<image href="https://tracker.example/pixel.png"/>'), "not allowed"),
    (_svg(b'<use xlink:href="https://evil.example/sprite.svg#a"/>'), "outside"),
    (_svg(b'<rect width="1" height="1" fill="url(https://evil.example/p.svg#x)"/>'), "outside"),
    (_svg(b"<style>@import url(https://evil.example/x.css);</style>"), "outside"),
    (_svg(b'<rect width="1" height="1" style="fill: url(//evil.example/x)"/>'), "outside"),
    (_svg(b'<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'), "javascript"),
    (_svg(b'<use href=" java\nscript:alert(1)"/>'), "javascript"),
    (_svg(b"<animate attributeName=\"href\" to=\"javascript:alert(1)\"/>"), "javascript"),
    (_svg(b"<set attributeName=\"onclick\"/>"), "not allowed"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "document type"),
    (b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>", "not a valid SVG"),
    (b"<html><body>hi</body></html>", "only PNG and SVG"),
    (b"<svg><rect/></svg>", "not an SVG image"),  # no SVG namespace: browsers would not draw it as SVG
    (b"GIF89a....", "only PNG and SVG"),
    (branding.PNG_SIGNATURE + b"\x00" * 30, "damaged"),
    (png(5000, 1), "4096"),
    (b"", "empty"),
])
def test_a_logo_with_anything_active_or_foreign_is_refused(data, reason):
    with pytest.raises(InvalidInput) as refused:
        branding.check_logo(data)
    assert reason in str(refused.value)


def test_a_logo_over_the_size_limit_is_refused():
    big = _svg(b"<desc>" + b"x" * branding.MAX_LOGO_BYTES + b"</desc>")
    with pytest.raises(InvalidInput) as refused:
        branding.check_logo(big)
    assert "200 KB" in str(refused.value)


# --- through the settings page ----------------------------------------------------------------


def _post_branding(browser, workshop, **fields):
    settings = browser.get(f"/workshops/{workshop.id}/settings")
    data = {"csrf_token": csrf_token_from(settings.text), "accent_color": "", **fields}
    return browser.post(f"/workshops/{workshop.id}/settings/branding", data=data, content_type="multipart/form-data")


def test_a_saved_logo_is_served_only_as_a_sandboxed_image(app, database, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    saved = _post_branding(browser, workshop, accent_color="#8a2be2", logo=(io.BytesIO(LOGO_SVG), "logo.svg"))
    assert saved.status_code == 302, saved.text
    with database.reading() as db:
        stored = db.get(Workshop, workshop.id)
        version, colour = stored.logo_version, stored.accent_color
    assert colour == "#8a2be2" and version
    phone_page = app.test_client().get(f"/j/{workshop.code}")
    assert f"/j/{workshop.code}/logo/{version}" in phone_page.text and "/brand.css" in phone_page.text
    screen_page = app.test_client().get(f"/screen/{workshop.screen_secret}")
    assert f"/j/{workshop.code}/logo/{version}" in screen_page.text
    served = app.test_client().get(f"/j/{workshop.code}/logo/{version}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/svg+xml"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]
    assert b"Bibliotek" in served.data
    css = app.test_client().get(f"/j/{workshop.code}/brand.css")
    assert css.headers["Content-Type"].startswith("text/css") and "--accent: #8a2be2" in css.text
    # The PDF report carries the logo and the colour; it still opens.
    from facilitation.record import pdf as report_pdf
    with database.reading() as db:
        pdf = report_pdf.workshop_pdf(db, db.get(Workshop, workshop.id))
    assert pdf.startswith(b"%PDF")
    text = zlib.decompress(pdf.split(b"stream\n", 2)[1].split(b"endstream")[0].strip()) if b"FlateDecode" in pdf else pdf
    assert b"0.5412 0.1686 0.8863 rg" in text  # the heading in the accent colour


# The settings page is in the workshop's language, Danish here: the message and its reason both.
@pytest.mark.parametrize("fields, message", [
    ({"accent_color": "#ffcc00"}, "Farven #ffcc00 har kun en kontrast på 1,5:1 mod hvid; der skal mindst 4,5:1 til"),
    ({"logo": (io.BytesIO(_svg(b"<script>alert(1)</script>")), "logo.svg")}, "Logoet blev afvist: den indeholder et script."),
    ({"logo": (io.BytesIO(_svg(b"", b' onload="alert(1)"')), "logo.svg")}, "Logoet blev afvist: den indeholder en hændelsesattribut"),
    ({"logo": (io.BytesIO(b"GIF89a"), "logo.gif")}, "kun PNG- og SVG-filer modtages"),
])
def test_a_refused_colour_or_logo_changes_nothing_and_says_why(app, database, workshop, facilitator, fields, message):
    browser = app.test_client()
    login(browser, facilitator)
    assert _post_branding(browser, workshop, accent_color="#003366", logo=(io.BytesIO(png()), "a.png")).status_code == 302
    refused = _post_branding(browser, workshop, **{"accent_color": "#8a2be2", **fields})
    assert refused.status_code == 400
    assert message in refused.text and 'role="alert"' in refused.text
    with database.reading() as db:
        stored = db.get(Workshop, workshop.id)
        assert stored.accent_color == "#003366" and stored.logo_type == branding.PNG


def test_the_logo_can_be_removed_and_then_is_gone(app, database, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    _post_branding(browser, workshop, logo=(io.BytesIO(png()), "a.png"))
    with database.reading() as db:
        version = db.get(Workshop, workshop.id).logo_version
    assert app.test_client().get(f"/j/{workshop.code}/logo/{version}").headers["Content-Type"] == "image/png"
    assert _post_branding(browser, workshop, remove_logo="1").status_code == 302
    assert app.test_client().get(f"/j/{workshop.code}/logo/{version}").status_code == 404
    assert "/logo/" not in app.test_client().get(f"/j/{workshop.code}").text


def test_a_logo_too_large_for_the_form_is_refused(app, workshop, facilitator):
    browser = app.test_client()
    login(browser, facilitator)
    refused = _post_branding(browser, workshop, logo=(io.BytesIO(b"x" * 400_000), "huge.png"))
    assert refused.status_code == 413


def test_another_facilitator_cannot_brand_the_workshop(app, database, workshop, other_facilitator):
    browser = app.test_client()
    login(browser, other_facilitator)
    settings = browser.get("/workshops")
    response = browser.post(f"/workshops/{workshop.id}/settings/branding", data={
        "csrf_token": csrf_token_from(settings.text), "accent_color": "#000000"})
    assert response.status_code in (403, 404)
    with database.reading() as db:
        assert db.get(Workshop, workshop.id).accent_color is None


def test_a_ratio_just_below_the_limit_is_never_shown_as_the_limit():
    # #777777 has 4.48:1; rounded it would read "4.5:1 … at least 4.5:1 is needed".
    with pytest.raises(InvalidInput) as refused:
        branding.parse_accent("#777777")
    assert refused.value.params["ratio"] == 4.4


def test_the_pdf_report_draws_a_png_logo(database, workshop):
    from facilitation.record import pdf

    with database.transaction() as db:
        workshops.set_logo(db, db.get(Workshop, workshop.id), png(40, 20))
    with database.reading() as db:
        branded = pdf.workshop_pdf(db, db.get(Workshop, workshop.id))
    with database.transaction() as db:
        workshops.set_logo(db, db.get(Workshop, workshop.id), None)
    with database.reading() as db:
        plain = pdf.workshop_pdf(db, db.get(Workshop, workshop.id))
    assert b"/Subtype /Image" in branded and b"/Subtype /Image" not in plain


def test_a_duplicated_workshop_keeps_its_branding_and_embedding_sites(database, workshop, facilitator):
    from facilitation import plans

    with database.transaction() as db:
        original = db.get(Workshop, workshop.id)
        workshops.set_logo(db, original, LOGO_SVG)
        workshops.set_accent_color(db, original, "#8a2be2")
        workshops.set_embed_origins(db, original, "https://docs.google.com")
        copy_id = plans.duplicate_workshop(db, facilitator.id, original).id
    with database.reading() as db:
        original, duplicate = db.get(Workshop, workshop.id), db.get(Workshop, copy_id)
        assert duplicate.logo_data == original.logo_data and duplicate.logo_type == branding.SVG
        assert duplicate.logo_version == original.logo_version
        assert duplicate.accent_color == "#8a2be2" and duplicate.embed_origins == ["https://docs.google.com"]
        assert duplicate.screen_secret != original.screen_secret
