from __future__ import annotations


class StepError(RuntimeError):
    """The flow cannot continue (no code, no token): a broken precondition, reported as an error."""
