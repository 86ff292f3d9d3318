"""Regulation rules for performance ratings (PermenPANRB 6/2022).

Pure functions over plain values: no models, no database. Every table here is
DOMAIN.md section 3.1 written as code so it can be read next to the regulation.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """The three rating levels used for both results (hasil) and behaviour (perilaku)."""

    BELOW = "dibawah"  # di bawah ekspektasi
    MEETS = "sesuai"  # sesuai ekspektasi
    ABOVE = "diatas"  # di atas ekspektasi


class Predicate(StrEnum):
    """Predikat kinerja, best first."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


PREDICATE_ORDER: tuple[Predicate, ...] = tuple(Predicate)

# hasil (results) -> perilaku (behaviour) -> predicate; PermenPANRB 6/2022 matrix.
_PREDICATE_MATRIX: dict[Level, dict[Level, Predicate]] = {
    Level.ABOVE: {
        Level.BELOW: Predicate.KURANG,
        Level.MEETS: Predicate.BAIK,
        Level.ABOVE: Predicate.SANGAT_BAIK,
    },
    Level.MEETS: {
        Level.BELOW: Predicate.KURANG,
        Level.MEETS: Predicate.BAIK,
        Level.ABOVE: Predicate.BAIK,
    },
    Level.BELOW: {
        Level.BELOW: Predicate.SANGAT_KURANG,
        Level.MEETS: Predicate.BUTUH_PERBAIKAN,
        Level.ABOVE: Predicate.BUTUH_PERBAIKAN,
    },
}


def predicate(hasil: Level, perilaku: Level) -> Predicate:
    """The predicate for a results rating and a behaviour rating (DOMAIN.md 3.1)."""
    return _PREDICATE_MATRIX[Level(hasil)][Level(perilaku)]


def is_misconduct(hasil: Level, perilaku: Level) -> bool:
    """'Kurang' caused by behaviour is shown as 'Kurang/Misconduct'."""
    return predicate(hasil, perilaku) is Predicate.KURANG and Level(perilaku) is Level.BELOW
