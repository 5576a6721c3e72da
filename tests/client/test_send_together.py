"""send_together: every send runs at the same time, results keep their order, and a send that
got no answer is a StepError, not a verdict."""

from __future__ import annotations

import threading

import pytest

from harness.evidence import Exchange
from harness.flows import MAX_FAN_OUT, NoAnswerError, StepError, send_together


def test_the_sends_overlap_and_keep_their_order() -> None:
    count = 8
    arrived = threading.Barrier(count, timeout=5)  # passes only if all 8 run at once

    def send(i: int) -> Exchange:
        arrived.wait()
        return Exchange("POST", f"http://127.0.0.1:1/{i}", status=200 + i)

    results = send_together([lambda i=i: send(i) for i in range(count)])
    assert [r.status for r in results] == [200 + i for i in range(count)]


def test_a_send_without_an_answer_is_a_step_error() -> None:
    def silent() -> Exchange:
        raise NoAnswerError("no answer")

    ok = Exchange("POST", "http://127.0.0.1:1/", status=200)
    with pytest.raises(StepError, match="no answer"):
        send_together([lambda: ok, silent])


@pytest.mark.parametrize("count", [0, 1, MAX_FAN_OUT + 1])
def test_the_fan_out_is_bounded(count: int) -> None:
    ok = Exchange("POST", "http://127.0.0.1:1/", status=200)
    with pytest.raises(ValueError, match="2 to"):
        send_together([lambda: ok] * count)
