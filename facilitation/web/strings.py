"""The texts the browser scripts show, translated on the server and handed to the page as JSON.

Placeholders in braces ({n}, {total}) are filled in by the script.
"""

from flask_babel import gettext as _
from flask_babel import pgettext


def client_strings() -> dict:
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "saving": _("Sending…"),
        "saved": _("Saved. You can change your answer while the question is open."),
        "not_saved_retrying": _("Not saved yet. We keep trying; your choice is kept."),
        "send": _("Send"),
        "change": _("Change answer"),
        "state_draft": pgettext("activity state", "Not open yet"),
        "state_open": pgettext("activity state", "Open"),
        "state_closed": pgettext("activity state", "Closed"),
        "closed_phone": _("This question is closed."),
        "not_open_phone": _("This question opens soon."),
        "results_hidden": _("Results hidden"),
        "results_revealed": _("Results shown"),
        "answers": _("{n} answers"),
        "answered_of": _("{n} of {total} have answered"),
        "choose_one": _("Choose one."),
        "choose_up_to": _("Choose up to {max}."),
        "present": _("Present"),
        "presented": _("Now presenting"),
        "open": _("Open"),
        "close": _("Close"),
        "reveal": _("Reveal results"),
        "hide": _("Hide results"),
        "no_answers_yet": _("No answers yet."),
        "results_when_revealed": _("The results appear here when the facilitator reveals them."),
        "kind_poll": _("Multiple choice"),
        "vote_singular": _("1 vote"),
        "votes": _("{n} votes"),
        "screen_disconnected": _("Screen link no longer valid or connection lost"),
    }
