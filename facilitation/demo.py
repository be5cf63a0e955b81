"""The Danish demo workshop, built from the 2021 Strategisk Folkebiblioteksmøde announcement
(shared/seed): the libraries' digital strategy landscape and its national actors."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from . import accounts, workshops
from .models import Workshop

DEMO_EMAIL = "demo@facilitator.local"

TITLE = "Strategisk Folkebiblioteksmøde: Bibliotekernes digitale strategilandskab"

# The digital opportunities the room prioritises, each with the national actor behind it.
THEMES = [
    ("Fælles digital infrastruktur", "Det Digitale Folkebibliotek og KOMBIT"),
    ("Digitale materialer og e-ressourcer", "Centralbibliotekernes digitale materialeoverbygning"),
    ("Data om brugerne og deres behov", "Bibliotekernes Data og IT"),
    ("Digitaliseret kulturarv", "Det Kgl. Bibliotek"),
    ("Digital dannelse og borgerservice", "Bibliotekernes egne tilbud"),
    ("Kompetencer hos personalet", "Fra strategi til hverdag"),
    ("Fra nationalt fælles til lokal handling", "Hvordan omsætter vi det fælles lokalt?"),
]

POLLS = [
    (
        "Hvor langt er jeres bibliotek med en digital strategi?",
        [
            "Vi har en vedtaget digital strategi",
            "Vi er i gang med at lave en",
            "Vi har ingen, men har brug for en",
            "Vi har ingen og savner den ikke",
        ],
        1,
    ),
    (
        "Hvilke nationale aktørers strategier kender du godt?",
        [
            "Det Digitale Folkebibliotek",
            "Centralbibliotekerne",
            "KOMBIT",
            "Det Kgl. Bibliotek",
            "Bibliotekernes Data og IT",
        ],
        5,
    ),
    (
        "Hvor skal vi først sætte ind for at omsætte det nationale fælles til lokal handling?",
        [
            "Fælles infrastruktur",
            "Digitale tjenester til borgerne",
            "Kompetenceudvikling hos personalet",
            "Samarbejde og videndeling mellem bibliotekerne",
            "Data og viden om brugerne",
        ],
        2,
    ),
]


# Rating → ranking → points → map: the prioritisation of the themes, in the order a day runs it.
PRIORITISATION = [
    ("rating", "Hvor vigtigt er hvert tema for jeres bibliotek de næste tre år?",
     {"themes": "all", "shuffle": True, "scale_min": 1, "scale_max": 5,
      "label_min": "ikke vigtigt", "label_max": "meget vigtigt", "allow_dont_know": True}),
    ("ranking", "Hvilke tre temaer skal vi løfte først i fællesskab?",
     {"themes": "all", "shuffle": True, "top_k": 3}),
    ("points", "Fordel 100 point mellem temaerne: hvor skal kræfterne bruges?",
     {"themes": "all", "shuffle": True, "budget": 100, "max_per_theme": None,
      "spend_all": False, "style": "points"}),
    ("matrix", "Placér temaerne på strategikortet",
     {"themes": "all", "shuffle": False, "x_label": "Værdi for borgerne", "y_label": "Gennemførbarhed",
      "x_low": "lav", "x_high": "høj", "y_low": "svær", "y_high": "let"}),
]


def load_demo(session: Session) -> Workshop:
    """Create the demo facilitator (random password; log in with a printed link) and workshop."""
    facilitator = accounts.create_facilitator(
        session, DEMO_EMAIL, secrets.token_urlsafe(16), name="Demo-facilitator"
    )
    workshop = workshops.create_workshop(session, facilitator.id, TITLE, "da")
    for title, description in THEMES:
        workshops.add_theme(session, workshop, title, description)
    session.flush()
    for prompt, options, max_choices in POLLS:
        workshops.add_activity(
            session, workshop, "poll", prompt, {"options": options, "max_choices": max_choices}
        )
    for kind, prompt, config in PRIORITISATION:
        workshops.add_activity(session, workshop, kind, prompt, config)
    return workshop
