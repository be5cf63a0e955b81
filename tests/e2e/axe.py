"""Run axe-core (vendored from npm in tests/e2e/vendor/) on a page and return its violations.

The page's context must be opened with ``bypass_csp=True``: axe is injected as a script that the
app's Content-Security-Policy would otherwise (rightly) refuse.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# WCAG 2 A and AA, the best-practice rules (one banner landmark, …) and the experimental check
# that a control's accessible name contains its visible text (WCAG 2.5.3, label in name).
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def violations(page, selector: str | None = None) -> list[str]:
    """Axe's violations on `page` (or within `selector`), one line each: rule, impact, target."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "([context, options]) => axe.run(context || document, options).then((r) => r.violations)",
        [selector, OPTIONS],
    )
    return [f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
            for v in found for node in v["nodes"]]
