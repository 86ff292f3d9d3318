"""Bulk import of ASN: the one writer for a whole spreadsheet, set-based.

In one transaction: the file is staged in a temporary table (a CSV parsed by PostgreSQL
itself, core.people.import_staging), checked completely by a few set-based statements
(core.people.import_checks), and, unless any row is wrong or this is a dry run, written
by a fixed number of statements (core.people.import_writer). The number of queries does
not grow with the number of rows, no Python code runs once per row on the CSV path, and
no password is hashed (imported accounts have none until their owner activates them).
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import leases
from core.actors import Actor
from core.audit.services import record_event
from core.people.import_checks import check_file
from core.people.import_report import ImportReport
from core.people.import_rules import check_headers
from core.people.import_staging import stage
from core.people.import_writer import Writer
from core.people.tabular import CsvFile, NulInFile, Table, nul_row

if TYPE_CHECKING:
    from core.accounts.models import User


def import_asn(
    source: Table | CsvFile,
    *,
    actor: Actor | User,
    dry_run: bool = False,
    today: date | None = None,
    unit_mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Check and (unless `dry_run` or any row is wrong) write a whole ASN file.

    `source` is what core.people.tabular.open_upload (or read_table) returns;
    `unit_mapping` maps unit paths of the file to existing ones (a preview suggests them).
    """
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    nul_at = nul_row(source.body) if isinstance(source, CsvFile) else None
    if nul_at is not None:  # COPY would fail on it: a report line instead
        report.errors = [{"row": nul_at, "column": "", "message": NulInFile(nul_at).message}]
        return report
    header_errors = check_headers(source.headers)
    if header_errors:
        report.errors = [e.as_dict() for e in header_errors]
        return report
    try:
        # One import writes at a time (a dry run writes nothing and needs no lease); the
        # lease is the transaction's and dies with it, whatever kills the import.
        lease = nullcontext() if dry_run else leases.hold("people.import_asn")
        with transaction.atomic(), lease:
            _check_and_write(source, report, actor=actor, today=today, unit_mapping=unit_mapping)
    except leases.LeaseBusy:
        report.errors = [
            {
                "row": 1,
                "column": "",
                "message": _(
                    "Another ASN import of this city is being written right now; "
                    "send the file again when it has finished."
                ),
            }
        ]
    return report


def _check_and_write(
    source: Table | CsvFile,
    report: ImportReport,
    *,
    actor: Actor | User,
    today: date,
    unit_mapping: dict[str, str] | None,
) -> None:

    checked = check_file(stage(source), today=today, unit_mapping=unit_mapping)
    report.readings = checked.readings
    if checked.errors:
        report.errors = [e.as_dict() for e in checked.errors]
        return
    writer = Writer(report, today)
    writer.plan()
    if report.dry_run:
        return
    writer.write()
    record_event(
        actor=actor,
        action="people.import_asn",
        object_type="people.employee",
        object_id="import",
        after={**report.counts(), **({"unit_mapping": unit_mapping} if unit_mapping else {})},
    )
