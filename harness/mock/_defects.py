"""The named defects: switches that each break exactly one rule of the otherwise conformant mock.

Each defect is implemented as a plain ``if state.defects.on("name"):`` branch beside the line
that enforces the rule (grep the package for the name). Its ``summary`` says what the mock then
does, observably, so a scenario can be written that catches it; ``refs`` are the requirement
references (``harness.spec`` format) the behaviour breaks.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Defect:
    """One switchable fault: its name, what the mock does wrong, and the rules that breaks."""

    name: str
    summary: str
    refs: tuple[str, ...]
    # Grant types the defect switches on with it (harness.mock._seed.GRANT_TYPES), so the kill
    # matrix, which runs the default settings, reaches the rules of a grant that is off by
    # default: "with the password grant enabled, the mock …".
    enables: frozenset[str] = frozenset()


_ALL = (
    # -- authorization endpoint: redirect_uri and client --------------------------------------
    Defect(
        "redirect-uri-any",
        "A known client's authorization request is honoured with ANY redirect_uri "
        "(a foreign host gets the code).",
        ("RFC6749-3.1.2.3", "RFC9700-4.1.3"),
    ),
    Defect(
        "redirect-uri-prefix",
        "A redirect_uri that merely starts with a registered one is accepted "
        "(/callbackX, /callback/x, /callback?extra=1).",
        ("RFC9700-4.1.3", "RFC6749-3.1.2.3"),
    ),
    Defect(
        "loopback-port-fixed",
        "A loopback IP literal redirect URI registered without a port is accepted only on "
        "port 80: a native client's ephemeral port is refused with the error page.",
        ("RFC8252-7.3", "RFC9700-4.1.3"),
    ),
    Defect(
        "loopback-authority-confusion",
        "Loopback port variance is implemented as 'starts with http://<loopback IP> and ends "
        "with the registered path': http://127.0.0.1:1@attacker.example/callback and "
        "http://127.0.0.1.attacker.example/callback are accepted and the code goes there.",
        ("RFC8252-7.3", "RFC9700-4.1.3", "RFC6749-4.1.2.1"),
    ),
    Defect(
        "loopback-ip-forms",
        "Any spelling of a loopback address that inet_aton parses (2130706433, 0x7f.0.0.1, "
        "127.1) matches a registered 127.0.0.1 redirect URI.",
        ("RFC9700-4.1.3", "RFC6749-3.1.2.3"),
    ),
    Defect(
        "redirect-uri-normalized",
        "Redirect URIs are compared after percent-decoding and resolving dot segments: "
        "/FAKEPATH/../callback and /callback/. match /callback.",
        ("RFC9700-4.1.3", "RFC6749-3.1.2.3"),
    ),
    Defect(
        "redirect-uri-case-insensitive",
        "Redirect URIs are compared case-insensitively (/CALLBACK matches /callback).",
        ("RFC9700-4.1.3", "RFC6749-3.1.2.3"),
    ),
    Defect(
        "redirect-uri-scheme-ignored",
        "Redirect URIs are compared without their scheme (https:// or an app's custom scheme "
        "matches a registered http:// URI).",
        ("RFC9700-4.1.3", "RFC9700-2.1"),
    ),
    Defect(
        "redirect-uri-fragment-accepted",
        "A redirect_uri with a fragment (/callback#x) is accepted: the fragment is dropped "
        "before the comparison.",
        ("RFC6749-3.1.2", "RFC9700-4.1.3"),
    ),
    Defect(
        "malformed-redirect-uri-500",
        "A redirect_uri that does not parse (an unclosed '[', a bad port, a percent-encoded "
        "'#', a space) crashes the authorization endpoint: HTTP 500.",
        ("RFC6749-3.1.2.4",),
    ),
    Defect(
        "implicit-grant-enabled",
        "response_type=token is honoured (the implicit grant) though neither enabled nor "
        "advertised (response_types_supported lists only code): after consent the access "
        "token comes back in the redirect URI's fragment.",
        ("RFC9700-2.1.2", "RFC8414-2"),
    ),
    Defect(
        "post-authorize-unchecked",
        "A POST to the authorization endpoint (RFC 6749 §3.1 MAY) skips the redirect URI "
        "check that GET makes: an unregistered redirect_uri gets a 303 error redirect to it.",
        ("RFC6749-4.1.2.1", "RFC6749-3.1"),
    ),
    Defect(
        "error-before-redirect-check",
        "Request errors (an unsupported response_type, an unknown scope, an unsupported "
        "code_challenge_method, a public client without PKCE) are redirected to the supplied "
        "redirect_uri before that URI is checked, and a known client's pages are shown for "
        "any redirect_uri, so a denial goes there too (it is checked only to issue a code).",
        ("RFC6749-4.1.2.1", "RFC9700-4.11.2"),
    ),
    Defect(
        "unknown-params-rejected",
        "An authorization request carrying a parameter the endpoint does not know (foo=bar) "
        "is refused with an invalid_request error redirect instead of the parameter being "
        "ignored.",
        ("RFC6749-3.1",),
    ),
    Defect(
        "unknown-client-redirects",
        "An unknown client_id is answered with an error redirect (invalid_request) to the "
        "supplied redirect_uri instead of the 400 error page.",
        ("RFC6749-4.1.2.1", "RFC9700-4.11.2"),
    ),
    # -- authorization responses ---------------------------------------------------------------
    Defect(
        "state-dropped",
        "The success redirect (code) carries no state although the request sent one.",
        ("RFC6749-4.1.2",),
    ),
    Defect(
        "state-truncated",
        "The success redirect echoes only the first 32 characters of state "
        "(shorter values are echoed intact).",
        ("RFC6749-4.1.2",),
    ),
    Defect(
        "error-redirect-drops-state",
        "Error redirects (access_denied, invalid_scope, invalid_request ...) carry no state.",
        ("RFC6749-4.1.2.1",),
    ),
    Defect(
        "state-none-literal",
        "The success redirect of a request sent without state carries state=None (the absent "
        "value formatted as text).",
        ("RFC6749-4.1.2",),
    ),
    Defect(
        "empty-state-echoed",
        "A request with an empty state (state=) gets state= back on its success redirect, "
        "although a parameter without a value counts as omitted.",
        ("RFC6749-3.1", "RFC6749-4.1.2"),
    ),
    Defect(
        "long-state-500",
        "A state longer than 1024 characters crashes the authorization endpoint when the code "
        "is issued (HTTP 500 after the consent page); shorter values are echoed intact.",
        ("RFC6749-4.1.2", "RFC6749-4.1.2.1"),
    ),
    Defect(
        "error-state-unencoded",
        "Error redirects (access_denied, invalid_scope, unsupported_response_type ...) append "
        "state as received, without form-encoding it: state a&b=c#d comes back as state=a, "
        "a parameter b=c and a fragment.",
        ("RFC6749-4.1.2.1", "RFC6749-App.B"),
    ),
    Defect(
        "error-redirect-carries-code",
        "Every error redirect also carries a code parameter (a random value the token "
        "endpoint does not know).",
        ("RFC6749-4.1.2.1",),
    ),
    Defect(
        "error-in-fragment",
        "Error redirects put their parameters (error, state, iss) in the fragment of the "
        "redirect URI instead of its query.",
        ("RFC6749-4.1.2.1",),
    ),
    Defect(
        "request-error-iss-missing",
        "Error redirects for a bad request (invalid_scope, unsupported_response_type, "
        "invalid_request) carry no iss; access_denied and success redirects still do.",
        ("RFC9207-2",),
    ),
    Defect(
        "token-in-callback",
        "The success redirect also carries a working access token in its fragment "
        "(#access_token=...&token_type=Bearer), as an implicit response would, although "
        "response_type=code was asked.",
        ("RFC9700-2.1.2", "RFC6750-5.3"),
    ),
    Defect(
        "iss-missing",
        "Authorization responses (success and error) carry no iss, although the metadata "
        "still advertises authorization_response_iss_parameter_supported: true.",
        ("RFC9207-2",),
    ),
    # -- authorization endpoint: headers and links -----------------------------------------------
    Defect(
        "authorize-cors-wildcard",
        "The authorization endpoint answers every request (preflights too) with "
        "Access-Control-Allow-Origin: * (app-wide CORS middleware).",
        ("RFC9700-2.6",),
    ),
    Defect(
        "authorize-cors-reflects-origin",
        "The authorization endpoint echoes the request's Origin in Access-Control-Allow-Origin "
        "with Access-Control-Allow-Credentials: true (app-wide CORS middleware).",
        ("RFC9700-2.6",),
    ),
    Defect(
        "host-header-links",
        "The login and consent form actions and the redirects back to the authorization endpoint "
        "are absolute URLs built from the request's X-Forwarded-Host (else Host) header: a "
        "request with Host: attacker.example gets forms that post to attacker.example.",
        ("RFC9700-4.13", "RFC9700-4.11"),
    ),
    # -- authorization server metadata (RFC 8414) ------------------------------------------------
    Defect(
        "metadata-octet-stream",
        "The metadata document is served as Content-Type: application/octet-stream (a static "
        "file without an extension); the JSON body is unchanged.",
        ("RFC8414-3.2",),
    ),
    Defect(
        "issuer-trailing-slash",
        "The metadata's issuer carries a trailing slash (http://127.0.0.1:<port>/), so it is not "
        "the issuer its well-known URL was built from; iss in responses is unchanged.",
        ("RFC8414-3.3",),
    ),
    Defect(
        "issuer-http-public-host",
        "The metadata's issuer is http://as.mock.example, as built behind a TLS-terminating "
        "proxy from the forwarded Host and the plain-http hop's scheme.",
        ("RFC8414-2", "RFC8414-3.3"),
    ),
    Defect(
        "metadata-endpoints-http",
        "The metadata's authorization, token and revocation endpoints are http://as.mock.example"
        "/... (built from the request behind a TLS-terminating proxy); the issuer is right.",
        ("RFC6749-3.1", "RFC6749-3.2", "RFC7009-2"),
    ),
    Defect(
        "pkce-methods-unadvertised",
        "The metadata omits code_challenge_methods_supported (which means no PKCE support) "
        "although S256 is enforced as usual.",
        ("RFC9700-2.1.1", "RFC8414-2"),
    ),
    Defect(
        "pkce-methods-plain-only",
        'The metadata lists code_challenge_methods_supported: ["plain"] (no S256) although '
        "the authorization endpoint takes S256 and refuses plain.",
        ("RFC9700-2.1.1", "RFC8414-2"),
    ),
    Defect(
        "authorization-endpoint-fragment",
        "The metadata advertises the authorization endpoint with a fragment "
        "(<issuer>/oauth2/authorize#/signin, as a hash-routed sign-in app would).",
        ("RFC6749-3.1",),
    ),
    Defect(
        "refresh-grant-unadvertised",
        'The metadata lists grant_types_supported: ["authorization_code"] although refresh '
        "tokens are issued and refreshed as usual.",
        ("RFC8414-2",),
    ),
    Defect(
        "auth-methods-unadvertised",
        "The metadata omits token_endpoint_auth_methods_supported (which means "
        "client_secret_basic alone) although client_secret_post is accepted too.",
        ("RFC8414-2",),
    ),
    # -- scope and consent ---------------------------------------------------------------------
    Defect(
        "client-scope-unlimited",
        "A client is granted any scope it asks for: the scopes it is registered for are not "
        "checked (the public client registered for read gets read write admin, and its token "
        "passes the write probe).",
        ("RFC9700-2.3", "RFC6749-3.3"),
    ),
    Defect(
        "unknown-scope-ignored-silently",
        "Unknown scope values are dropped from the request instead of refused, and token "
        "responses carry no scope, so the client is not told its grant is narrower.",
        ("RFC6749-3.3", "RFC6749-5.1"),
    ),
    Defect(
        "missing-scope-500",
        "An authorization request without scope crashes the authorization endpoint (HTTP "
        "500) instead of getting the default scope (read).",
        ("RFC6749-3.3",),
    ),
    Defect(
        "public-client-auto-approved",
        "Once the user has approved the public client, its later authorization requests are "
        "approved without the consent page, also in a new browser session after signing in "
        "again (confidential clients are still asked).",
        ("RFC6749-10.2", "RFC8252-8.6"),
    ),
    # -- authorization codes -------------------------------------------------------------------
    Defect(
        "short-codes",
        "Authorization codes are 6 random decimal digits (about 20 bits); they are still "
        "single-use and short-lived.",
        ("RFC6749-10.10",),
    ),
    Defect(
        "codes-repeat",
        "Authorization codes are derived from the client, the user and the current minute "
        "(no randomness): a client's authorizations within one minute get the same code.",
        ("RFC6749-10.10", "RFC6749-4.1.2"),
    ),
    Defect(
        "code-reusable",
        "An authorization code can be exchanged again after a successful exchange "
        "(the second exchange returns 200 with new tokens).",
        ("RFC6749-4.1.2", "RFC6749-10.5"),
    ),
    Defect(
        "code-reuse-keeps-tokens",
        "A reused code is refused (invalid_grant) but the tokens its first exchange produced "
        "stay valid at the API and the token endpoint.",
        ("RFC6749-4.1.2", "RFC6749-10.5"),
    ),
    Defect(
        "code-not-bound-to-client",
        "A code issued to one client is redeemed by another client that authenticates "
        "correctly (tokens are issued to the second client).",
        ("RFC6749-4.1.3", "RFC6749-10.5"),
    ),
    Defect(
        "code-never-expires",
        "Codes are still accepted after their lifetime (60 s by default; advance the clock).",
        ("RFC6749-4.1.2", "RFC6749-10.5"),
    ),
    Defect(
        "token-redirect-uri-unchecked",
        "The token endpoint does not compare redirect_uri with the authorization request: a "
        "different or missing redirect_uri is accepted.",
        ("RFC6749-4.1.3", "RFC6749-10.6"),
    ),
    # -- PKCE ----------------------------------------------------------------------------------
    Defect(
        "pkce-not-enforced",
        "When the authorization request had a code_challenge, a missing or wrong "
        "code_verifier is still accepted at the token endpoint.",
        ("RFC7636-4.6", "RFC9700-2.1.1"),
    ),
    Defect(
        "pkce-plain-accepted",
        "code_challenge_method=plain (or no method, which means plain) is accepted at "
        "authorize although the metadata lists only S256.",
        ("RFC9700-2.1.1", "RFC7636-4.2"),
    ),
    Defect(
        "pkce-downgrade-accepted",
        "A code_verifier is accepted at the token endpoint for a code whose authorization "
        "request had no code_challenge.",
        ("RFC9700-4.8.2", "RFC9700-2.1.1"),
    ),
    Defect(
        "pkce-verifier-charset-narrow",
        "The token endpoint accepts only code_verifiers of the base64url alphabet: a valid "
        "verifier containing '.' or '~' (RFC 7636 unreserved characters) is refused as "
        "invalid_request.",
        ("RFC7636-4.1", "RFC7636-4.6"),
    ),
    Defect(
        "public-client-pkce-optional",
        "The public client may omit code_challenge at authorize and still exchange the code "
        "without a code_verifier.",
        ("RFC9700-2.1.1", "RFC7636-4.4.1"),
    ),
    # -- codes, PKCE per client, races, granted scope, access-token format (issue 8) ----------
    Defect(
        "code-race",
        "A code is checked and claimed without a lock, with a 50 ms gap between the check and "
        "the claim: parallel exchanges of one code all get tokens (one at a time is refused "
        "as usual).",
        ("RFC6749-10.5", "RFC6749-4.1.2"),
    ),
    Defect(
        "code-used-marker-expires",
        "A used code is remembered as used for 10 s only (a cache entry's lifetime): a replay "
        "within 10 s is refused, a replay after 30 s gets new tokens.",
        ("RFC6749-4.1.2", "RFC6749-10.5"),
    ),
    Defect(
        "forged-code-500",
        "A code longer than 255 characters crashes the token endpoint's lookup (a "
        "VARCHAR(255) column): HTTP 500 instead of invalid_grant.",
        ("RFC6749-5.2", "RFC6749-4.1.3"),
    ),
    Defect(
        "pkce-public-clients-only",
        "The code_verifier is checked for public clients only: a confidential client's code "
        "issued with an S256 challenge is exchanged with any code_verifier, or none.",
        ("RFC7636-4.6", "RFC9700-2.1.1", "RFC9700-4.8.2"),
    ),
    Defect(
        "pkce-verifier-any-code",
        "A code_verifier that does not match its code's challenge is still accepted when it "
        "matches the challenge of another code issued to the same client.",
        ("RFC7636-4.6", "RFC7636-4.4"),
    ),
    Defect(
        "pkce-verifier-format-unchecked",
        "The code_verifier's form is not checked: one that matches its challenge is accepted "
        "however short, long or out-of-charset (abc, 129 characters, '+' or '/').",
        ("RFC7636-4.1",),
    ),
    Defect(
        "scope-narrowed-silently",
        "Authorizations are granted the client's default scope (read) whatever was asked, and "
        "token responses carry no scope: a token asked for read write cannot write.",
        ("RFC6749-3.3", "RFC6749-5.1"),
    ),
    Defect(
        "short-access-tokens",
        "Access tokens are 8 random hexadecimal digits (32 bits); they work at the API as usual.",
        ("RFC6749-10.10",),
    ),
    Defect(
        "access-token-not-vschar",
        "Access tokens are two base64url parts joined by a TAB (%x09, outside VSCHAR), like "
        "'<key id>\\t<secret>'; the API refuses them in a Bearer header.",
        ("RFC6749-App.A.12",),
    ),
    Defect(
        "long-lived-access-tokens",
        "Access tokens live 86400 s (a day) and token responses say expires_in: 86400.",
        ("RFC6750-5.3", "RFC6819-5.1.5.3"),
    ),
    # -- refresh tokens ------------------------------------------------------------------------
    Defect(
        "refresh-not-rotated",
        "Refresh responses carry no new refresh_token and the presented one stays valid "
        "(no rotation, which a public client's tokens require).",
        ("RFC9700-2.2.2", "RFC9700-4.14.2"),
    ),
    Defect(
        "refresh-rotated-still-valid",
        "A refresh returns a new refresh_token but the presented one stays usable.",
        ("RFC9700-4.14.2",),
    ),
    Defect(
        "refresh-reuse-keeps-family",
        "Replaying a rotated refresh token is refused (invalid_grant) but the family's "
        "active refresh token and access tokens are not revoked.",
        ("RFC9700-4.14.2",),
    ),
    Defect(
        "refresh-not-bound-to-client",
        "A refresh token issued to one client is accepted from another client that "
        "authenticates correctly.",
        ("RFC6749-6", "RFC6749-10.4"),
    ),
    Defect(
        "refresh-scope-widening",
        "A refresh request may ask for scope beyond the original grant (e.g. write after "
        "read) and the new access token gets it.",
        ("RFC6749-6",),
    ),
    # -- refresh tokens: races, forged values, scope, lifetime (issue 8) ---------------------
    Defect(
        "refresh-race",
        "A refresh token is checked and rotated without a lock, with a 50 ms gap between the "
        "check and the rotation: parallel refreshes with one token all get new tokens.",
        ("RFC9700-4.14.2",),
    ),
    Defect(
        "forged-refresh-token-500",
        "A refresh token with a character outside ASCII crashes the lookup (it is hashed after "
        "an ASCII encode): HTTP 500 instead of invalid_grant.",
        ("RFC6749-5.2", "RFC6749-6"),
    ),
    Defect(
        "refresh-narrowing-ignored",
        "A refresh asking for a narrower scope gets a token response stating that scope, but "
        "the new access token keeps the whole original scope at the API.",
        ("RFC6749-6", "RFC6749-3.3"),
    ),
    Defect(
        "rotated-refresh-scope-narrowed",
        "A refresh asking for a narrower scope gets a new refresh token limited to that scope "
        "(instead of the presented token's scope): the grant shrinks for good.",
        ("RFC6749-6",),
    ),
    Defect(
        "refresh-never-expires",
        "Refresh tokens are accepted after their lifetime (30 days idle; advance the clock).",
        ("RFC9700-4.14.2",),
    ),
    # -- protected resource (API) --------------------------------------------------------------
    Defect(
        "expired-token-accepted",
        "The API accepts access tokens after expires_in (advance the clock past 3600 s).",
        ("RFC6750-3.1",),
    ),
    Defect(
        "revoked-token-accepted",
        "The API accepts revoked access tokens (revoked by RFC 7009, by code reuse or by "
        "refresh-family revocation).",
        ("RFC7009-2", "RFC6750-3.1"),
    ),
    Defect(
        "no-www-authenticate",
        "API 401 responses carry no WWW-Authenticate header.",
        ("RFC6750-3",),
    ),
    Defect(
        "www-authenticate-error-without-token",
        'A request without credentials gets error="invalid_token" in its Bearer challenge.',
        ("RFC6750-3",),
    ),
    Defect(
        "query-token-accepted",
        "The API accepts the access token from the ?access_token= query parameter.",
        ("RFC6750-2.3", "RFC9700-4.3.2"),
    ),
    Defect(
        "bearer-scheme-case-sensitive",
        "The API accepts only the exact scheme 'Bearer'; 'bearer' or 'BEARER' get 401.",
        ("RFC6750-2.1", "RFC9110-11.1"),
    ),
    Defect(
        "two-token-methods-accepted",
        "An API request carrying its token both in the Authorization header and in the query "
        "is served (200) instead of refused as invalid_request.",
        ("RFC6750-2", "RFC6750-3.1"),
    ),
    Defect(
        "insufficient-scope-as-401",
        "A valid token without scope write gets 401 invalid_token (UNAUTHORIZED) at "
        "/api/v1/write-probe instead of 403 insufficient_scope.",
        ("RFC6750-3.1",),
    ),
    Defect(
        "api-failure-shape-changed",
        'API requests refused for their token get {"error": "unauthorized"} instead of '
        "Taskade's documented {ok: false, message, code, statusMessage} envelope.",
        ("RFC6750-3",),
    ),
    Defect(
        "bearer-header-ignored",
        "The protected resource ignores the Authorization request header (only a query-string "
        "token would be read), so a valid bearer header gets 401.",
        ("RFC6750-2.1",),
    ),
    Defect(
        "bearer-header-lenient",
        "The API finds the token anywhere after 'Bearer' in the Authorization header(s) and "
        "ignores the rest: two tokens, a quoted token, a missing space, a trailing comma or a "
        "second Authorization header are all served (200).",
        ("RFC6750-2.1", "RFC6750-3.1"),
    ),
    Defect(
        "bearer-header-server-error",
        "Bearer credentials with a character outside b64token (a quote, a comma, a space, a "
        "backslash ...) make the API answer 500 instead of 400 invalid_request.",
        ("RFC6750-2.1", "RFC6750-3.1"),
    ),
    Defect(
        "body-token-on-get",
        "The API accepts the access token from the form-encoded body of a GET request.",
        ("RFC6750-2.2",),
    ),
    Defect(
        "body-token-multipart",
        "The API accepts the access token from a multipart/form-data body (POST /oauth2/ping).",
        ("RFC6750-2.2",),
    ),
    Defect(
        "body-token-json",
        'The API accepts the access token from a JSON body {"access_token": ...} '
        "(POST /oauth2/ping).",
        ("RFC6750-2.2",),
    ),
    # -- revocation (RFC 7009) -----------------------------------------------------------------
    Defect(
        "revocation-not-bound-to-client",
        "The revocation endpoint revokes a token of another client (200): client B, with its "
        "own valid credentials, ends client A's access token or refresh-token grant.",
        ("RFC7009-2.1",),
    ),
    Defect(
        "revocation-without-client-auth",
        "The revocation endpoint revokes a token without client authentication (no "
        "credentials, or a confidential client's client_id alone) and answers 200.",
        ("RFC7009-2.1", "RFC6749-2.3"),
    ),
    Defect(
        "revocation-unknown-token-error",
        "Revoking a token the server does not know is answered 400 invalid_request instead of 200.",
        ("RFC7009-2.2",),
    ),
    Defect(
        "revocation-unknown-hint-skips-token",
        "A token_type_hint other than access_token/refresh_token makes the revocation "
        "endpoint search no token type: it answers 200 and revokes nothing.",
        ("RFC7009-2.1",),
    ),
    # -- token endpoint responses --------------------------------------------------------------
    Defect(
        "no-cache-headers",
        "Token endpoint responses lack Cache-Control: no-store and Pragma: no-cache.",
        ("RFC6749-5.1",),
    ),
    Defect(
        "token-response-not-json",
        "Successful token responses are labelled Content-Type: text/plain (the body is "
        "unchanged JSON text).",
        ("RFC6749-5.1",),
    ),
    Defect(
        "token-type-not-bearer",
        'Token responses say "token_type": "mac" (the token still works as a Bearer token).',
        ("RFC6749-5.1", "RFC6750-4"),
    ),
    Defect(
        "expires-in-missing",
        "Token responses omit expires_in (the access token still expires after 3600 s).",
        ("RFC6749-5.1",),
    ),
    Defect(
        "errors-as-200",
        "Token endpoint errors are sent with HTTP status 200 (the error JSON is unchanged).",
        ("RFC6749-5.2",),
    ),
    Defect(
        "wrong-error-code",
        "Every token endpoint error other than invalid_request is reported as "
        "invalid_request (status unchanged).",
        ("RFC6749-5.2",),
    ),
    Defect(
        "basic-auth-no-challenge",
        "invalid_client responses (401) carry no WWW-Authenticate header, also after a "
        "failed HTTP Basic attempt.",
        ("RFC6749-5.2",),
    ),
    # -- token endpoint rules ------------------------------------------------------------------
    Defect(
        "basic-auth-refused",
        "HTTP Basic client authentication (client_secret_basic, advertised in the metadata) is "
        "refused with invalid_client (401) even with the right secret; client_secret_post "
        "still works.",
        ("RFC6749-2.3.1", "RFC8414-2"),
    ),
    Defect(
        "client-auth-not-required",
        "A confidential client can exchange codes and refresh tokens with client_id alone "
        "(no secret, no Basic header).",
        ("RFC6749-3.2.1", "RFC6749-4.1.3", "RFC6749-6"),
    ),
    Defect(
        "duplicate-params-accepted",
        "Repeated parameters at the authorization and token endpoints are accepted; the first "
        "value wins.",
        ("RFC6749-3.1", "RFC6749-3.2"),
    ),
    Defect(
        "unsupported-grant-accepted",
        "grant_type=password (ROPC) is accepted though neither enabled nor advertised: client "
        "auth plus the seeded user's username/password issue tokens (bad ones: invalid_grant).",
        ("RFC9700-2.4", "RFC6749-5.2"),
    ),
    # -- token endpoint: request handling (issue 8) ------------------------------------------
    Defect(
        "unknown-token-params-rejected",
        "A token request carrying a parameter the endpoint does not know (foo=bar) is refused "
        "as invalid_request instead of the parameter being ignored.",
        ("RFC6749-3.2",),
    ),
    Defect(
        "client-credentials-in-query",
        "The token endpoint reads client_id and client_secret from the request URI's query "
        "too: a client authenticating in the URL gets tokens.",
        ("RFC6749-2.3.1",),
    ),
    Defect(
        "token-get-accepted",
        "The token endpoint answers GET with its parameters in the query string as if they "
        "had been POSTed (tokens come back).",
        ("RFC6749-3.2",),
    ),
    Defect(
        "malformed-body-500",
        "A token request body that is not UTF-8 (raw bytes, or percent-encoded bytes like %FF) "
        "crashes the strict form decoder: HTTP 500.",
        ("RFC6749-5.2",),
    ),
    # -- browser pages -------------------------------------------------------------------------
    Defect(
        "frameable-pages",
        "Login, consent and error pages lack Content-Security-Policy frame-ancestors and "
        "X-Frame-Options, so another origin can frame them.",
        ("RFC9700-4.16",),
    ),
    Defect(
        "login-307",
        "The login POST is answered with 307 instead of 303, so the browser re-POSTs the "
        "credentials to the authorization endpoint (which shows the consent page).",
        ("RFC9700-4.12",),
    ),
    Defect(
        "consent-csrf-unchecked",
        "The consent POST is honoured with a missing or wrong csrf_token (a code is issued).",
        ("RFC6749-10.12",),
    ),
    Defect(
        "consent-replayable",
        "The consent form's token is derived from the user, not bound to the browser's "
        "session: the consent POST replayed without the user's cookies issues a code.",
        ("RFC6749-10.12",),
    ),
    Defect(
        "no-referrer-policy",
        "Pages and the authorization redirects carry no Referrer-Policy header.",
        ("RFC9700-4.2.4",),
    ),
    # -- grant types (RFC 6749 §4.2-§4.4, RFC 9700 §2.1.2, §2.4) -----------------------------
    Defect(
        "client-credentials-unadvertised",
        "The metadata's grant_types_supported omits client_credentials while the token "
        "endpoint still serves it.",
        ("RFC8414-2",),
    ),
    Defect(
        "client-credentials-auth-unchecked",
        "grant_type=client_credentials issues a token to the client its client_id (or Basic "
        "user name) names, with no secret or a wrong one.",
        ("RFC6749-4.4.2", "RFC6749-3.2.1"),
    ),
    Defect(
        "client-credentials-public-client",
        "A public client (no secret, auth method none) gets a token by "
        "grant_type=client_credentials with its client_id alone.",
        ("RFC6749-4.4", "RFC6749-2.1"),
    ),
    Defect(
        "client-credentials-refresh-token",
        "The client credentials grant's token response carries a refresh token.",
        ("RFC6749-4.4.3",),
    ),
    Defect(
        "client-credentials-scope-unlimited",
        "The client credentials grant grants any scope asked for, also one the client is not "
        "registered for.",
        ("RFC6749-3.3", "RFC9700-2.3"),
    ),
    Defect(
        "client-credentials-token-unusable",
        "The API refuses (401 invalid_token) every access token issued without a resource "
        "owner, so client credentials tokens never work.",
        ("RFC6749-4.4.3", "RFC6749-7"),
    ),
    Defect(
        "password-grant-offered",
        "The password grant (ROPC) is enabled and advertised in grant_types_supported.",
        ("RFC9700-2.4",),
        enables=frozenset({"password"}),
    ),
    Defect(
        "password-client-auth-unchecked",
        "With the password grant enabled, a confidential client needs no client "
        "authentication for it: client_id alone (or a wrong secret) is enough.",
        ("RFC6749-4.3.2", "RFC6749-3.2.1"),
        enables=frozenset({"password"}),
    ),
    Defect(
        "password-bad-credentials-invalid-client",
        "With the password grant enabled, wrong resource-owner credentials are answered "
        "401 invalid_client instead of 400 invalid_grant.",
        ("RFC6749-5.2", "RFC6749-4.3.2"),
        enables=frozenset({"password"}),
    ),
    Defect(
        "password-user-enumeration",
        "With the password grant enabled, an unknown username and a wrong password get "
        "different error descriptions ('Unknown user' / 'Wrong password').",
        ("RFC6749-4.3.2", "RFC6819-5.1.4.2.2"),
        enables=frozenset({"password"}),
    ),
    Defect(
        "implicit-grant-offered",
        "The implicit grant is enabled and advertised (response_types_supported lists token).",
        ("RFC9700-2.1.2",),
        enables=frozenset({"implicit"}),
    ),
    Defect(
        "implicit-refresh-token",
        "With the implicit grant enabled, its redirect carries a refresh token in the fragment.",
        ("RFC6749-4.2.2",),
        enables=frozenset({"implicit"}),
    ),
    Defect(
        "implicit-token-in-query",
        "With the implicit grant enabled, the access token response is put in the redirect "
        "URI's query instead of its fragment.",
        ("RFC6749-4.2.2",),
        enables=frozenset({"implicit"}),
    ),
    Defect(
        "implicit-state-truncated",
        "With the implicit grant enabled, the state it returns is cut to its first 8 characters.",
        ("RFC6749-4.2.2",),
        enables=frozenset({"implicit"}),
    ),
)

DEFECTS: Mapping[str, Defect] = MappingProxyType({d.name: d for d in _ALL})


class UnknownDefectError(ValueError):
    """A defect name that is not in the registry; the message suggests the nearest name."""

    def __init__(self, name: str) -> None:
        nearest = difflib.get_close_matches(name, list(DEFECTS), n=1, cutoff=0.0)
        hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
        super().__init__(f"unknown defect {name!r}{hint}")
        self.name = name


def check_defect(name: str) -> str:
    """Return ``name`` if it is a registered defect, else raise UnknownDefectError."""
    if name not in DEFECTS:
        raise UnknownDefectError(name)
    return name


def parse_defects(text: str) -> frozenset[str]:
    """``"a, b"`` → the validated set ``{"a", "b"}``; empty items are ignored."""
    names = (part.strip() for part in text.split(","))
    return frozenset(check_defect(name) for name in names if name)
