"""The serving process keeps its start-up objects out of the garbage collector's sight."""

import gc
import importlib

from config.gc_tuning import GC_THRESHOLDS


def test_loading_the_wsgi_application_freezes_start_up_objects():
    before = gc.get_threshold()
    try:
        module = importlib.import_module("config.wsgi")
        importlib.reload(module)
        assert callable(module.application)
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
