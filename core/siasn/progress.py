"""Daily progress for the national app: BKN has no public API for it, so each ASN and
each OPD gets an export of the month's verified activities in a plain layout (date,
activity, volume, unit, minutes, evidence link).

`ProgressAdapter` is the seam for an API when BKN offers one: `rows()` gives the data,
an adapter delivers it (today: `CsvExport`, a file the operator uploads by hand).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from config.spreadsheet import neutralise_row

HEADER = ("nip", "tanggal", "kegiatan", "volume", "satuan", "menit", "bukti")


@dataclass(frozen=True)
class ProgressRow:
    nip: str
    day: date
    activity: str
    volume: str
    unit: str
    minutes: int
    evidence_url: str


def rows(
    employee_ids: Iterable[int], year: int, month: int, base_url: str
) -> Iterator[ProgressRow]:
    """The verified (approved) activities of these people in the month, by person and day."""
    from django.urls import reverse

    from core.performance.models import ActivityEntry, EntryStatus

    entries = (
        ActivityEntry.objects.filter(
            employee_id__in=list(employee_ids),
            day__year=year,
            day__month=month,
            status=EntryStatus.APPROVED,
        )
        .select_related("employee", "activity_type")
        .order_by("employee__nip", "day", "starts_at", "pk")
    )
    for entry in entries.iterator(chunk_size=2000):
        link = ""
        if entry.evidence:
            link = base_url + reverse("performance:entry_evidence", args=[entry.pk])
        yield ProgressRow(
            nip=entry.employee.nip,
            day=entry.day,
            activity=entry.activity_type.name,
            volume=f"{entry.volume.normalize():f}",
            unit=entry.activity_type.output_unit,
            minutes=entry.minutes,
            evidence_url=link,
        )


class ProgressAdapter(Protocol):
    def deliver(self, data: Iterable[ProgressRow]) -> object: ...


class CsvExport:
    """A CSV (semicolon, UTF-8 with BOM: opens in Excel as Indonesian offices use it)."""

    def deliver(self, data: Iterable[ProgressRow]) -> bytes:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in data:
            writer.writerow(
                neutralise_row(
                    [
                        row.nip,
                        row.day.isoformat(),
                        row.activity,
                        row.volume,
                        row.unit,
                        row.minutes,
                        row.evidence_url,
                    ]
                )  # fmt: skip
            )
        return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
