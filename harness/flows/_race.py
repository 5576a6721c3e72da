"""Send several requests at the same instant, to probe a check-then-claim race in the server.

The sends start in their own threads and wait behind one barrier, so they reach the server as
close together as the machine allows. Every exchange is recorded by the ``HttpSession`` the
sends use (its client and the evidence are safe to share between threads).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from harness.evidence import Exchange
from harness.flows._errors import StepError

MAX_FAN_OUT = 16
DEFAULT_RACE_TIMEOUT_S = 30.0


def send_together(
    sends: Sequence[Callable[[], Exchange]], *, timeout_s: float = DEFAULT_RACE_TIMEOUT_S
) -> list[Exchange]:
    """Run every send at once (2 to MAX_FAN_OUT of them) and return their exchanges in order.

    ``timeout_s`` bounds the whole fan-out (seconds). Raises StepError when a send raised one
    (no answer is never a verdict), when the fan-out did not finish in time, or for a fan-out
    out of range (ValueError)."""
    count = len(sends)
    if not 2 <= count <= MAX_FAN_OUT:
        raise ValueError(f"send_together() takes 2 to {MAX_FAN_OUT} sends, got {count}")
    barrier = threading.Barrier(count, timeout=timeout_s)

    def released(send: Callable[[], Exchange]) -> Exchange:
        barrier.wait()  # every thread is ready: all go at once
        return send()

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="race") as pool:
        futures = [pool.submit(released, send) for send in sends]
        results: list[Exchange] = []
        try:
            for future in futures:
                results.append(future.result(timeout=timeout_s))
        except FutureTimeout:
            barrier.abort()
            raise StepError(
                f"{count} parallel requests did not all finish within {timeout_s:g} s; "
                "the scenario's precondition could not be met"
            ) from None
        except threading.BrokenBarrierError:
            raise StepError(
                f"the {count} parallel requests could not be released together"
            ) from None
    return results
