from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.actors import Actor
from core.people.imports import import_asn
from core.people.models import Employee
from core.people.synthetic import generate_rows
from core.people.tabular import read_table, write_csv
from tests.conftest import in_city
from tests.core.people.conftest import base_rows, csv_bytes


def _file(tmp_path, rows, **kwargs):
    path = tmp_path / "asn.csv"
    path.write_bytes(csv_bytes(rows, **kwargs))
    return str(path)


def test_command_imports_and_prints_json(surabaya, tmp_path, capsys):
    call_command("import_asn", "surabaya", _file(tmp_path, base_rows()), "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["units_created"], report["errors"]) == (4, 2, [])
    with in_city(surabaya):
        assert Employee.objects.count() == 4


def test_command_dry_run_writes_nothing(surabaya, tmp_path, capsys):
    call_command("import_asn", "surabaya", _file(tmp_path, base_rows()), "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 4
    with in_city(surabaya):
        assert Employee.objects.count() == 0


def test_command_exits_1_and_lists_every_bad_row(surabaya, tmp_path, capsys):
    rows = base_rows()
    rows[1]["jenis_asn"] = "Honorer"
    rows[3]["nip"] = "12345"
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_asn", "surabaya", _file(tmp_path, rows), "--json")
    assert exit_info.value.code == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "jenis_asn"), (5, "nip")]
    with in_city(surabaya):
        assert Employee.objects.count() == 0


def test_command_refuses_an_unknown_city(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_asn", "atlantis", _file(tmp_path, base_rows()))


def test_query_count_does_not_grow_with_rows(surabaya):
    def queries_for(count: int, seed: int) -> int:
        table = read_table(write_csv(generate_rows(count, seed=seed)), "asn.csv")
        with in_city(surabaya), CaptureQueriesContext(connection) as captured:
            report = import_asn(table, actor=Actor.system("tests"), dry_run=True)
        assert report.errors == [] and report.created == count
        return len(captured)

    assert queries_for(30, 1) == queries_for(300, 2)
