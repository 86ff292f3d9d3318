"""Demo organisation for `make run`: four OPDs, a chain of supervisors, an acting
appointment, ~16 ASN, and ready-to-use accounts for every role.

The people go in through the real import (core.people.imports), so the demo also
shows what an import produces. Administrators must use two-factor sign-in; their
demo accounts come with an authenticator already enrolled, whose key is printed
with the logins so a visitor can add it to any TOTP app.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.accounts.models import User
from core.accounts.roles import Role
from core.actors import Actor
from core.demo import DEMO_PASSWORD, DemoLogin
from core.organisation.models import Position
from core.people.imports import import_asn
from core.people.models import Assignment, Employee
from core.people.services import appoint
from core.people.tabular import Table

BKPSDM = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
DISDIK = "Dinas Pendidikan"
DINKES = "Dinas Kesehatan"
INSPEKTORAT = "Inspektorat"
SETDA = "Sekretariat Daerah"

SEKDA = "197203151998031003"
KA_BKPSDM = "197508202000121002"
KABID_BKPSDM = "198004112005012001"
STAF_BKPSDM = "199302142019031005"
KADIS = "197001012000031001"
KASUBAG_DISDIK = "198505052010012004"
KABID_SD = "198003152005012002"
STAF_SD_1 = "199005202015031003"
STAF_SD_2 = "199207082018012004"
GURU_PPPK = "199401012023212001"
KADINKES = "197411112001121001"
PLT_KABID_P2P = "198207072008011002"
STAF_P2P = "199512122020122006"
INSPEKTUR = "197306061999031004"
AUDITOR = "198812122014022003"
STAF_SD_3 = "199608182022031001"


def _row(
    nip,
    nama,
    jabatan,
    jenis,
    kelas,
    unit,
    atasan,
    golongan,
    *,
    depan="",
    belakang="",
    asn="PNS",
    email="",
):
    return {
        "nip": nip,
        "nama": nama,
        "gelar_depan": depan,
        "gelar_belakang": belakang,
        "jenis_asn": asn,
        "golongan": golongan,
        "jabatan": jabatan,
        "jenis_jabatan": jenis,
        "kelas_jabatan": str(kelas),
        "unit_kerja": unit,
        "nip_atasan": atasan,
        "email": email,
    }


def demo_rows() -> list[dict]:
    sd = f"{DISDIK} > Bidang Pembinaan Sekolah Dasar"
    p2p = f"{DINKES} > Bidang Pencegahan dan Pengendalian Penyakit"
    return [
        _row(
            SEKDA,
            "Ridwan Hakim",
            "Sekretaris Daerah",
            "JPT Madya",
            16,
            SETDA,
            "",
            "IV/d",
            depan="Dr. H.",
            belakang="M.Si.",
        ),
        _row(
            KA_BKPSDM,
            "Bambang Wijaya",
            "Kepala Badan",
            "JPT Pratama",
            15,
            BKPSDM,
            SEKDA,
            "IV/c",
            belakang="S.H., M.M.",
        ),
        _row(
            KABID_BKPSDM,
            "Endang Lestari",
            "Kepala Bidang Pengadaan dan Informasi",
            "Administrator",
            12,
            f"{BKPSDM} > Bidang Pengadaan dan Informasi",
            KA_BKPSDM,
            "IV/a",
            belakang="S.Kom., M.T.",
        ),
        _row(
            STAF_BKPSDM,
            "Fajar Nugroho",
            "Pengelola Data Kepegawaian",
            "Pelaksana",
            7,
            f"{BKPSDM} > Bidang Pengadaan dan Informasi",
            KABID_BKPSDM,
            "II/c",
        ),
        _row(
            KADIS,
            "Maulana",
            "Kepala Dinas",
            "JPT Pratama",
            15,
            DISDIK,
            SEKDA,
            "IV/c",
            depan="Dr. dr. H.",
            belakang="M.K.M",
        ),
        _row(
            KASUBAG_DISDIK,
            "Nurul Hidayati",
            "Kepala Subbagian Umum dan Kepegawaian",
            "Pengawas",
            9,
            f"{DISDIK} > Subbagian Umum dan Kepegawaian",
            KADIS,
            "III/d",
            belakang="S.E.",
        ),
        _row(
            KABID_SD,
            "Siti Rahmawati",
            "Kepala Bidang Pembinaan Sekolah Dasar",
            "Administrator",
            12,
            sd,
            KADIS,
            "IV/a",
            belakang="S.Pd., M.Pd.",
        ),
        _row(
            STAF_SD_1,
            "Budi Santoso",
            "Analis Kurikulum",
            "Pelaksana",
            7,
            sd,
            KABID_SD,
            "III/a",
            belakang="S.Pd.",
        ),
        _row(
            STAF_SD_2,
            "Dewi Kartika",
            "Pengadministrasi Perkantoran",
            "Pelaksana",
            5,
            sd,
            KABID_SD,
            "II/b",
        ),
        _row(
            STAF_SD_3,
            "Agus Setiawan",
            "Analis Kurikulum",
            "Pelaksana",
            7,
            sd,
            KABID_SD,
            "III/a",
            belakang="S.Pd.",
        ),
        _row(
            GURU_PPPK,
            "Rina Susanti",
            "Pengawas Sekolah Ahli Pertama",
            "Fungsional",
            8,
            sd,
            KABID_SD,
            "IX",
            asn="PPPK",
            belakang="S.Pd.",
        ),
        _row(
            KADINKES,
            "Hendra Pratama",
            "Kepala Dinas",
            "JPT Pratama",
            15,
            DINKES,
            SEKDA,
            "IV/c",
            depan="dr.",
            belakang="M.Kes.",
        ),
        _row(
            PLT_KABID_P2P,
            "Taufik Hidayat",
            "Epidemiolog Kesehatan Ahli Muda",
            "Fungsional",
            10,
            p2p,
            KADINKES,
            "III/d",
            belakang="S.K.M.",
        ),
        _row(
            STAF_P2P,
            "Indah Purnomo",
            "Pengelola Data Surveilans",
            "Pelaksana",
            7,
            p2p,
            KADINKES,
            "III/a",
            belakang="A.Md.Kes.",
        ),
        _row(
            INSPEKTUR,
            "Joko Siregar",
            "Inspektur",
            "JPT Pratama",
            15,
            INSPEKTORAT,
            SEKDA,
            "IV/c",
            belakang="S.E., M.Ak.",
        ),
        _row(
            AUDITOR,
            "Maya Harahap",
            "Auditor Ahli Muda",
            "Fungsional",
            10,
            INSPEKTORAT,
            INSPEKTUR,
            "III/c",
            belakang="S.E.",
        ),
    ]


ACCOUNTS = [
    # (nip, role, description)
    (KABID_BKPSDM, Role.CITY_ADMIN, "City administrator (BKPSDM): import, letters, all people"),
    (KASUBAG_DISDIK, Role.OPD_ADMIN, "OPD administrator of Dinas Pendidikan"),
    (KABID_SD, Role.ASN, "Head of division: supervisor of three staff and a PPPK"),
    (STAF_SD_1, Role.ASN, "Staff ASN (Analis Kurikulum)"),
    (STAF_SD_2, Role.ASN, "Staff ASN (Pengadministrasi Perkantoran)"),
    (PLT_KABID_P2P, Role.ASN, "Acting (Plt.) head of division at Dinas Kesehatan"),
    (SEKDA, Role.EXECUTIVE, "City secretary (Sekda): reads everything"),
    (INSPEKTUR, Role.INSPECTOR, "Inspector: reads everything plus the audit trail"),
]


def _totp_key(city_slug: str, nip: str) -> str:
    """A fixed demo key per city and account, so the printed key stays valid across seeds."""
    return hashlib.sha256(f"sinergi-demo:{city_slug}:{nip}".encode()).hexdigest()[:40]


def seed_city(city, logins: list) -> None:

    rows = demo_rows()
    today = timezone.localdate()
    start = date(today.year, 1, 2)
    report = import_asn(Table(list(rows[0]), rows), actor=Actor.system("demo"), today=start)
    if report.errors:
        raise RuntimeError(f"demo rows are invalid: {report.errors}")
    # An acting appointment: the P2P division head post is vacant; an epidemiologist acts.
    p2p_head = Position.objects.get_or_create(
        name="Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        org_unit=Position.objects.get(name="Pengelola Data Surveilans").org_unit,
        defaults={
            "position_type": "ADMINISTRATOR",
            "kelas_jabatan": 12,
            "supervisor_position": Position.objects.get(name="Kepala Dinas", org_unit__path=DINKES),
        },
    )[0]
    Position.objects.filter(name="Pengelola Data Surveilans").update(supervisor_position=p2p_head)
    acting = Employee.objects.get(nip=PLT_KABID_P2P)
    if not Assignment.objects.filter(employee=acting, position=p2p_head).exists():
        appoint(acting, p2p_head, starts_on=start, acting=True, actor=Actor.system("demo"))
    host = f"{city.slug}.localhost"
    for nip, role, description in ACCOUNTS:
        user = User.objects.get(username=nip)
        if user.role != role or not user.is_active:
            user.role = role
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.activated_at = timezone.now()
            user.save(update_fields=["role", "password", "is_active", "activated_at"])
        text = description
        if role in (Role.CITY_ADMIN, Role.OPD_ADMIN):
            key = _totp_key(city.slug, nip)
            TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "Demo authenticator", "key": key}
            )
            secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
            text += f"; two-factor: add TOTP key {secret} to an authenticator app"
        logins.append(DemoLogin(host, nip, role.value, text))
