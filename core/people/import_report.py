"""What an ASN import found and did (core.people.imports writes it, the page shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    positions_created: int = 0
    errors: list[dict] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_positions: list[str] = field(default_factory=list)
    readings: list[dict] = field(default_factory=list)
    people_created: list[dict] = field(default_factory=list)
    people_updated: list[dict] = field(default_factory=list)
    unit_suggestions: list[dict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def counts(self) -> dict:
        """What the audit trail keeps of an import: its numbers (the rows are in the tables)."""
        names = ("created", "updated", "unchanged", "units_created", "positions_created")
        return {name: getattr(self, name) for name in names}
