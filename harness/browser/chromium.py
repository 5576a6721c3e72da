"""``python -m harness.browser.chromium [--print] [--no-install]``: make sure a Chromium is there.

Exit 0 when one is found (or installed), 3 with one line on stderr saying how to get one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from harness.browser._chromium import ChromiumNotFoundError, ensure_chromium

EXIT_NOT_FOUND = 3


def main(argv: Sequence[str] | None = None, **ensure_kwargs: Any) -> int:
    """Run the command; ``ensure_kwargs`` go to ``ensure_chromium`` (tests simulate machines)."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.browser.chromium",
        description="Find (or, as root with apt-get, install) the Chromium the harness drives.",
    )
    parser.add_argument("--print", action="store_true", help="print the executable's path")
    parser.add_argument("--no-install", action="store_true", help="only look, never install")
    args = parser.parse_args(argv)
    if args.no_install:
        ensure_kwargs["allow_install"] = False
    try:
        path = ensure_chromium(**ensure_kwargs)
    except ChromiumNotFoundError as exc:
        print(exc, file=sys.stderr)
        return EXIT_NOT_FOUND
    if args.print:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
