"""Synthetic population of a pilot city: pure, deterministic from a seed, no database.

Produces plain rows (dicts keyed by model attribute names, ids assigned here) for
org units, positions with supervisor chains, employees with realistic Indonesian
names and academic titles, valid NIPs (docs/domain.md §3.3) and current assignments.
`onboarding.services.pilots` writes them with COPY.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.people.synthetic import indonesian_name

BACK_TITLES = (
    "S.E.",
    "S.H.",
    "S.Kom.",
    "S.Sos.",
    "S.Pd.",
    "S.T.",
    "S.Kep.",
    "S.A.P.",
    "S.Ak.",
    "A.Md.",
    "S.E., M.M.",
    "S.H., M.H.",
    "S.Sos., M.Si.",
    "S.T., M.T.",
    "S.Pd., M.Pd.",
    "S.IP., M.A.P.",
)
SENIOR_BACK_TITLES = ("M.Si.", "M.M.", "M.A.P.", "M.H.", "M.T.", "M.Kes.", "M.Pd.")
OPD_NAMES = (
    ("SETDA", "Sekretariat Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("INSP", "Inspektorat"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DINSOS", "Dinas Sosial"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("DKPP", "Dinas Ketahanan Pangan dan Pertanian"),
    ("DISNAKER", "Dinas Tenaga Kerja"),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("DP3AP2KB", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"),
    ("DISARPUS", "Dinas Perpustakaan dan Kearsipan"),
    ("KEC-KOTA", "Kecamatan Kota Baru"),
    ("KEC-TIMUR", "Kecamatan Timur"),
    ("KEC-BARAT", "Kecamatan Barat"),
    ("KEC-PASAR", "Kecamatan Pasar"),
)
BIDANG_NAMES = (
    "Sekretariat",
    "Bidang Perencanaan",
    "Bidang Pelayanan",
    "Bidang Pengembangan",
    "Bidang Pengendalian",
    "Bidang Data dan Informasi",
)
SEKSI_NAMES = (
    "Subbagian Umum dan Kepegawaian",
    "Seksi Program",
    "Seksi Evaluasi",
    "Seksi Operasional",
)
STAFF_POSITIONS = (
    # (name, type, functional level, kelas jabatan, PPPK-eligible)
    ("Analis Kebijakan Ahli Pertama", "FUNGSIONAL", "ahli_pertama", 8),
    ("Pranata Komputer Ahli Muda", "FUNGSIONAL", "ahli_muda", 9),
    ("Arsiparis Terampil", "FUNGSIONAL", "terampil", 6),
    ("Pengadministrasi Perkantoran", "PELAKSANA", "", 5),
    ("Penata Kelola Sistem dan Teknologi Informasi", "PELAKSANA", "", 7),
    ("Pengolah Data dan Informasi", "PELAKSANA", "", 6),
)


@dataclass
class Population:
    """Rows keyed by model attribute names; ids are assigned from 1 upwards."""

    org_units: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    employees: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    # employee id -> the role their pilot account gets (others are ASN)
    roles: dict[int, str] = field(default_factory=dict)
    # employee id -> supervisor's employee id (None at the top)
    supervisor: dict[int, int | None] = field(default_factory=dict)


class _Nips:
    """Unique, valid NIPs: birth date, CPNS appointment after the 18th birthday, sex, sequence."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        self.used: set[str] = set()

    def make(self, *, age: int, sex: str, pppk: bool) -> tuple[str, date]:
        rng = self.rng
        born = self.today - timedelta(days=age * 365 + rng.randrange(0, 365))
        if pppk:  # PPPK were first appointed in 2019
            year = max(born.year + 19, rng.randint(2019, self.today.year - 1))
        else:  # CPNS at 22 to 35 years old
            year = born.year + rng.randint(22, max(22, min(35, age - 1)))
        year = min(year, self.today.year - 1)
        month = rng.randint(1, 12)
        sex_digit = "1" if sex == "L" else "2"
        prefix = f"{born:%Y%m%d}{year:04d}{month:02d}{sex_digit}"
        sequence = 1
        while f"{prefix}{sequence:03d}" in self.used:
            sequence += 1
        nip = f"{prefix}{sequence:03d}"
        self.used.add(nip)
        return nip, born


def generate(population: int, *, seed: int, today: date, city_slug: str) -> Population:
    """A city of `population` ASN: OPDs, divisions, sections and staff, every chain rooted
    in the city secretary (Sekda). The same arguments always give the same rows."""
    rng = random.Random(seed)
    nips = _Nips(rng, today)
    out = Population()
    opd_count = max(3, min(len(OPD_NAMES), population // 150))
    structural = 1 + opd_count * 3  # rough, to size the divisions
    bidang_per_opd = max(
        2, min(len(BIDANG_NAMES), (population - structural) // (opd_count * 60) or 2)
    )
    seksi_per_bidang = 2

    def add_unit(name: str, code: str, kind: str, parent: dict | None) -> dict:
        unit_id = len(out.org_units) + 1
        path = f"{parent['path']} > {name}" if parent else name
        unit = {
            "id": unit_id,
            "name": name,
            "code": code,
            "kind": kind,
            "parent_id": parent["id"] if parent else None,
            "opd_id": parent["opd_id"] if parent else unit_id,
            "path": path,
            "depth": (parent["depth"] + 1) if parent else 0,
            "is_active": True,
        }
        out.org_units.append(unit)
        return unit

    def add_position(
        name: str, kind: str, level: str, kelas: int, unit: dict, boss: dict | None
    ) -> dict:
        position = {
            "id": len(out.positions) + 1,
            "name": name,
            "position_type": kind,
            "functional_level": level,
            "kelas_jabatan": kelas,
            "org_unit_id": unit["id"],
            "supervisor_position_id": boss["id"] if boss else None,
            "annual_credit_coefficient": {"ahli_pertama": 12.5, "ahli_muda": 25, "terampil": 5}.get(
                level
            ),
            "is_active": True,
        }
        out.positions.append(position)
        return position

    def add_person(
        position: dict, golongan: str, age: tuple[int, int], *, senior: bool, pppk: bool = False
    ) -> int:
        sex = rng.choice("LP")
        name = indonesian_name(rng, sex)
        front = ""
        if rng.random() < (0.3 if senior else 0.08):
            hajj = "H." if sex == "L" else "Hj."
            front = rng.choice(
                ("Dr.", "Ir.", "Drs." if sex == "L" else "Dra.", hajj, hajj)
                if senior
                else (hajj, hajj, "dr.", "Ir.")
            )
        back = rng.choice(BACK_TITLES)
        if senior and "M." not in back:
            back = f"{back}, {rng.choice(SENIOR_BACK_TITLES)}"
        if front in ("dr.", "Ir.", "Drs.", "Dra.", "Dr."):
            # These are degrees already: a bachelor's title does not follow them.
            back = rng.choice(("", "M.Kes.")) if front == "dr." else back.split(", ")[-1]
            back = "" if back.startswith("S.") else back
        nip, born = nips.make(age=rng.randint(*age), sex=sex, pppk=pppk)
        employee_id = len(out.employees) + 1
        out.employees.append(
            {
                "id": employee_id,
                "nip": nip,
                "name": name,
                "front_title": front,
                "back_title": back,
                "sex": sex,
                "birth_date": born,
                "asn_type": "PPPK" if pppk else "PNS",
                "golongan": rng.choice(("IX", "X")) if pppk else golongan,
                "status": "active",
                "email": f"{nip}@{city_slug}.pilot.invalid",
                "phone": "",
            }
        )
        out.assignments.append(
            {
                "id": len(out.assignments) + 1,
                "employee_id": employee_id,
                "position_id": position["id"],
                # Never in the future: a person must hold their position today.
                "starts_on": min(
                    date(today.year - rng.randint(0, 3), rng.randint(1, 12), 1),
                    today.replace(day=1),
                ),
                "ends_on": None,
                "is_acting": False,
            }
        )
        return employee_id

    setda_code, setda_name = OPD_NAMES[0]
    setda = add_unit(setda_name, setda_code, "opd", None)
    sekda_position = add_position("Sekretaris Daerah", "JPT_MADYA", "", 16, setda, None)
    sekda = add_person(sekda_position, "IV/d", (50, 58), senior=True)
    out.roles[sekda] = "executive"
    out.supervisor[sekda] = None
    supervisors_left = population - 1
    sections: list[tuple[dict, dict, int]] = []  # (section unit, its head position, head employee)

    for index in range(opd_count):
        code, name = OPD_NAMES[index]
        opd = setda if index == 0 else add_unit(name, code, "opd", None)
        if index == 0:
            head_position, head = sekda_position, sekda
        else:
            head_position = add_position(
                f"Kepala {name}", "JPT_PRATAMA", "", 14, opd, sekda_position
            )
            head = add_person(head_position, "IV/c", (45, 57), senior=True)
            out.supervisor[head] = sekda
            supervisors_left -= 1
            if code == "BKPSDM":
                out.roles[head] = "city_admin"
            elif code == "INSP":
                out.roles[head] = "inspector"
        for b in range(bidang_per_opd):
            if supervisors_left <= 0:
                break
            bidang = add_unit(BIDANG_NAMES[b], f"{code}-{b + 1}", "bidang", opd)
            kabid_position = add_position(
                f"Kepala {BIDANG_NAMES[b]}", "ADMINISTRATOR", "", 11, bidang, head_position
            )
            kabid = add_person(kabid_position, rng.choice(("IV/a", "IV/b")), (40, 56), senior=True)
            out.supervisor[kabid] = head
            supervisors_left -= 1
            if b == 0 and index > 0:
                out.roles.setdefault(kabid, "opd_admin")
            for s in range(seksi_per_bidang):
                if supervisors_left <= 0:
                    break
                seksi_name = SEKSI_NAMES[(b * seksi_per_bidang + s) % len(SEKSI_NAMES)]
                seksi = add_unit(seksi_name, f"{code}-{b + 1}-{s + 1}", "subbidang", bidang)
                kasi_position = add_position(
                    f"Kepala {seksi_name}", "PENGAWAS", "", 9, seksi, kabid_position
                )
                kasi = add_person(
                    kasi_position, rng.choice(("III/c", "III/d")), (35, 55), senior=False
                )
                out.supervisor[kasi] = kabid
                supervisors_left -= 1
                sections.append((seksi, kasi_position, kasi))

    staff_positions: dict[tuple[int, int], dict] = {}
    while len(out.employees) < population:
        seksi, kasi_position, kasi = sections[len(out.employees) % len(sections)]
        kind_index = rng.randrange(len(STAFF_POSITIONS))
        name, kind, level, kelas = STAFF_POSITIONS[kind_index]
        key = (seksi["id"], kind_index)
        if key not in staff_positions:
            staff_positions[key] = add_position(name, kind, level, kelas, seksi, kasi_position)
        pppk = rng.random() < 0.15
        golongan = rng.choice(("II/c", "II/d", "III/a", "III/b"))
        employee = add_person(staff_positions[key], golongan, (23, 56), senior=False, pppk=pppk)
        out.supervisor[employee] = kasi
    return out
