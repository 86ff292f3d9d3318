"""Generate `surabaya-v1.json`, the "Model Surabaya" version 1 shipped with the product.

Run `python catalog/content/build_surabaya_v1.py` after editing; commit the JSON.
Numbers taken from docs/domain.md carry `ref`; every other number is marked `default: true`
(a template default the adopting city is expected to review).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

D4 = "DOMAIN.md section 4 (template default)"
D31 = "DOMAIN.md section 3.1 (SE MenPANRB 03/2023 default rule set)"

ALL = [
    "JPT_UTAMA",
    "JPT_MADYA",
    "JPT_PRATAMA",
    "ADMINISTRATOR",
    "PENGAWAS",
    "FUNGSIONAL",
    "PELAKSANA",
]
LEAD = ["JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"]
TOP = ["JPT_MADYA", "JPT_PRATAMA"]
STAFF = ["PELAKSANA", "FUNGSIONAL"]
PEL = ["PELAKSANA"]
FUN = ["FUNGSIONAL"]

# family -> code prefix -> [(name, output unit, standard minutes, position types, evidence)]
ACTIVITIES: dict[str, tuple[str, list[tuple[str, str, int, list[str], bool]]]] = {
    "administration": (
        "ADM",
        [
            ("Menerima, mencatat dan mendistribusikan surat masuk", "surat", 10, STAFF, True),
            ("Mengagendakan dan mengirim surat keluar", "surat", 10, STAFF, True),
            ("Menyusun konsep naskah dinas", "konsep", 60, STAFF + ["PENGAWAS"], True),
            ("Mengetik dan menata naskah dinas", "naskah", 30, PEL, True),
            ("Mengarsipkan dokumen sesuai klasifikasi arsip", "berkas", 15, STAFF, True),
            ("Menyiapkan bahan rapat", "paket bahan", 60, STAFF, True),
            ("Menyusun notula rapat", "notula", 60, STAFF, True),
            ("Melayani tamu dan konsultasi umum", "tamu", 15, PEL, False),
            ("Menginventarisasi barang milik daerah", "laporan", 120, PEL, True),
            ("Melakukan stock opname persediaan", "laporan", 120, PEL, True),
            ("Mengelola peminjaman dan pemeliharaan kendaraan dinas", "kegiatan", 30, PEL, True),
            ("Menyiapkan dokumen perjalanan dinas", "berkas", 30, PEL, True),
            ("Memutakhirkan data pada aplikasi layanan", "data", 20, STAFF, True),
            ("Menyusun laporan kegiatan bulanan unit", "laporan", 120, STAFF, True),
            ("Menyusun telaahan staf", "telaahan", 90, STAFF + ["PENGAWAS"], True),
            ("Menyiapkan keprotokolan acara pimpinan", "acara", 120, PEL, True),
            ("Mengelola media sosial dan informasi publik OPD", "unggahan", 30, STAFF, True),
            ("Menjawab permohonan informasi publik (PPID)", "permohonan", 45, STAFF, True),
            ("Mengelola pengaduan masyarakat", "pengaduan", 30, STAFF, True),
            ("Memelihara kebersihan dan kerapian sarana kantor", "kegiatan", 60, PEL, True),
        ],
    ),
    "hr": (
        "SDM",
        [
            ("Memproses usulan kenaikan pangkat", "berkas", 45, STAFF, True),
            ("Memproses usulan kenaikan gaji berkala", "berkas", 30, STAFF, True),
            ("Memproses usulan pensiun", "berkas", 60, STAFF, True),
            ("Memutakhirkan data kepegawaian (SIASN)", "data pegawai", 15, STAFF, True),
            ("Memproses permohonan cuti", "permohonan", 15, STAFF, True),
            ("Merekapitulasi kehadiran pegawai", "rekap", 60, PEL, True),
            ("Memverifikasi SKP dan penilaian kinerja", "dokumen", 30, STAFF, True),
            ("Menyusun analisis jabatan dan beban kerja", "jabatan", 120, FUN + ["PENGAWAS"], True),
            (
                "Menyelenggarakan pelatihan dan pengembangan kompetensi",
                "kegiatan",
                240,
                STAFF,
                True,
            ),
            ("Memproses mutasi dan rotasi pegawai", "berkas", 45, STAFF, True),
            ("Menyusun rencana kebutuhan pegawai", "dokumen", 180, FUN + ["PENGAWAS"], True),
            ("Menyelenggarakan uji kompetensi / asesmen pegawai", "peserta", 60, FUN, True),
            ("Memproses penetapan angka kredit jabatan fungsional", "berkas", 60, FUN, True),
            (
                "Menangani pemeriksaan disiplin pegawai",
                "berita acara",
                120,
                FUN + ["PENGAWAS"],
                True,
            ),
        ],
    ),
    "finance": (
        "KEU",
        [
            ("Memverifikasi surat permintaan pembayaran (SPP)", "dokumen", 30, STAFF, True),
            ("Menerbitkan surat perintah membayar (SPM)", "dokumen", 30, STAFF, True),
            ("Mencatat transaksi pada buku kas umum", "transaksi", 10, PEL, True),
            ("Menyusun laporan pertanggungjawaban bendahara", "laporan", 180, STAFF, True),
            ("Melakukan rekonsiliasi bank", "rekonsiliasi", 90, STAFF, True),
            ("Menyusun laporan keuangan bulanan OPD", "laporan", 240, STAFF, True),
            ("Memproses pembayaran gaji dan tunjangan", "daftar", 120, PEL, True),
            ("Menghitung dan menyetor pajak atas belanja", "transaksi", 20, PEL, True),
            ("Memverifikasi bukti pertanggungjawaban belanja", "berkas", 30, STAFF, True),
            ("Menyusun daftar TPP pegawai", "daftar", 120, PEL, True),
            ("Melakukan penatausahaan aset tetap", "aset", 15, PEL, True),
            ("Menindaklanjuti temuan pemeriksaan keuangan", "temuan", 120, STAFF, True),
            (
                "Menyusun neraca dan catatan atas laporan keuangan",
                "dokumen",
                300,
                FUN + ["PENGAWAS"],
                True,
            ),
            ("Menyusun anggaran kas", "dokumen", 120, STAFF, True),
            ("Memproses pengadaan barang/jasa secara elektronik", "paket", 180, STAFF, True),
            ("Menyusun harga perkiraan sendiri (HPS)", "paket", 120, STAFF, True),
        ],
    ),
    "planning": (
        "REN",
        [
            ("Menyusun rencana kerja (Renja) OPD", "dokumen", 480, STAFF + ["PENGAWAS"], True),
            (
                "Menyusun rencana kerja dan anggaran (RKA)",
                "dokumen",
                360,
                STAFF + ["PENGAWAS"],
                True,
            ),
            ("Menyusun perjanjian kinerja", "dokumen", 120, STAFF + LEAD, True),
            ("Menyusun laporan kinerja instansi (LKjIP)", "dokumen", 480, STAFF, True),
            ("Memantau capaian indikator kinerja triwulanan", "laporan", 180, STAFF, True),
            ("Mengolah data statistik sektoral", "tabel", 60, FUN, True),
            (
                "Memfasilitasi musyawarah perencanaan pembangunan (Musrenbang)",
                "kegiatan",
                240,
                STAFF,
                True,
            ),
            ("Menyusun kajian / telaah kebijakan", "kajian", 480, FUN, True),
            ("Mengevaluasi pelaksanaan program dan kegiatan", "laporan", 240, STAFF, True),
            (
                "Menginput rencana dan realisasi pada aplikasi perencanaan daerah",
                "data",
                30,
                STAFF,
                True,
            ),
            ("Menyusun cascading kinerja dan pohon kinerja", "dokumen", 240, STAFF + LEAD, True),
            (
                "Menyusun laporan penyelenggaraan pemerintahan daerah (LPPD)",
                "bagian",
                240,
                STAFF,
                True,
            ),
        ],
    ),
    "teacher": (
        "GUR",
        [
            ("Menyusun modul ajar / rencana pembelajaran", "modul", 120, FUN, True),
            ("Melaksanakan pembelajaran tatap muka", "jam pelajaran", 35, FUN, True),
            ("Menilai hasil belajar peserta didik", "kelas", 90, FUN, True),
            ("Melaksanakan asesmen diagnostik", "kelas", 60, FUN, True),
            ("Melaksanakan pembelajaran remedial dan pengayaan", "kelas", 60, FUN, True),
            ("Membimbing kegiatan ekstrakurikuler", "kegiatan", 90, FUN, True),
            ("Melaksanakan bimbingan dan konseling siswa", "siswa", 45, FUN, True),
            ("Mengisi rapor peserta didik", "kelas", 180, FUN, True),
            ("Berkomunikasi dengan orang tua/wali murid", "pertemuan", 30, FUN, False),
            ("Mengikuti komunitas belajar guru", "kegiatan", 120, FUN, True),
            ("Membuat media pembelajaran", "media", 120, FUN, True),
            ("Melaksanakan supervisi akademik (kepala sekolah)", "guru", 90, FUN, True),
            ("Melaksanakan tugas piket sekolah", "hari", 60, FUN, False),
            ("Mengawas ujian sekolah", "sesi", 120, FUN, True),
            ("Menyusun soal dan kisi-kisi ujian", "paket soal", 180, FUN, True),
            (
                "Mendampingi siswa dalam lomba atau kegiatan luar sekolah",
                "kegiatan",
                240,
                FUN,
                True,
            ),
        ],
    ),
    "health": (
        "KES",
        [
            ("Melakukan pemeriksaan dan pengobatan pasien rawat jalan", "pasien", 15, FUN, False),
            ("Melakukan visite pasien rawat inap", "pasien", 15, FUN, False),
            ("Melakukan asuhan keperawatan", "pasien", 30, FUN, True),
            ("Melakukan tindakan gawat darurat", "tindakan", 30, FUN, True),
            ("Melakukan pemeriksaan kehamilan (ANC)", "pasien", 20, FUN, True),
            ("Menolong persalinan normal", "persalinan", 240, FUN, True),
            ("Melakukan imunisasi", "sasaran", 10, FUN, True),
            ("Melaksanakan posyandu", "kegiatan", 180, FUN, True),
            ("Melayani resep dan konseling obat", "resep", 10, FUN, False),
            ("Melakukan pemeriksaan laboratorium", "sampel", 20, FUN, True),
            ("Melakukan penyuluhan kesehatan masyarakat", "kegiatan", 90, FUN, True),
            ("Melakukan penyelidikan epidemiologi", "kasus", 180, FUN, True),
            ("Melakukan inspeksi kesehatan lingkungan", "lokasi", 90, FUN, True),
            ("Melakukan pemantauan jentik nyamuk", "rumah", 10, STAFF, True),
            ("Mengisi rekam medis elektronik", "pasien", 10, FUN, False),
            ("Melakukan kunjungan rumah pasien / keluarga", "kunjungan", 60, FUN, True),
            ("Melaksanakan skrining penyakit tidak menular", "sasaran", 15, FUN, True),
            ("Melakukan pemeriksaan gizi balita", "balita", 15, FUN, True),
            ("Melaksanakan rujukan pasien", "pasien", 30, FUN, True),
            ("Melakukan sterilisasi alat medis", "paket alat", 30, FUN, True),
            ("Melaporkan data surveilans mingguan", "laporan", 60, FUN, True),
        ],
    ),
    "field": (
        "LAP",
        [
            ("Melaksanakan patroli ketenteraman dan ketertiban umum", "patroli", 120, STAFF, True),
            ("Menertibkan pedagang kaki lima dan bangunan liar", "lokasi", 120, STAFF, True),
            ("Melaksanakan pengamanan kegiatan pemerintah daerah", "kegiatan", 240, STAFF, True),
            ("Melaksanakan penegakan peraturan daerah (yustisi)", "operasi", 180, STAFF, True),
            ("Melaksanakan penjagaan pos / piket", "shift", 240, PEL, True),
            ("Memadamkan kebakaran", "kejadian", 180, STAFF, True),
            ("Melaksanakan penyelamatan dan evakuasi", "kejadian", 120, STAFF, True),
            ("Memeriksa dan merawat peralatan pemadam", "unit", 30, PEL, True),
            ("Mengatur lalu lintas di titik rawan", "titik", 120, STAFF, True),
            ("Melaksanakan pengujian kendaraan bermotor", "kendaraan", 30, FUN, True),
            ("Memeriksa penerangan jalan umum", "ruas", 60, PEL, True),
            ("Membersihkan saluran dan drainase", "meter", 2, PEL, True),
            ("Mengangkut sampah ke tempat pembuangan", "rit", 60, PEL, True),
            ("Merawat taman dan ruang terbuka hijau", "lokasi", 120, PEL, True),
            ("Memantau ketinggian air dan pintu air", "laporan", 30, PEL, True),
            ("Melakukan pengawasan bangunan gedung", "bangunan", 90, STAFF, True),
            ("Melakukan pengawasan pekerjaan konstruksi", "laporan", 120, STAFF, True),
            ("Mengukur dan memetakan lahan / aset", "bidang", 120, STAFF, True),
            ("Melakukan pengawasan pasar dan metrologi", "lokasi", 90, STAFF, True),
            ("Melakukan kaji cepat bencana", "kejadian", 120, STAFF, True),
            ("Menyalurkan bantuan logistik bencana", "paket", 60, STAFF, True),
            (
                "Melakukan penjangkauan penyandang masalah kesejahteraan sosial",
                "orang",
                60,
                STAFF,
                True,
            ),
        ],
    ),
    "public_service": (
        "LYN",
        [
            ("Melayani perekaman KTP elektronik", "pemohon", 15, STAFF, True),
            ("Menerbitkan kartu keluarga", "dokumen", 15, STAFF, True),
            ("Menerbitkan akta kelahiran / kematian", "akta", 20, STAFF, True),
            ("Melayani surat pengantar / keterangan kelurahan", "surat", 10, STAFF, True),
            ("Memverifikasi permohonan perizinan berusaha", "permohonan", 45, STAFF, True),
            ("Menerbitkan izin / rekomendasi", "izin", 30, STAFF, True),
            ("Melayani pengaduan melalui kanal aduan kota", "aduan", 20, STAFF, True),
            ("Memverifikasi data penerima bantuan sosial (DTKS)", "keluarga", 15, STAFF, True),
            ("Melaksanakan survei kepuasan masyarakat", "responden", 10, STAFF, True),
            ("Melayani peminjaman dan layanan perpustakaan", "pengunjung", 10, STAFF, False),
            ("Memproses pendaftaran objek pajak daerah", "objek", 30, STAFF, True),
            ("Menerbitkan ketetapan pajak daerah", "ketetapan", 20, STAFF, True),
            ("Melakukan penagihan tunggakan pajak daerah", "wajib pajak", 45, STAFF, True),
            ("Melakukan pemeriksaan lapangan objek pajak", "objek", 60, STAFF, True),
            (
                "Memfasilitasi kegiatan pemberdayaan masyarakat kelurahan",
                "kegiatan",
                120,
                STAFF,
                True,
            ),
            ("Melaksanakan pendataan UMKM", "usaha", 20, STAFF, True),
        ],
    ),
    "it": (
        "TIK",
        [
            ("Mengembangkan fitur aplikasi", "fitur", 240, FUN, True),
            ("Memperbaiki gangguan aplikasi / sistem", "tiket", 60, STAFF, True),
            ("Memelihara jaringan dan perangkat TIK", "perangkat", 45, STAFF, True),
            ("Melakukan pencadangan dan pemulihan data", "kegiatan", 60, FUN, True),
            ("Mengelola keamanan informasi", "laporan", 120, FUN, True),
            ("Mengelola konten laman resmi", "konten", 45, STAFF, True),
            ("Membuat desain grafis publikasi", "desain", 90, STAFF, True),
            ("Meliput dan membuat berita kegiatan", "berita", 90, STAFF, True),
            ("Mendampingi pengguna aplikasi (helpdesk)", "pengguna", 15, STAFF, False),
        ],
    ),
    "legal_audit": (
        "HKM",
        [
            (
                "Menyusun rancangan peraturan daerah / peraturan wali kota",
                "rancangan",
                480,
                FUN,
                True,
            ),
            ("Melakukan harmonisasi produk hukum", "produk hukum", 180, FUN, True),
            ("Memberikan pendampingan / bantuan hukum", "perkara", 240, FUN, True),
            ("Melaksanakan audit kinerja", "obyek audit", 480, FUN, True),
            ("Melaksanakan reviu laporan keuangan", "laporan", 360, FUN, True),
            ("Melaksanakan pemeriksaan khusus / investigatif", "kasus", 480, FUN, True),
            (
                "Melaksanakan pemantauan tindak lanjut hasil pemeriksaan",
                "rekomendasi",
                30,
                FUN,
                True,
            ),
            ("Melaksanakan evaluasi SAKIP / reformasi birokrasi", "OPD", 360, FUN, True),
            ("Melakukan probity audit pengadaan", "paket", 240, FUN, True),
            ("Menyusun kertas kerja pemeriksaan", "kertas kerja", 120, FUN, True),
        ],
    ),
    "social": (
        "SOS",
        [
            ("Melaksanakan asesmen kesejahteraan sosial", "klien", 60, STAFF, True),
            ("Mendampingi penerima program keluarga harapan", "keluarga", 45, STAFF, True),
            ("Melaksanakan rehabilitasi sosial di panti / griya", "klien", 60, STAFF, True),
            ("Mendampingi anak dan perempuan korban kekerasan", "kasus", 120, FUN, True),
            ("Melaksanakan pelatihan kerja / keterampilan warga", "kegiatan", 240, STAFF, True),
            ("Melaksanakan penyuluhan pertanian / perikanan perkotaan", "kegiatan", 120, FUN, True),
            ("Melaksanakan pemeriksaan kesehatan hewan", "ekor", 15, FUN, True),
            ("Mengawasi keamanan pangan", "sampel", 30, FUN, True),
        ],
    ),
    "leader": (
        "PIM",
        [
            ("Memimpin rapat koordinasi", "rapat", 120, ALL[:-2], True),
            ("Menetapkan rencana kerja dan target unit", "dokumen", 120, LEAD + TOP, True),
            ("Memberikan arahan dan pembinaan kepada bawahan", "kegiatan", 60, ALL[:-2], False),
            (
                "Memverifikasi aktivitas harian bawahan",
                "pegawai",
                5,
                LEAD + TOP + ["FUNGSIONAL"],
                False,
            ),
            (
                "Menilai perilaku kerja bawahan (BerAKHLAK)",
                "pegawai",
                15,
                LEAD + TOP + ["FUNGSIONAL"],
                False,
            ),
            ("Menyusun dan menandatangani dokumen kebijakan", "dokumen", 60, LEAD + TOP, True),
            ("Melaksanakan monitoring dan evaluasi kinerja unit", "laporan", 120, LEAD + TOP, True),
            (
                "Menghadiri rapat dengan DPRD / instansi vertikal",
                "rapat",
                180,
                TOP + ["ADMINISTRATOR"],
                True,
            ),
            ("Melaksanakan peninjauan lapangan", "lokasi", 120, ALL[:-2], True),
            ("Menyusun laporan kepada wali kota", "laporan", 90, TOP + ["ADMINISTRATOR"], True),
            ("Menandatangani naskah dinas dan disposisi", "naskah", 5, ALL[:-2], False),
            ("Melaksanakan coaching dan mentoring pegawai", "sesi", 60, LEAD + TOP, True),
            ("Menyusun dan mereviu perjanjian kinerja bawahan", "pegawai", 30, LEAD + TOP, True),
            ("Melaksanakan rapat evaluasi kinerja bulanan", "rapat", 120, LEAD + TOP, True),
            ("Mewakili pimpinan dalam acara resmi", "acara", 180, ALL[:-2], True),
        ],
    ),
    "general": (
        "UMM",
        [
            ("Mengikuti apel / upacara", "kegiatan", 30, ALL, False),
            ("Mengikuti rapat / koordinasi", "rapat", 90, ALL, True),
            ("Mengikuti pelatihan / bimbingan teknis", "jam pelajaran", 45, ALL, True),
            ("Melaksanakan tugas tambahan dari atasan", "tugas", 60, ALL, True),
            ("Melaksanakan kerja bakti / kegiatan sosial kedinasan", "kegiatan", 120, ALL, True),
            ("Menyusun laporan harian / mingguan", "laporan", 20, STAFF, False),
        ],
    ),
}

INDICATORS: list[tuple[str, str, str, str, str, str]] = [
    # code, name, unit, direction, measurement, family
    (
        "IKI-ADM-01",
        "Persentase surat masuk terdistribusi pada hari yang sama",
        "%",
        "higher",
        "time",
        "administration",
    ),
    (
        "IKI-ADM-02",
        "Jumlah naskah dinas yang diselesaikan",
        "naskah",
        "higher",
        "quantity",
        "administration",
    ),
    (
        "IKI-ADM-03",
        "Persentase naskah dinas tanpa revisi",
        "%",
        "higher",
        "quality",
        "administration",
    ),
    (
        "IKI-ADM-04",
        "Rata-rata waktu penyelesaian pengaduan",
        "hari",
        "lower",
        "time",
        "administration",
    ),
    (
        "IKI-ADM-05",
        "Persentase arsip tertata sesuai klasifikasi",
        "%",
        "higher",
        "quality",
        "administration",
    ),
    (
        "IKI-SDM-01",
        "Persentase usulan kepegawaian diproses tepat waktu",
        "%",
        "higher",
        "time",
        "hr",
    ),
    ("IKI-SDM-02", "Persentase data kepegawaian mutakhir", "%", "higher", "quality", "hr"),
    (
        "IKI-SDM-03",
        "Jumlah pegawai yang mengikuti pengembangan kompetensi",
        "orang",
        "higher",
        "quantity",
        "hr",
    ),
    ("IKI-KEU-01", "Persentase SPM terbit tepat waktu", "%", "higher", "time", "finance"),
    (
        "IKI-KEU-02",
        "Persentase realisasi anggaran terhadap rencana",
        "%",
        "higher",
        "quantity",
        "finance",
    ),
    ("IKI-KEU-03", "Jumlah temuan pemeriksaan keuangan", "temuan", "lower", "quality", "finance"),
    (
        "IKI-KEU-04",
        "Persentase temuan keuangan yang ditindaklanjuti",
        "%",
        "higher",
        "quality",
        "finance",
    ),
    ("IKI-KEU-05", "Efisiensi belanja pengadaan terhadap HPS", "%", "higher", "cost", "finance"),
    (
        "IKI-KEU-06",
        "Ketepatan waktu penyampaian laporan keuangan",
        "hari",
        "lower",
        "time",
        "finance",
    ),
    (
        "IKI-REN-01",
        "Persentase dokumen perencanaan disahkan tepat waktu",
        "%",
        "higher",
        "time",
        "planning",
    ),
    (
        "IKI-REN-02",
        "Persentase indikator kinerja OPD tercapai",
        "%",
        "higher",
        "quality",
        "planning",
    ),
    ("IKI-REN-03", "Nilai evaluasi SAKIP OPD", "nilai", "higher", "quality", "planning"),
    (
        "IKI-GUR-01",
        "Persentase peserta didik mencapai kriteria ketercapaian tujuan pembelajaran",
        "%",
        "higher",
        "quality",
        "teacher",
    ),
    ("IKI-GUR-02", "Jumlah jam pelajaran terlaksana", "JP", "higher", "quantity", "teacher"),
    (
        "IKI-GUR-03",
        "Persentase modul ajar tersusun sebelum pembelajaran",
        "%",
        "higher",
        "time",
        "teacher",
    ),
    ("IKI-GUR-04", "Rata-rata kehadiran peserta didik", "%", "higher", "quality", "teacher"),
    ("IKI-KES-01", "Jumlah pasien terlayani", "pasien", "higher", "quantity", "health"),
    (
        "IKI-KES-02",
        "Rata-rata waktu tunggu pelayanan rawat jalan",
        "menit",
        "lower",
        "time",
        "health",
    ),
    ("IKI-KES-03", "Cakupan imunisasi dasar lengkap", "%", "higher", "quantity", "health"),
    (
        "IKI-KES-04",
        "Angka kejadian infeksi terkait layanan kesehatan",
        "per 1.000 hari rawat",
        "lower",
        "quality",
        "health",
    ),
    ("IKI-KES-05", "Persentase balita ditimbang", "%", "higher", "quantity", "health"),
    (
        "IKI-KES-06",
        "Persentase ibu hamil mendapat pelayanan antenatal sesuai standar",
        "%",
        "higher",
        "quality",
        "health",
    ),
    ("IKI-KES-07", "Indeks kepuasan pasien", "nilai", "higher", "quality", "health"),
    (
        "IKI-LAP-01",
        "Jumlah pelanggaran perda yang ditertibkan",
        "kasus",
        "higher",
        "quantity",
        "field",
    ),
    ("IKI-LAP-02", "Waktu tanggap kejadian kebakaran", "menit", "lower", "time", "field"),
    ("IKI-LAP-03", "Persentase titik genangan tertangani", "%", "higher", "quality", "field"),
    ("IKI-LAP-04", "Volume sampah terangkut", "ton", "higher", "quantity", "field"),
    ("IKI-LAP-05", "Persentase penerangan jalan umum berfungsi", "%", "higher", "quality", "field"),
    (
        "IKI-LYN-01",
        "Jumlah dokumen kependudukan terbit",
        "dokumen",
        "higher",
        "quantity",
        "public_service",
    ),
    (
        "IKI-LYN-02",
        "Persentase layanan selesai sesuai standar pelayanan",
        "%",
        "higher",
        "time",
        "public_service",
    ),
    (
        "IKI-LYN-03",
        "Indeks kepuasan masyarakat unit layanan",
        "nilai",
        "higher",
        "quality",
        "public_service",
    ),
    (
        "IKI-LYN-04",
        "Realisasi penerimaan pajak daerah terhadap target",
        "%",
        "higher",
        "quantity",
        "public_service",
    ),
    ("IKI-LYN-05", "Biaya layanan per dokumen", "rupiah", "lower", "cost", "public_service"),
    (
        "IKI-TIK-01",
        "Persentase gangguan sistem diselesaikan dalam SLA",
        "%",
        "higher",
        "time",
        "it",
    ),
    ("IKI-TIK-02", "Ketersediaan layanan aplikasi (uptime)", "%", "higher", "quality", "it"),
    (
        "IKI-HKM-01",
        "Jumlah rancangan produk hukum diselesaikan",
        "rancangan",
        "higher",
        "quantity",
        "legal_audit",
    ),
    (
        "IKI-HKM-02",
        "Persentase rekomendasi hasil pemeriksaan ditindaklanjuti",
        "%",
        "higher",
        "quality",
        "legal_audit",
    ),
    ("IKI-HKM-03", "Jumlah obyek audit diselesaikan", "obyek", "higher", "quantity", "legal_audit"),
    (
        "IKI-SOS-01",
        "Jumlah penyandang masalah kesejahteraan sosial tertangani",
        "orang",
        "higher",
        "quantity",
        "social",
    ),
    (
        "IKI-SOS-02",
        "Persentase kasus kekerasan perempuan dan anak tertangani",
        "%",
        "higher",
        "quality",
        "social",
    ),
    ("IKI-PIM-01", "Persentase capaian sasaran strategis unit", "%", "higher", "quality", "leader"),
    (
        "IKI-PIM-02",
        "Persentase aktivitas bawahan diverifikasi tepat waktu",
        "%",
        "higher",
        "time",
        "leader",
    ),
    ("IKI-PIM-03", "Persentase serapan anggaran unit", "%", "higher", "cost", "leader"),
    ("IKI-PIM-04", "Nilai indeks profesionalitas ASN unit", "nilai", "higher", "quality", "leader"),
]

# Template defaults (no regulation fixes TPP amounts; each city sets its own by Perkada).
TPP_BASE = [
    2_750_000,
    3_000_000,
    3_300_000,
    3_650_000,
    4_050_000,
    4_500_000,
    5_000_000,
    5_600_000,
    6_300_000,
    7_100_000,
    8_000_000,
    9_500_000,
    11_500_000,
    14_000_000,
    18_000_000,
    24_000_000,
    32_000_000,
]

SKB = "SKB 3 Menteri 2026 (as known when this template was written; template default, verify)"
HOLIDAYS_2026 = [
    ("2026-01-01", "Tahun Baru 2026 Masehi", "national"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", "national"),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek", "collective_leave"),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", "national"),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi", "collective_leave"),
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948", "national"),
    ("2026-03-20", "Cuti bersama Idul Fitri 1447 H", "collective_leave"),
    ("2026-03-21", "Hari Raya Idul Fitri 1447 H", "national"),
    ("2026-03-22", "Hari Raya Idul Fitri 1447 H (hari kedua)", "national"),
    ("2026-03-23", "Cuti bersama Idul Fitri 1447 H", "collective_leave"),
    ("2026-03-24", "Cuti bersama Idul Fitri 1447 H", "collective_leave"),
    ("2026-04-03", "Wafat Yesus Kristus", "national"),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)", "national"),
    ("2026-05-01", "Hari Buruh Internasional", "national"),
    ("2026-05-14", "Kenaikan Yesus Kristus", "national"),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus", "collective_leave"),
    ("2026-05-27", "Hari Raya Idul Adha 1447 H", "national"),
    ("2026-05-28", "Cuti bersama Idul Adha 1447 H", "collective_leave"),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", "national"),
    ("2026-06-01", "Hari Lahir Pancasila", "national"),
    ("2026-06-16", "Tahun Baru Islam 1448 H", "national"),
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia", "national"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", "national"),
    ("2026-12-24", "Cuti bersama Hari Raya Natal", "collective_leave"),
    ("2026-12-25", "Hari Raya Natal", "national"),
]

# (code, name, kind, parent, children [(suffix, name, kind)])
DINAS_CHILDREN = [("SEK", "Sekretariat", "sekretariat")]
SEKDA_BAGIAN = [
    ("PEM", "Bagian Pemerintahan dan Kesejahteraan Rakyat"),
    ("HKM", "Bagian Hukum dan Kerja Sama"),
    ("PER", "Bagian Perekonomian dan Sumber Daya Alam"),
    ("ADP", "Bagian Administrasi Pembangunan"),
    ("PBJ", "Bagian Pengadaan Barang dan Jasa"),
    ("ORG", "Bagian Organisasi"),
    ("UMM", "Bagian Umum"),
    ("PKP", "Bagian Protokol dan Komunikasi Pimpinan"),
    ("RKU", "Bagian Perencanaan dan Keuangan"),
]
OPDS: list[tuple[str, str, str, list[str]]] = [
    # code, name, kind, bidang names
    (
        "INSP",
        "Inspektorat",
        "inspektorat",
        [
            "Inspektur Pembantu Wilayah I",
            "Inspektur Pembantu Wilayah II",
            "Inspektur Pembantu Wilayah III",
            "Inspektur Pembantu Wilayah IV",
        ],
    ),
    (
        "DISDIK",
        "Dinas Pendidikan",
        "dinas",
        [
            "Bidang Pembinaan PAUD dan Pendidikan Nonformal",
            "Bidang Pembinaan Sekolah Dasar",
            "Bidang Pembinaan SMP",
            "Bidang Guru dan Tenaga Kependidikan",
        ],
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        "dinas",
        [
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ],
    ),
    (
        "DSDABM",
        "Dinas Sumber Daya Air dan Bina Marga",
        "dinas",
        ["Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Penerangan Jalan Umum"],
    ),
    (
        "DPRKPP",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman serta Pertanahan",
        "dinas",
        [
            "Bidang Perumahan",
            "Bidang Kawasan Permukiman",
            "Bidang Bangunan Gedung",
            "Bidang Pertanahan",
        ],
    ),
    (
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "satpol_pp",
        [
            "Bidang Penegakan Peraturan Daerah",
            "Bidang Ketenteraman dan Ketertiban Umum",
            "Bidang Perlindungan Masyarakat",
        ],
    ),
    (
        "DPKP",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        "dinas",
        ["Bidang Operasi", "Bidang Pencegahan", "Bidang Sarana dan Prasarana"],
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "dinas",
        [
            "Bidang Rehabilitasi Sosial",
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Pemberdayaan Sosial",
        ],
    ),
    (
        "DISNAKER",
        "Dinas Tenaga Kerja",
        "dinas",
        ["Bidang Pelatihan dan Penempatan Kerja", "Bidang Hubungan Industrial"],
    ),
    (
        "DP3APPKB",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak serta Pengendalian Penduduk "
        "dan Keluarga Berencana",
        "dinas",
        ["Bidang Pemberdayaan Perempuan", "Bidang Perlindungan Anak", "Bidang Keluarga Berencana"],
    ),
    (
        "DKPP",
        "Dinas Ketahanan Pangan dan Pertanian",
        "dinas",
        ["Bidang Ketahanan Pangan", "Bidang Pertanian", "Bidang Peternakan dan Kesehatan Hewan"],
    ),
    (
        "DLH",
        "Dinas Lingkungan Hidup",
        "dinas",
        [
            "Bidang Pengelolaan Sampah",
            "Bidang Pengendalian Pencemaran",
            "Bidang Ruang Terbuka Hijau",
        ],
    ),
    (
        "DISPENDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dinas",
        [
            "Bidang Pelayanan Pendaftaran Penduduk",
            "Bidang Pelayanan Pencatatan Sipil",
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
        ],
    ),
    (
        "DISHUB",
        "Dinas Perhubungan",
        "dinas",
        ["Bidang Lalu Lintas", "Bidang Angkutan", "Bidang Perparkiran"],
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "dinas",
        [
            "Bidang Aplikasi Informatika",
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Statistik dan Persandian",
        ],
    ),
    (
        "DKUKMP",
        "Dinas Koperasi, Usaha Kecil dan Menengah dan Perdagangan",
        "dinas",
        ["Bidang Koperasi", "Bidang Usaha Mikro", "Bidang Perdagangan"],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dinas",
        ["Bidang Penanaman Modal", "Bidang Pelayanan Perizinan"],
    ),
    (
        "DISBUDPORAPAR",
        "Dinas Kebudayaan, Kepemudaan dan Olahraga serta Pariwisata",
        "dinas",
        ["Bidang Kebudayaan", "Bidang Kepemudaan dan Olahraga", "Bidang Pariwisata"],
    ),
    (
        "DISPUSIP",
        "Dinas Perpustakaan dan Kearsipan",
        "dinas",
        ["Bidang Perpustakaan", "Bidang Kearsipan"],
    ),
    (
        "BAPPEDALITBANG",
        "Badan Perencanaan Pembangunan Daerah serta Penelitian dan Pengembangan",
        "badan",
        [
            "Bidang Perencanaan, Pengendalian dan Evaluasi",
            "Bidang Perekonomian dan SDA",
            "Bidang Pemerintahan dan Pembangunan Manusia",
            "Bidang Infrastruktur dan Kewilayahan",
            "Bidang Penelitian dan Pengembangan",
        ],
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "badan",
        ["Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset"],
    ),
    (
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "badan",
        [
            "Bidang Pajak Daerah I",
            "Bidang Pajak Daerah II",
            "Bidang Pengendalian dan Evaluasi Pendapatan",
        ],
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "badan",
        [
            "Bidang Pengadaan, Pemberhentian dan Informasi",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Kompetensi",
            "Bidang Penilaian Kinerja dan Penghargaan",
        ],
    ),
    (
        "BAKESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "badan",
        ["Bidang Ideologi dan Wawasan Kebangsaan", "Bidang Politik dan Ormas"],
    ),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "badan",
        [
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ],
    ),
    (
        "RSUD",
        "Rumah Sakit Umum Daerah",
        "rsud",
        ["Bidang Pelayanan Medik", "Bidang Keperawatan", "Bidang Penunjang", "Bagian Keuangan"],
    ),
]


def activities() -> list[dict]:
    rows = []
    for family, (prefix, items) in ACTIVITIES.items():
        for number, (name, unit, minutes, types, evidence) in enumerate(items, start=1):
            rows.append(
                {
                    "code": f"{prefix}-{number:03d}",
                    "name": name,
                    "family": family,
                    "output_unit": unit,
                    "standard_minutes": minutes,
                    "position_types": sorted(set(types), key=ALL.index),
                    "evidence_required": evidence,
                    "default": True,
                }
            )
    return rows


def indicators() -> list[dict]:
    return [
        {
            "code": code,
            "name": name,
            "family": family,
            "unit": unit,
            "direction": direction,
            "measurement": measurement,
            "default": True,
        }
        for code, name, unit, direction, measurement, family in INDICATORS
    ]


def organisation() -> list[dict]:
    units: list[dict[str, Any]] = [
        {"code": "SETDA", "name": "Sekretariat Daerah", "kind": "sekretariat_daerah"},
        {
            "code": "SETDA.AS1",
            "name": "Asisten Pemerintahan dan Kesejahteraan Rakyat",
            "kind": "asisten",
            "parent": "SETDA",
        },
        {
            "code": "SETDA.AS2",
            "name": "Asisten Perekonomian dan Pembangunan",
            "kind": "asisten",
            "parent": "SETDA",
        },
        {
            "code": "SETDA.AS3",
            "name": "Asisten Administrasi Umum",
            "kind": "asisten",
            "parent": "SETDA",
        },
    ]
    assistant_of = {
        "PEM": "AS1",
        "HKM": "AS1",
        "PER": "AS2",
        "ADP": "AS2",
        "PBJ": "AS2",
        "ORG": "AS3",
        "UMM": "AS3",
        "PKP": "AS3",
        "RKU": "AS3",
    }
    for suffix, name in SEKDA_BAGIAN:
        units.append(
            {
                "code": f"SETDA.{suffix}",
                "name": name,
                "kind": "bagian",
                "parent": f"SETDA.{assistant_of[suffix]}",
            }
        )
    units.append({"code": "SETDPRD", "name": "Sekretariat DPRD", "kind": "sekretariat_dprd"})
    for suffix, name in [
        ("UMM", "Bagian Umum dan Keuangan"),
        ("PSD", "Bagian Persidangan dan Perundang-undangan"),
        ("FAS", "Bagian Fasilitasi Penganggaran dan Pengawasan"),
    ]:
        units.append(
            {"code": f"SETDPRD.{suffix}", "name": name, "kind": "bagian", "parent": "SETDPRD"}
        )
    for code, name, kind, bidang in OPDS:
        units.append({"code": code, "name": name, "kind": kind})
        if kind != "inspektorat":
            units.append(
                {
                    "code": f"{code}.SEK",
                    "name": "Sekretariat" if kind != "rsud" else "Bagian Umum",
                    "kind": "sekretariat" if kind != "rsud" else "bagian",
                    "parent": code,
                }
            )
            units.append(
                {
                    "code": f"{code}.SEK.UMP",
                    "name": "Subbagian Umum dan Kepegawaian",
                    "kind": "subbagian",
                    "parent": f"{code}.SEK",
                }
            )
            units.append(
                {
                    "code": f"{code}.SEK.KEU",
                    "name": "Subbagian Keuangan dan Perencanaan",
                    "kind": "subbagian",
                    "parent": f"{code}.SEK",
                }
            )
        else:
            units.append(
                {
                    "code": f"{code}.SEK",
                    "name": "Sekretariat Inspektorat",
                    "kind": "sekretariat",
                    "parent": code,
                }
            )
        for number, bidang_name in enumerate(bidang, start=1):
            units.append(
                {
                    "code": f"{code}.B{number}",
                    "name": bidang_name,
                    "kind": "bagian" if bidang_name.startswith("Bagian") else "bidang",
                    "parent": code,
                }
            )
    units.append(
        {
            "code": "KEC",
            "name": "Kecamatan",
            "kind": "kecamatan",
            "pattern": True,
            "note": "One per district; the registry creates them from the city's kecamatan list.",
        }
    )
    for suffix, name, kind in [
        ("SEK", "Sekretariat Kecamatan", "sekretariat"),
        ("PEM", "Seksi Pemerintahan dan Pelayanan", "seksi"),
        ("TRANTIB", "Seksi Ketenteraman dan Ketertiban Umum", "seksi"),
        ("PMK", "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial", "seksi"),
        ("PKL", "Seksi Perekonomian dan Pembangunan", "seksi"),
    ]:
        units.append(
            {"code": f"KEC.{suffix}", "name": name, "kind": kind, "parent": "KEC", "pattern": True}
        )
    units.append(
        {
            "code": "KEL",
            "name": "Kelurahan",
            "kind": "kelurahan",
            "parent": "KEC",
            "pattern": True,
            "note": "One per urban village, under its kecamatan.",
        }
    )
    for suffix, name in [
        ("PEM", "Seksi Pemerintahan dan Pelayanan Publik"),
        ("TRANTIB", "Seksi Ketenteraman, Ketertiban dan Pembangunan"),
        ("KESRA", "Seksi Kesejahteraan Rakyat dan Perekonomian"),
    ]:
        units.append(
            {
                "code": f"KEL.{suffix}",
                "name": name,
                "kind": "seksi",
                "parent": "KEL",
                "pattern": True,
            }
        )
    return units


def setting(value, *, ref: str | None = None, note: str | None = None) -> dict:
    item: dict = {"value": value}
    if ref:
        item["ref"] = ref
    else:
        item["default"] = True
    if note:
        item["note"] = note
    return item


def content() -> dict:
    return {
        "format": "sinergi.model-template",
        "schema_version": 1,
        "template": {
            "slug": "surabaya",
            "title": "Model Surabaya",
            "source_city": "Kota Surabaya",
            "version": 1,
            "attribution": "Pemerintah Kota Surabaya (e-Performance, IKI/IKO)",
            "changelog": "Versi pertama: katalog kegiatan, pustaka IKI, aturan penilaian dan "
            "TPP, aturan distribusi predikat, kalender 2026, dan kerangka OPD.",
            "description": "Manajemen kinerja individu seperti yang dijalankan Kota Surabaya: "
            "kegiatan harian terhadap waktu standar, verifikasi atasan, hasil bulanan, "
            "predikat, talenta 9 kotak, dan tambahan penghasilan pegawai (TPP).",
        },
        "activities": activities(),
        "indicators": indicators(),
        "policy": {
            "effective_minutes_per_day": setting(
                300,
                ref=D4,
                note="BKN workload-analysis norm; Surabaya-style 450 is a one-line change.",
            ),
            "result_weights": setting({"workload": 50, "iki": 50}, ref=D4),
            "rating_thresholds": setting({"above": 110, "meets": 80}, ref=D4),
            "behaviour_method": setting("median", ref=D4),
            "performance_factor_weights": setting({"result": 60, "attendance": 40}, ref=D4),
            "full_cut_min_score": setting(50, ref=D4),
            "max_backdate_days": setting(5),
            "allow_non_working_days": setting(False),
            "daily_max_minutes": setting(480),
            "verification_escalation_days": setting(5),
            "objection_window_days": setting(14),
            "assessment_periodicity": setting("monthly"),
            "performance_contract_review_months": setting(6, ref="DOMAIN.md section 2"),
            "potential_ranges": setting(
                {"rendah": [0, 70], "menengah": [70, 85], "tinggi": [85, 100]}
            ),
            "working_weekdays": setting(
                [1, 2, 3, 4, 5], ref="DOMAIN.md section 3.3 (Perpres 21/2023: 5 days)"
            ),
        },
        "tpp": {
            "base_by_kelas": [
                {"kelas": kelas, "amount": amount, "default": True}
                for kelas, amount in enumerate(TPP_BASE, start=1)
            ],
            "attendance_cuts": [
                {
                    "code": "late_1_30",
                    "kind": "late_or_early",
                    "min_minutes": 1,
                    "max_minutes": 30,
                    "percent": 0.5,
                    "per": "occurrence",
                    "ref": D4,
                },
                {
                    "code": "late_31_60",
                    "kind": "late_or_early",
                    "min_minutes": 31,
                    "max_minutes": 60,
                    "percent": 1,
                    "per": "occurrence",
                    "ref": D4,
                },
                {
                    "code": "late_61_90",
                    "kind": "late_or_early",
                    "min_minutes": 61,
                    "max_minutes": 90,
                    "percent": 1.5,
                    "per": "occurrence",
                    "ref": D4,
                },
                {
                    "code": "late_over_90",
                    "kind": "late_or_early",
                    "min_minutes": 91,
                    "max_minutes": None,
                    "percent": 2,
                    "per": "occurrence",
                    "ref": D4,
                },
                {
                    "code": "no_record",
                    "kind": "no_record",
                    "percent": 2,
                    "per": "occurrence",
                    "ref": D4,
                },
                {"code": "absent", "kind": "absent", "percent": 4, "per": "day", "ref": D4},
            ],
        },
        "distribution_rules": [
            {
                "opd_predicate": "istimewa",
                "ref": D31,
                "bounds": [{"predicates": ["sangat_baik"], "op": "at_most", "percent": 70}],
            },
            {
                "opd_predicate": "baik",
                "ref": D31,
                "bounds": [
                    {"predicates": ["baik"], "op": "at_most", "percent": 70},
                    {"predicates": ["butuh_perbaikan", "kurang"], "op": "at_least", "count": 1},
                ],
            },
            {
                "opd_predicate": "butuh_perbaikan",
                "ref": D31,
                "bounds": [
                    {"predicates": ["butuh_perbaikan"], "op": "at_least", "percent": 60},
                    {"predicates": ["sangat_baik"], "op": "at_most", "percent": 10},
                ],
            },
            {
                "opd_predicate": "kurang",
                "ref": D31,
                "bounds": [
                    {"predicates": ["kurang"], "op": "at_least", "percent": 60},
                    {"predicates": ["butuh_perbaikan"], "op": "at_least", "percent": 10},
                    {"predicates": ["sangat_baik"], "op": "at_most", "percent": 10},
                ],
            },
            {
                "opd_predicate": "sangat_kurang",
                "ref": D31,
                "bounds": [
                    {"predicates": ["sangat_kurang"], "op": "at_least", "percent": 60},
                    {"predicates": ["kurang", "butuh_perbaikan"], "op": "at_least", "percent": 10},
                    {"predicates": ["sangat_baik"], "op": "at_most", "count": 0},
                ],
            },
        ],
        "calendar": {
            "year": 2026,
            "note": SKB,
            "holidays": [
                {"date": day, "name": name, "kind": kind, "default": True}
                for day, name, kind in HOLIDAYS_2026
            ],
        },
        "organisation": organisation(),
        # Local own-source revenue (core.revenue): the city taxes of UU 1/2022 HKPD (PBJT
        # by sub-type), opsen, and the retribusi groups, each with its responsible OPD.
        "revenue_sources": [
            {
                "code": code,
                "name": name,
                "group": group,
                "opd_code": opd,
                "opd": opd_name,
                "ref": "UU 1/2022 HKPD",
            }
            for code, name, group, opd, opd_name in (
                (
                    "PBB-P2",
                    "Pajak Bumi dan Bangunan Perdesaan dan Perkotaan",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "BPHTB",
                    "Bea Perolehan Hak atas Tanah dan Bangunan",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "PBJT-MM",
                    "PBJT atas Makanan dan/atau Minuman",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "PBJT-TL",
                    "PBJT atas Tenaga Listrik",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "PBJT-HTL",
                    "PBJT atas Jasa Perhotelan",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "PBJT-PKR",
                    "PBJT atas Jasa Parkir",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "PBJT-HIB",
                    "PBJT atas Jasa Kesenian dan Hiburan",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                ("REKLAME", "Pajak Reklame", "pajak", "BAPENDA", "Badan Pendapatan Daerah"),
                ("PAT", "Pajak Air Tanah", "pajak", "BAPENDA", "Badan Pendapatan Daerah"),
                (
                    "MBLB",
                    "Pajak Mineral Bukan Logam dan Batuan",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "WALET",
                    "Pajak Sarang Burung Walet",
                    "pajak",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "OPSEN-PKB",
                    "Opsen Pajak Kendaraan Bermotor",
                    "opsen",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                (
                    "OPSEN-BBNKB",
                    "Opsen Bea Balik Nama Kendaraan Bermotor",
                    "opsen",
                    "BAPENDA",
                    "Badan Pendapatan Daerah",
                ),
                ("RET-JU", "Retribusi Jasa Umum", "retribusi", "DLH", "Dinas Lingkungan Hidup"),
                (
                    "RET-JUS",
                    "Retribusi Jasa Usaha",
                    "retribusi",
                    "BPKAD",
                    "Badan Pengelolaan Keuangan dan Aset Daerah",
                ),
                (
                    "RET-PT",
                    "Retribusi Perizinan Tertentu",
                    "retribusi",
                    "DPMPTSP",
                    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                ),
            )
        ],
        "branding": {
            "primary_colour": "#0b5cab",
            "secondary_colour": "#073f76",
            "tagline": "Kinerja ASN terukur, pelayanan makin baik",
        },
        "terminology": {
            "activity": "Aktivitas",
            "daily_log": "Laporan Aktivitas Harian",
            "indicator": "Indikator Kinerja Individu (IKI)",
            "opd": "Perangkat Daerah",
            "performance_system": "e-Performance",
            "skp": "Sasaran Kinerja Pegawai (SKP)",
            "supervisor": "Atasan Langsung",
            "tpp": "Tambahan Penghasilan Pegawai (TPP)",
            "hr_agency": "BKPSDM",
        },
    }


if __name__ == "__main__":
    target = Path(__file__).with_name("surabaya-v1.json")
    target.write_text(json.dumps(content(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    data = content()
    print(
        f"{target}: {len(data['activities'])} activities, {len(data['indicators'])} indicators, "
        f"{len(data['organisation'])} org units"
    )
