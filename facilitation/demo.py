"""The Danish demo workshop, built from the 2021 Strategisk Folkebiblioteksmøde announcement
(shared/seed): the libraries' digital strategy landscape and its national actors."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from . import accounts, workshops
from .models import Theme, Workshop

DEMO_EMAIL = "demo@facilitator.local"

TITLE = "Strategisk Folkebiblioteksmøde: Bibliotekernes digitale strategilandskab"

THEMES = [
    ("Det Digitale Folkebibliotek (DDF)", "Fælles digitale løsninger og den nye strategi"),
    ("Centralbibliotekerne", "Den digitale materialeoverbygning"),
    ("KOMBIT", "Fælleskommunal infrastruktur og Cicero"),
    ("Det Kgl. Bibliotek", "Nationalbibliotekets digitale strategi"),
    ("Bibliotekernes Data og IT", "Data, infrastruktur og produkter"),
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


def load_demo(session: Session) -> Workshop:
    """Create the demo facilitator (random password; log in with a printed link) and workshop."""
    facilitator = accounts.create_facilitator(
        session, DEMO_EMAIL, secrets.token_urlsafe(16), name="Demo-facilitator"
    )
    workshop = workshops.create_workshop(session, facilitator.id, TITLE, "da")
    for position, (title, description) in enumerate(THEMES):
        session.add(Theme(workshop=workshop, position=position, title=title, description=description))
    for prompt, options, max_choices in POLLS:
        workshops.add_activity(
            session, workshop, "poll", prompt, {"options": options, "max_choices": max_choices}
        )
    return workshop
