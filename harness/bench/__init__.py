"""The benchmark behind ``make bench`` (``python -m harness.bench``); figures in bench.json."""
