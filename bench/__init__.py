"""`make bench`: timed figures, each against a lower bound measured in the same run.

See docs/bench.md for how to run it and how to add a module.
"""
