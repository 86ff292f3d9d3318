import time

from onboarding import schema_data
from onboarding.services.pilots import create_pilot, reset_pilot
from tenants.services import Actor


def test_speed(db):
    t = time.perf_counter()
    r = create_pilot(
        "latihan-besar",
        name="X",
        population=20000,
        history_days=20,
        lifetime_days=30,
        actor=Actor(label="t"),
        seed=7,
    )
    print("\ncreate", time.perf_counter() - t, r.counts, r.seconds)
    t = time.perf_counter()
    schema_data.schema_checksum(r.profile.city.schema_name)
    print("checksum", time.perf_counter() - t)
    p = r.profile
    t = time.perf_counter()
    schema_data.restore_from_snapshot(
        p.city.schema_name, p.snapshot_schema, schema_data.SchemaDDL.from_dict(p.ddl)
    )
    print("restore", time.perf_counter() - t)
    rr = reset_pilot(r.profile.city, actor=Actor(label="t"))
    print("reset", rr.seconds)
