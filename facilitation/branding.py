"""A workshop's branding: the organiser's logo and an accent colour.

The logo is a PNG or an SVG of at most MAX_LOGO_BYTES. An SVG is parsed and written out again
from a whitelist of elements and attributes: a script, an event handler attribute, a
foreignObject, a reference to anything outside the file or a javascript: URL refuses the whole
file (a person should learn that their file was not taken as it is, rather than see it changed).
Whatever passes is still only ever served as an image, sandboxed (web/branding.py).

The accent colour is drawn as the background of white text (buttons, the phone's chosen
answers) and as text on white (links, the PDF's headings), so it must reach 4.5:1 against white.
"""

from __future__ import annotations

import math
import re
import struct
import xml.etree.ElementTree as ElementTree

from .errors import InvalidInput, N_

MAX_LOGO_BYTES = 200 * 1024
MAX_LOGO_PIXELS = 4096  # per side, for a PNG
MIN_CONTRAST = 4.5
WHITE = "#ffffff"

PNG = "image/png"
SVG = "image/svg+xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

SVG_ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "style",
}
# Dropped with everything inside them: editors' bookkeeping that is never drawn.
SVG_DROPPED = {"metadata"}
SVG_ATTRIBUTES = {
    "id", "class", "style", "viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy",
    "r", "rx", "ry", "fx", "fy", "d", "points", "transform", "dx", "dy", "version", "preserveAspectRatio",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits", "visibility",
    "display", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "letter-spacing",
    "dominant-baseline", "type", "href", "enable-background",
}
# In attribute values and style sheets: url(#id) stays inside the file; any other url( does not.
_EXTERNAL_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.IGNORECASE)
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")


def _refuse(reason: str):
    raise InvalidInput(N_("The logo was refused: %(reason)s."), reason=reason)


# --- the accent colour ------------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a `#rrggbb` colour."""
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_accent(raw) -> str | None:
    """The accent colour as lower-case `#rrggbb`, None for an empty value (the default blue), or
    InvalidInput: not a colour, or below 4.5:1 against white (its text on it, or it on white)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str) or not _HEX_COLOUR.match(raw.strip().lower()):
        raise InvalidInput(N_("Write the colour as #rrggbb, for example #0072b2."))
    colour = raw.strip().lower()
    if len(colour) == 4:
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MIN_CONTRAST:
        raise InvalidInput(
            N_("The colour %(colour)s has a contrast of only %(ratio)s:1 with white; at least 4.5:1 is needed, so that white text on it and it as text on white can be read. Choose a darker colour."),
            colour=colour, ratio=math.floor(ratio * 10) / 10,  # 4.49 is not shown as 4.5
        )
    return colour


# --- the logo ---------------------------------------------------------------------------------


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The logo to store and its content type (PNG or SVG), or InvalidInput saying why not."""
    if not data:
        _refuse(N_("the file is empty"))
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(N_("The logo may be at most %(max)d KB."), max=MAX_LOGO_BYTES // 1024)
    if data.startswith(PNG_SIGNATURE):
        return _check_png(data), PNG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--") or head.startswith(b"<!doctype"):
        return sanitise_svg(data), SVG
    _refuse(N_("only PNG and SVG files are accepted"))


def _check_png(data: bytes) -> bytes:
    if len(data) < 33 or data[12:16] != b"IHDR":
        _refuse(N_("the PNG file is damaged"))
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        _refuse(N_("the picture is larger than 4096 pixels on a side"))
    return data


def _local_name(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _check_value(value: str) -> None:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    if "javascript:" in squeezed or "vbscript:" in squeezed:
        _refuse(N_("it contains a javascript: address"))
    if _EXTERNAL_URL.search(value) or "@import" in squeezed:
        _refuse(N_("it refers to something outside the file"))


def sanitise_svg(data: bytes) -> bytes:
    """An SVG logo written out again from the whitelist, or InvalidInput naming what was refused
    (see the module's docstring). Document type declarations are refused before parsing, so no
    entity is ever expanded."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        _refuse(N_("it contains a document type declaration"))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        _refuse(N_("it is not a valid SVG file"))
    if root.tag != f"{{{SVG_NS}}}svg":
        _refuse(N_("it is not an SVG image"))
    _sanitise_element(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _sanitise_element(element) -> None:
    namespace, tag = _local_name(element.tag)
    if tag.lower() == "script":
        _refuse(N_("it contains a script"))
    if tag.lower() == "foreignobject":
        _refuse(N_("it contains a foreignObject"))
    for name, value in element.attrib.items():
        if _local_name(name)[1].lower().startswith("on"):
            _refuse(N_("it contains an event handler attribute"))
        _check_value(value)
    if namespace == SVG_NS and tag not in SVG_ELEMENTS:
        _refuse(N_("it contains an element that is not allowed in a logo (images, links, animations)"))
    for name, value in list(element.attrib.items()):
        attribute_namespace, attribute = _local_name(name)
        if attribute == "href" and attribute_namespace in ("", XLINK_NS):
            if not value.strip().startswith("#"):
                _refuse(N_("it refers to something outside the file"))
            continue
        if attribute_namespace == XML_NS and attribute == "space":
            continue
        if attribute_namespace or attribute not in SVG_ATTRIBUTES:
            del element.attrib[name]  # an editor's own attribute: harmless, not needed
    if tag == "style":
        _check_value(element.text or "")
    for child in list(element):
        child_namespace, child_tag = _local_name(child.tag)
        if child_tag.lower() not in ("script", "foreignobject") and (
            child_namespace != SVG_NS or child_tag in SVG_DROPPED
        ):
            _check_subtree_for_script(child)
            element.remove(child)  # another vocabulary (an editor's metadata): never drawn
            continue
        _sanitise_element(child)


def _check_subtree_for_script(element) -> None:
    """A dropped element may still hide a script: refuse the file rather than pass it quietly."""
    for node in element.iter():
        _, tag = _local_name(node.tag)
        if tag.lower() in ("script", "foreignobject"):
            _sanitise_element(node)
        for name in node.attrib:
            if _local_name(name)[1].lower().startswith("on"):
                _refuse(N_("it contains an event handler attribute"))
