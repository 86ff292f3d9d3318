"""The shipped Surabaya model is exactly what its generator writes."""

import importlib.util
import json
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[2] / "catalog" / "content"


def test_surabaya_v1_json_matches_its_generator():
    spec = importlib.util.spec_from_file_location("build", CONTENT / "build_surabaya_v1.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)

    shipped = json.loads((CONTENT / "surabaya-v1.json").read_text(encoding="utf-8"))

    assert shipped == build.content(), (
        "catalog/content/surabaya-v1.json is stale: run "
        "`python catalog/content/build_surabaya_v1.py` and commit the JSON"
    )
