"""PKCE (RFC 7636) on top of Authlib's CodeChallenge extension, with the mock's policy.

S256 only unless ``pkce_plain_allowed``; PKCE required for public clients; a verifier without
a challenge is a downgrade attempt (RFC 9700 §4.8.2) and is refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from authlib.oauth2.rfc6749 import InvalidGrantError, InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7636.challenge import CODE_CHALLENGE_PATTERN, CODE_VERIFIER_PATTERN

if TYPE_CHECKING:
    from harness.mock._oauth import MockAuthorizationServer
    from harness.mock._store import CodeRecord

_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")  # the pkce-verifier-charset-narrow defect's alphabet


class Pkce(CodeChallenge):  # type: ignore[misc]
    """Registered on the code grant: checks the challenge at authorize, the verifier at token."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256", "plain"]

    def __init__(self) -> None:
        super().__init__(required=True)

    def validate_code_challenge(self, grant: Any, redirect_uri: Any) -> None:
        server: MockAuthorizationServer = grant.server
        defects = server.state.defects
        request = grant.request
        challenge = request.payload.data.get("code_challenge")
        method = request.payload.data.get("code_challenge_method")
        if challenge is None:
            # RFC 7636 §4.4.1 + RFC 9700 §2.1.1: PKCE is required for public clients.
            if request.client.is_public and not defects.on("public-client-pkce-optional"):
                raise InvalidRequestError("Missing 'code_challenge' (required for public clients)")
            if method is not None:
                raise InvalidRequestError("Missing 'code_challenge'")
            return
        # RFC 7636 §4.2: 43-128 characters of the unreserved set.
        if not CODE_CHALLENGE_PATTERN.match(challenge):
            raise InvalidRequestError("Invalid 'code_challenge'")
        method = method or "plain"  # RFC 7636 §4.3: the default method is plain
        # RFC 7636 §4.4.1: an unsupported transformation is invalid_request.
        if method not in self.SUPPORTED_CODE_CHALLENGE_METHOD:
            raise InvalidRequestError("Unsupported 'code_challenge_method'")
        # RFC 9700 §2.1.1: S256 only, unless the settings allow plain.
        plain_refused = method == "plain" and not server.settings.pkce_plain_allowed
        if plain_refused and not defects.on("pkce-plain-accepted"):
            raise InvalidRequestError("Unsupported 'code_challenge_method': use S256")

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        server: MockAuthorizationServer = grant.server
        defects = server.state.defects
        request = grant.request
        verifier = request.form.get("code_verifier")
        code = request.authorization_code
        challenge = code.code_challenge
        # RFC 7636 §4.6 + RFC 9700 §2.1.1: the verifier is checked for every client alike.
        if not request.client.is_public and defects.on("pkce-public-clients-only"):
            return
        if challenge is None:
            # RFC 7636 §4.4.1 + RFC 9700 §2.1.1: PKCE is required for public clients.
            if request.client.is_public and not defects.on("public-client-pkce-optional"):
                raise InvalidRequestError("Missing 'code_verifier' (required for public clients)")
            if verifier is None:
                return  # a plain RFC 6749 exchange by a confidential client
            # RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade.
            if not defects.on("pkce-downgrade-accepted"):
                raise InvalidRequestError(
                    "Unexpected 'code_verifier': the authorization request had no code_challenge"
                )
            return
        # RFC 7636 §4.6 + RFC 9700 §2.1.1: the verifier MUST match the challenge bound to the code.
        if defects.on("pkce-not-enforced"):
            return
        if verifier is None:
            raise InvalidGrantError("Missing 'code_verifier'")
        # RFC 7636 §4.1: 43-128 characters of the unreserved set.
        well_formed = CODE_VERIFIER_PATTERN.match(verifier) is not None
        if not well_formed and not defects.on("pkce-verifier-format-unchecked"):
            raise InvalidRequestError("Invalid 'code_verifier'")
        if defects.on("pkce-verifier-charset-narrow") and not _BASE64URL.fullmatch(verifier):
            raise InvalidRequestError("Invalid 'code_verifier'")
        if self._matches(verifier, code):
            return
        # RFC 7636 §4.4 + §4.6: only the challenge bound to THIS code counts.
        if defects.on("pkce-verifier-any-code"):
            others = server.state.store.codes_of(code.client_id)
            if any(other.code_challenge and self._matches(verifier, other) for other in others):
                return
        raise InvalidGrantError("'code_verifier' does not match the 'code_challenge'")

    def _matches(self, verifier: str, code: CodeRecord) -> bool:
        compare = self.CODE_CHALLENGE_METHODS[code.code_challenge_method or "plain"]
        try:
            return bool(compare(verifier, code.code_challenge))
        except UnicodeError:  # a non-ASCII verifier cannot match (RFC 7636 §4.2: ASCII)
            return False
