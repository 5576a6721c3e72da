"""A pytest plugin for tests/pipeline/test_shards.py (``-p tests.pipeline._shuffle``): shuffles
the collected items before any selection, as pytest-randomly would (it is not a dependency);
the seed is ``SHUFFLE_SEED``."""

from __future__ import annotations

import os
import random

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    random.Random(os.environ.get("SHUFFLE_SEED", "1")).shuffle(items)
