"""Synthetic but realistic ASN files: valid NIPs, a tree of units, a chain of supervisors.

Used by the demo data, the tests and the import benchmark, so all three exercise
the same shape of file a city's personnel system exports.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.people.rules import format_name

# Names as Indonesian civil servants carry them: one to three parts, the last often a
# father's or family name that matches the person's sex (Javanese and Sundanese
# "-wati", "-ningsih" for women; "Saputra", "Nugroho" for men) or a Batak or
# Minang clan name worn by both.
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
    "Dimas",
    "Rizky",
    "Arif",
    "Heru",
    "Andi",
    "Bayu",
    "Teguh",
    "Imam",
)
FIRST_NAMES_F = (
    "Ani",
    "Dewi",
    "Endang",
    "Fitri",
    "Indah",
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
    "Sri",
    "Ayu",
    "Diah",
    "Intan",
    "Anisa",
    "Novi",
    "Mega",
    "Laila",
    "Tri",
)
# A middle name some people have ("Muhammad Rizky Ramadhan", "Dwi Ayu Lestari").
MIDDLE_NAMES_M = ("Rizky", "Adi", "Nur", "Dwi", "Eko", "Hadi", "Arif", "Fajar")
MIDDLE_NAMES_F = ("Ayu", "Nur", "Dwi", "Puspita", "Sri", "Dian", "Wahyu", "Indah")
LAST_NAMES_M = (
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Pratama",
    "Nugroho",
    "Hartono",
    "Purnomo",
    "Wibowo",
    "Gunawan",
    "Firmansyah",
    "Ramadhan",
    "Maulana",
    "Prasetyo",
    "Susilo",
    "Hakim",
)
LAST_NAMES_F = (
    "Rahmawati",
    "Lestari",
    "Susanti",
    "Handayani",
    "Kurniasih",
    "Wahyuni",
    "Utami",
    "Puspitasari",
    "Rahayu",
    "Setyaningsih",
    "Wulandari",
    "Anggraini",
    "Fitriani",
    "Permatasari",
    "Hidayati",
    "Maharani",
)
CLAN_NAMES = ("Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Hasibuan", "Tanjung")
# Kept for callers that read the old single list.
LAST_NAMES = LAST_NAMES_M + LAST_NAMES_F + CLAN_NAMES

BACHELOR_TITLES = ("S.E.", "S.Kom.", "S.H.", "S.Sos.", "S.T.", "S.AP.", "S.Pd.", "S.Ak.")
MASTER_TITLES = ("M.Si.", "M.M.", "M.AP.", "M.H.", "M.T.", "M.Pd.")


def indonesian_name(rng: random.Random, sex: str) -> str:
    """A believable Indonesian name for a person of `sex` ("L" or "P")."""
    male = sex == "L"
    first = rng.choice(FIRST_NAMES_M if male else FIRST_NAMES_F)
    parts = [first]
    if rng.random() < 0.25:
        middle = rng.choice(MIDDLE_NAMES_M if male else MIDDLE_NAMES_F)
        if middle != first:
            parts.append(middle)
    if rng.random() < 0.9:  # a few carry one or two given names only
        pool = LAST_NAMES_M if male else LAST_NAMES_F
        last = rng.choice(CLAN_NAMES) if rng.random() < 0.15 else rng.choice(pool)
        if last not in parts:
            parts.append(last)
    if len(parts) == 1:
        parts.append(rng.choice(LAST_NAMES_M if male else LAST_NAMES_F))
    return " ".join(parts)


def academic_titles(rng: random.Random, sex: str, *, senior: bool = False) -> tuple[str, str]:
    """(front, back) titles that go together: "dr." with a medical master's or nothing,
    "Drs."/"Ir." (older degrees) with a master's or nothing, otherwise a bachelor's."""
    roll = rng.random()
    if roll < 0.05:
        return "dr.", rng.choice(("", "M.Kes."))
    if roll < 0.12:
        old = "Ir." if rng.random() < 0.5 else ("Drs." if sex == "L" else "Dra.")
        return old, rng.choice(("", "M.Si.", "M.M.")) if senior else ""
    if roll < 0.25 and not senior:
        return "", ""
    back = rng.choice(BACHELOR_TITLES)
    if senior or rng.random() < 0.2:
        back = f"{back}, {rng.choice(MASTER_TITLES)}"
    return "", back


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
        front, back = academic_titles(rng, sex, senior=kelas >= 12)
        rows.append(
            {
                "nip": nip,
                "nama": indonesian_name(rng, sex),
                "gelar_depan": front,
                "gelar_belakang": back,
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
