"""How `python app.py` sets up its process for serving (facilitation/serve.py)."""

import gc

from facilitation import serve


def test_serving_freezes_the_startup_heap_and_collects_young_objects_less_often():
    """With Python's defaults a burst of 2,000 votes set off a full collection of everything the
    connections hold (docs/performance.md); serving freezes what the app made at startup and
    raises the young generation's threshold far above the default 700."""
    before = gc.get_threshold()
    try:
        serve.tune_garbage_collector()
        assert gc.get_threshold() == serve.GC_THRESHOLDS
        assert serve.GC_THRESHOLDS[0] >= 10_000
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
