"""Numbers for people, in the workshop's language. Pure: no Flask, no database."""

from __future__ import annotations

from babel.numbers import format_decimal

NO_NUMBER = "–"  # what a table shows where there is no number


def format_number(value, language: str = "da", decimals: int = 1) -> str:
    """A number for people, in the workshop's language: "4,6" in Danish, "4.6" in English.
    Whole numbers lose their decimals; None is a dash."""
    if value is None:
        return NO_NUMBER
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=language)


def format_fixed(value, language: str = "da", decimals: int = 2) -> str:
    """A number with exactly `decimals` decimals ("0,80"), or a dash for None."""
    if value is None:
        return NO_NUMBER
    text = format_decimal(value, format="0." + "0" * decimals, locale=language)
    if text.startswith("-"):  # a real minus sign, and no "−0,00"
        text = "−" + text[1:] if any(digit in text for digit in "123456789") else text[1:]
    return text
