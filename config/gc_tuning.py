"""The garbage collector of a serving process, set once the application is loaded.

Everything Django built at start-up (modules, models, URL patterns, translations) is
moved out of the collector's sight (`gc.freeze`), and the youngest generation is
collected less often: a request that builds many objects (a city's month of twenty
thousand people) otherwise pays for repeated full collections that walk the whole
process, about a third of its time (measured by `make bench`: burst, command_centre).
"""

import gc

GC_THRESHOLDS = (10_000, 50, 100)  # CPython's defaults: (700, 10, 10)


def settle_after_startup() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
