"""Synthetic but realistic ASN files: valid NIPs, a tree of units, a chain of supervisors.

Used by the demo data, the tests and the import benchmark, so all three exercise
the same shape of file a city's personnel system exports.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.people.rules import format_name

FIRST_NAMES_M = (
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Rudi",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Bambang",
    "Ahmad",
    "Muhammad",
)
FIRST_NAMES_F = (
    "Ani",
    "Dewi",
    "Endang",
    "Fitri",
    "Indah",
    "Lestari",
    "Nurul",
    "Rina",
    "Sari",
    "Siti",
    "Wulan",
    "Yuliani",
    "Ratna",
    "Kartika",
    "Maya",
    "Putri",
)
LAST_NAMES = (
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Pratama",
    "Rahmawati",
    "Lestari",
    "Susanti",
    "Nugroho",
    "Hartono",
    "Purnomo",
    "Siregar",
    "Nasution",
    "Harahap",
)
OPDS = (
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Sosial",
    "Badan Pendapatan Daerah",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Inspektorat",
    "Sekretariat Daerah",
    "Dinas Komunikasi dan Informatika",
)
DIVISIONS = (
    "Sekretariat",
    "Bidang Perencanaan",
    "Bidang Pelayanan",
    "Bidang Pengembangan",
    "Bidang Pengendalian",
)
SECTIONS = (
    "Subbagian Umum dan Kepegawaian",
    "Seksi Program",
    "Seksi Evaluasi",
    "Seksi Data dan Informasi",
)
STAFF = (
    "Pengadministrasi Perkantoran",
    "Penata Laporan Keuangan",
    "Analis Kebijakan",
    "Pengelola Data",
    "Penelaah Teknis Kebijakan",
    "Operator Layanan Operasional",
)
GOLONGAN_STAFF = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c")


def make_nip(rng: random.Random, sex: str, sequence: int, *, today: date) -> tuple[str, date]:
    """A valid PNS NIP: born 1965-2000, appointed at 20-30, never in the future."""
    while True:
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
        year = born.year + rng.randint(20, 30)
        month = rng.randint(1, 12)
        if (year, month) <= (today.year, today.month):
            break
    digit = "1" if sex == "L" else "2"
    return f"{born:%Y%m%d}{year:04d}{month:02d}{digit}{sequence % 1000 or 1:03d}", born


def generate_rows(count: int, *, seed: int = 2026, today: date | None = None) -> list[dict]:
    """`count` rows in import-file format, heads of units first, each with `nip_atasan`."""
    rng = random.Random(seed)
    today = today or date(2026, 1, 15)
    rows: list[dict] = []
    used: set[str] = set()

    def person(position: str, ptype: str, kelas: int, unit: str, boss: str, gol: str) -> str:
        sex = rng.choice("LP")
        while True:
            nip, born = make_nip(rng, sex, len(rows) + 1, today=today)
            if nip not in used:
                used.add(nip)
                break
        first = rng.choice(FIRST_NAMES_M if sex == "L" else FIRST_NAMES_F)
        rows.append(
            {
                "nip": nip,
                "nama": f"{first} {rng.choice(LAST_NAMES)}",
                "gelar_depan": rng.choice(("", "", "", "Drs.", "Ir.", "dr.")),
                "gelar_belakang": rng.choice(("", "S.E.", "S.Kom.", "S.H.", "M.Si.", "S.T.")),
                "jenis_kelamin": sex,
                "tanggal_lahir": born.isoformat(),
                "jenis_asn": "PNS",
                "golongan": gol,
                "jabatan": position,
                "jenis_jabatan": ptype,
                "kelas_jabatan": str(kelas),
                "unit_kerja": unit,
                "nip_atasan": boss,
                "email": "",
                "telepon": "",
            }
        )
        return nip

    sekda = person("Sekretaris Daerah", "JPT Madya", 16, "Sekretariat Daerah", "", "IV/d")
    opd_index = 0
    while len(rows) < count:
        opd = OPDS[opd_index % len(OPDS)]
        suffix = f" {opd_index // len(OPDS) + 1}" if opd_index >= len(OPDS) else ""
        opd_name = opd + suffix
        opd_index += 1
        head = person(f"Kepala {opd_name}", "JPT Pratama", 15, opd_name, sekda, "IV/c")
        for division in DIVISIONS:
            if len(rows) >= count:
                break
            unit = f"{opd_name} > {division}"
            kabid = person(f"Kepala {division}", "Administrator", 12, unit, head, "IV/a")
            for section in SECTIONS[: rng.randint(2, 4)]:
                if len(rows) >= count:
                    break
                sub = f"{unit} > {section}"
                kasi = person(f"Kepala {section}", "Pengawas", 9, sub, kabid, "III/d")
                for _ in range(rng.randint(6, 14)):
                    if len(rows) >= count:
                        break
                    title = rng.choice(STAFF)
                    person(title, "Pelaksana", 7, sub, kasi, rng.choice(GOLONGAN_STAFF))
    return rows[:count]


def display(row: dict) -> str:
    return format_name(row["nama"], row["gelar_depan"], row["gelar_belakang"])
