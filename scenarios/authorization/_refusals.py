"""Shared by the redirect-URI attack scenarios: send each hostile variant of the redirect URI
the flow really sends, and judge where the browser went before anything else."""

from __future__ import annotations

from collections.abc import Callable

from harness.attacks import Mutation, budget, corpus, explore, generated
from harness.checks import NavigationCheck, redirect_refused, verify
from harness.client import Authorization, OAuthClient, browser_hosts
from harness.flows import AuthorizationRequest
from harness.spec import Level

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def refuses_each(
    oauth: OAuthClient,
    family: str,
    ref: str,
    why: str,
    *,
    request: AuthorizationRequest | None = None,
    also: Callable[[str], NavigationCheck] | None = None,
    also_level: Level = Level.SHOULD,
) -> None:
    """Every variant of ``family`` (the corpus, then a bounded search) is refused: no code and
    no redirect to it (``ref``, MUST). ``also`` builds a further check from the server's URL,
    judged at ``also_level`` on each variant the server answered."""
    request = request or oauth.request()
    sent = request.redirect_uri or ""
    server = oauth.target.endpoints.authorization
    # Pages on the server's other (non-loopback) hosts are its own; on loopback only the
    # authorization endpoint's origin is, as the redirect URI may share the host.
    hosts = tuple(h for h in browser_hosts(oauth.target) if h not in LOOPBACK)

    def judge(mutation: Mutation) -> None:
        hostile = mutation.apply(sent)
        oauth.evidence.add_note(f"variant {mutation!r}: redirect_uri {_shown(hostile)}")
        refused = redirect_refused(sent, server, ref, f"{why} ({mutation!r})", server_hosts=hosts)

        def first(grant: Authorization) -> None:
            verify(grant.outcome.navigations, refused)

        grant = oauth.attempt(request.but(redirect_uri=hostile), judge_first=first, signed_in=True)
        if also is not None:
            verify(grant.outcome.navigations, also(server), level=also_level)

    explore(judge, corpus(family, sent), generated(family), examples=budget(oauth.target.kind))


def _shown(uri: str) -> str:
    """The variant for the log, control characters made visible."""
    return uri.encode("unicode_escape").decode("ascii")
