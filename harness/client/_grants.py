"""Which grant types a target offers, and where the harness learned it (RFC 6749 §4, RFC 8414 §2).

Resolved per scenario, at run time: ``[grants] offered`` in the target file wins; else the
metadata's ``grant_types_supported`` (and ``response_types_supported`` for implicit); else an
assumption (the code grant, and the refresh grant where the target refreshes).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from harness.client._authorization import PRECONDITION
from harness.client._client import ClientSteps
from harness.evidence import Exchange
from harness.flows import AuthMethod, StepError, Tokens, client_auth, token_request
from harness.targets import GRANT_TYPES, Target

GrantSource = Literal["declared", "advertised", "assumed"]


@dataclass(frozen=True)
class OfferedGrants:
    """The grant types offered (GRANT_TYPES names), ``source`` of the answer and ``detail``, a
    phrase for skip reasons and failure text ("advertised in the metadata (…)")."""

    grants: frozenset[str]
    source: GrantSource
    detail: str

    def __contains__(self, grant: object) -> bool:
        return grant in self.grants

    def listed(self) -> str:
        """``authorization_code, refresh_token`` in GRANT_TYPES order (or ``none``)."""
        return ", ".join(g for g in GRANT_TYPES if g in self.grants) or "none"

    def offered_because(self, grant: str) -> str:
        """``client_credentials is advertised in the metadata (…)`` for an offered grant."""
        return f"{grant} is {self.detail}"

    def not_offered_because(self, grant: str) -> str:
        """Why ``grant`` counts as not offered: the grants that are, and where that came from."""
        return f"{grant} is not among the grants {self.detail}: {self.listed()}"


def declared_grants(target: Target) -> OfferedGrants | None:
    """The target file's ``[grants] offered``, or None when the file does not declare it."""
    offered = target.grants.offered
    if offered is None:
        return None
    return OfferedGrants(offered, "declared", "declared by the target file ([grants] offered)")


def assumed_grants(target: Target, why: str) -> OfferedGrants:
    """The code grant, and the refresh grant when the target refreshes; ``why`` says why the
    harness had to assume."""
    grants = {"authorization_code"} | ({"refresh_token"} if target.capabilities.refresh else set())
    return OfferedGrants(frozenset(grants), "assumed", f"assumed ({why})")


def advertised_grants(document: Mapping[str, object]) -> OfferedGrants | None:
    """The grants an RFC 8414 metadata document advertises, or None when it says nothing.

    ``grant_types_supported`` (RFC 8414 §2) names them; ``response_types_supported`` listing
    ``token`` (or ``grant_types_supported`` listing ``implicit``) is the implicit grant
    (RFC 6749 §4.2.1). An omitted ``grant_types_supported`` is read as unknown, not as the
    RFC's default ``["authorization_code", "implicit"]``: servers leave the OPTIONAL member out
    without meaning to offer the implicit grant, so the default would invent findings. The code
    grant is then assumed, and implicit still read from the REQUIRED response types.
    """
    listed = document.get("grant_types_supported")
    response_types = document.get("response_types_supported")
    implicit = isinstance(response_types, list) and any(
        isinstance(value, str) and "token" in value.split() for value in response_types
    )
    if isinstance(listed, list):
        names = {value for value in listed if isinstance(value, str) and value in GRANT_TYPES}
        grants = frozenset(names | ({"implicit"} if implicit else set()))
        where = "grant_types_supported, response_types_supported"
        return OfferedGrants(grants, "advertised", f"advertised in the metadata ({where})")
    if not isinstance(response_types, list):
        return None
    grants = frozenset({"authorization_code"} | ({"implicit"} if implicit else set()))
    detail = (
        "advertised in the metadata (response_types_supported; grant_types_supported is "
        "omitted, read as unknown rather than RFC 8414 §2's default)"
    )
    return OfferedGrants(grants, "advertised", detail)


@dataclass(frozen=True)
class PasswordCredentials:
    """What a password-grant probe sends: the target's real user only when the target file
    allows it (``[grants] real_password``), else an account that does not exist."""

    username: str
    password: str
    real: bool

    def __repr__(self) -> str:
        return f"PasswordCredentials(username={self.username!r}, real={self.real})"

    def describe(self) -> str:
        if self.real:
            return "the target user's real credentials ([grants] real_password = true)"
        return "credentials of no real account (a random unknown username and password)"


def no_account() -> PasswordCredentials:
    """A random username no server has, with a random password (RFC 6749 §4.3.2 fields)."""
    return PasswordCredentials(
        username=f"harness-no-such-user-{secrets.token_hex(8)}@invalid.example",
        password=secrets.token_urlsafe(24),
        real=False,
    )


class GrantSteps(ClientSteps):
    """Steps for the grants beside the code flow: what the target offers, and token requests
    by client credentials (RFC 6749 §4.4) and by password (RFC 6749 §4.3). They send and
    return; they never judge."""

    def offered_grants(self) -> OfferedGrants:
        """The grants the target offers now (see the module docstring); read per scenario, since
        the metadata can change between scenarios. An unreadable metadata document is no
        finding here (the metadata scenarios judge it): the grants are then assumed."""
        offered = declared_grants(self.target)
        if offered is None and self.target.endpoints.metadata is not None:
            try:
                offered = advertised_grants(self.metadata_document())
            except StepError:
                offered = assumed_grants(self.target, "the metadata document could not be read")
        if offered is None:
            why = "no [grants] offered in the target file, and no metadata says otherwise"
            offered = assumed_grants(self.target, why)
        self.evidence.add_note(f"grants offered: {offered.listed()}, {offered.detail}")
        return offered

    def require_grant(self, grant: str) -> OfferedGrants:
        """The offered grants; a skip naming where that came from unless ``grant`` is among them."""
        offered = self.offered_grants()
        if grant not in offered:
            self.skip(f"target {self.target.name}: {offered.not_offered_because(grant)}")
        return offered

    def password_credentials(self) -> PasswordCredentials:
        """The target user's credentials where ``[grants] real_password`` allows, else an account
        that does not exist."""
        user = self.target.user
        if self.target.grants.real_password and user is not None:
            return PasswordCredentials(user.username, user.password, real=True)
        made_up = no_account()
        self.made_up(made_up.password)  # of no account: shown as it is
        return made_up

    def grant_request(
        self,
        grant_type: str,
        fields: Sequence[tuple[str, str | None]] = (),
        *,
        client: str = "primary",
        auth: AuthMethod | None = None,
        authenticate: bool = True,
        secret: str | None = None,
    ) -> Exchange:
        """POST ``grant_type`` and ``fields`` (None values left out) to the token endpoint,
        authenticating ``client`` by its method (or ``auth``); ``secret`` replaces its secret
        (a wrong one), ``authenticate=False`` sends ``client_id`` alone."""
        config = self.client(client)
        self.made_up(secret)  # a wrong secret; the configured one stays a secret
        form = [("grant_type", grant_type), *((k, v) for k, v in fields if v is not None)]
        headers: list[tuple[str, str]] = []
        if authenticate:
            if secret is not None:
                config = replace(config, secret=secret)
            auth_fields, headers = client_auth(config, auth)
            form += auth_fields
        else:
            form.append(("client_id", config.id))
        return token_request(self.http, self.target.endpoints.token, form, headers=headers)

    def client_credentials(
        self,
        client: str = "primary",
        *,
        scope: str | None = None,
        authenticate: bool = True,
        secret: str | None = None,
    ) -> Exchange:
        """A client credentials token request (RFC 6749 §4.4.2)."""
        return self.grant_request(
            "client_credentials",
            [("scope", scope)],
            client=client,
            authenticate=authenticate,
            secret=secret,
        )

    def require_client_credentials(self, client: str = "primary") -> Exchange:
        """A plain client credentials request that must succeed (HTTP 200 with an access token)
        before a rule is judged: a skip when the grant is not offered or the client may not use
        it (unauthorized_client), a StepError for any other refusal. Returns its exchange."""
        offered = self.require_grant("client_credentials")
        exchange = self.client_credentials(client)
        if exchange.status == 200:
            Tokens.from_exchange(exchange)  # a StepError without an access_token
            return exchange
        said = _error_of(exchange)
        if said == "unauthorized_client":
            self.skip(
                f"target {self.target.name}: {offered.offered_because('client_credentials')}, "
                f"but client {client!r} may not use it (unauthorized_client)"
            )
        raise StepError(
            f"a plain client credentials request for client {client!r} answered HTTP "
            f"{exchange.status}" + (f", error={said}" if said else "") + f"; {PRECONDITION}"
        )

    def password_grant(
        self,
        credentials: PasswordCredentials,
        client: str = "primary",
        *,
        username: str | None = None,
        password: str | None = None,
        authenticate: bool = True,
        secret: str | None = None,
    ) -> Exchange:
        """A password token request (RFC 6749 §4.3.2) with ``credentials`` (a field replaced
        by ``username`` or ``password``)."""
        self.made_up(password)
        fields = [
            ("username", credentials.username if username is None else username),
            ("password", credentials.password if password is None else password),
        ]
        return self.grant_request(
            "password", fields, client=client, authenticate=authenticate, secret=secret
        )


def _error_of(exchange: Exchange) -> str | None:
    try:
        body = json.loads(exchange.response_body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return str(error)[:80] if isinstance(error, str) else None
