"""Sniffing an uploaded CSV: whether any cell needs trimming (core.people.tabular)."""

import pytest

from core.people.tabular import open_upload

HEADER = b"nip,nama,jabatan\n"
TIDY_ROW = b"199001012015031001,Budi Santoso,Analis Data\n"


@pytest.mark.parametrize("delimiter", [b",", b";"])
def test_a_file_of_trimmed_cells_is_tidy(delimiter):
    data = (HEADER + TIDY_ROW + b"199001012015031002,,Staf\r\n").replace(b",", delimiter)
    assert open_upload(data, "asn.csv").tidy


@pytest.mark.parametrize(
    "row",
    [
        b" 199001012015031001,Budi,Staf\n",  # leading space on the line
        b"199001012015031001 ,Budi,Staf\n",  # space before a delimiter
        b"199001012015031001, Budi,Staf\n",  # space after a delimiter
        b"199001012015031001,Budi  Santoso,Staf\n",  # two spaces inside
        b"199001012015031001,Budi,Staf \n",  # space before the line end
        b"199001012015031001,Budi,Staf \r\n",  # ... a Windows one
        b"199001012015031001,Budi\tSantoso,Staf\n",  # a tab
        b'199001012015031001,"Budi, S.Kom",Staf\n',  # a quote may hide anything
        "199001012015031001,Budi\u00a0Santoso,Staf\n".encode(),  # no-break space
        "199001012015031001,Budi\u2003Santoso,Staf\n".encode(),  # em space
        "199001012015031001,Budi\u3000Santoso,Staf\n".encode(),  # ideographic space
        b"199001012015031001,Budi\rSantoso,Staf\n",  # a lone carriage return
    ],
)
def test_a_cell_that_needs_trimming_makes_the_file_untidy(row):
    assert not open_upload(HEADER + row, "asn.csv").tidy


def test_semicolon_files_are_judged_by_their_own_delimiter():
    data = b"nip;nama;jabatan\n199001012015031001; Budi;Staf\n"
    assert not open_upload(data, "asn.csv").tidy
    assert open_upload(b"nip;nama;jabatan\n199001012015031001,Budi;Staf\n", "asn.csv").tidy
