"""Every bad target file gives one line naming the file, the table and the key, never a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.targets import TargetError, load_target

BASE = """\
kind = "remote"

[endpoints]
issuer = "https://as.example.com"
authorization = "/authorize"
token = "/token"

[clients.primary]
id = "client-one.client.test"
secret = "${AS_SECRET}"
auth_method = "client_secret_post"
redirect_uri = "http://127.0.0.1/callback"

[user]
username = "user@example.com"
password = "${AS_PASSWORD}"

[api.probe]
url = "/api/me"

[[browser.pages]]
name = "login"
selector = "form#login"
fill = [{ selector = "input[name=email]", value = "{username}" }]
submit = "button[type=submit]"
"""
ENV = {"AS_SECRET": "the-client-secret-1", "AS_PASSWORD": "the-user-password-1"}


def load(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> TargetError:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetError) as caught:
        load_target(path, ENV if environ is None else environ)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for secret in (*ENV.values(), "hunter2-literal", "fallback-secret"):
        assert secret not in message
    return caught.value


def edit(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


CASES = {
    "misspelt key": (
        edit("secret = ", "secert = "),
        "[clients.primary] unknown key 'secert' (did you mean 'secret'?)",
    ),
    "misspelt table": (
        BASE + "[capabilites]\npkce = true\n",
        "unknown key 'capabilites' (did you mean 'capabilities'?)",
    ),
    "unknown client role": (
        BASE + '[clients.secondary]\nid = "x"\nredirect_uri = "http://127.0.0.1/cb"\n',
        "[clients] unknown key 'secondary' (did you mean 'second'?)",
    ),
    "wrong type": (
        BASE + '[capabilities]\npkce = "yes"\n',
        "[capabilities] pkce: expected a boolean, got a string",
    ),
    "bool is not an integer": (
        BASE + "[api.failure]\nstatus = true\n",
        "[api.failure] status: expected an integer, got a boolean",
    ),
    "status out of range": (
        BASE + "[api.failure]\nstatus = 200\n",
        "[api.failure] status: 200 is outside 400..599",
    ),
    "missing required key": (
        edit('token = "/token"\n', ""),
        "[endpoints] missing required key 'token'",
    ),
    "missing kind": (edit('kind = "remote"\n', ""), "missing required key 'kind'"),
    "unknown kind": (
        edit('kind = "remote"', 'kind = "remotee"'),
        "kind: unknown value 'remotee' (did you mean 'remote'? known: mock, remote)",
    ),
    "missing api": (edit('[api.probe]\nurl = "/api/me"\n', ""), "missing required key 'api'"),
    "bad url": (
        edit('token = "/token"', 'token = "ftp://as.example.com/token"'),
        "[endpoints] token: 'ftp://as.example.com/token' is not an http(s) URL or a path",
    ),
    "redirect uri with fragment": (
        edit("/callback", "/callback#frag"),
        "[clients.primary] redirect_uri: 'http://127.0.0.1/callback#frag' has a fragment",
    ),
    "relative redirect uri": (
        edit('"http://127.0.0.1/callback"', '"/callback"'),
        "[clients.primary] redirect_uri: '/callback' is not an http(s) URL",
    ),
    "issuer with query": (
        edit("https://as.example.com", "https://as.example.com/?tenant=1"),
        "[endpoints] issuer: 'https://as.example.com/?tenant=1' has a query or fragment",
    ),
    "unknown auth method": (
        edit("client_secret_post", "client_secret_jwt"),
        "[clients.primary] auth_method: unknown value 'client_secret_jwt'",
    ),
    "secret method without secret": (
        edit('secret = "${AS_SECRET}"\n', ""),
        "[clients.primary] auth_method: 'client_secret_post' needs a secret",
    ),
    "public client with a secret": (
        BASE + '[clients.public]\nid = "p"\nsecret = "${AS_SECRET}"\nauth_method = "none"\n'
        'redirect_uri = "http://127.0.0.1/cb"\n',
        "[clients.public] secret: auth_method 'none' (a public client) takes no secret",
    ),
    "literal secret in a remote target": (
        edit('"${AS_SECRET}"', '"hunter2-literal"'),
        "[clients.primary] secret: a remote target must not hold a literal secret; "
        'write "${SOME_VAR}"',
    ),
    "secret mixed with a literal": (
        edit('"${AS_SECRET}"', '"hunter2-literal${AS_SECRET}"'),
        "[clients.primary] secret: a remote target must not hold a literal secret",
    ),
    "secret default in a remote target": (
        edit('"${AS_PASSWORD}"', '"${AS_PASSWORD:-fallback-secret}"'),
        "[user] password: a remote target must not hold a secret as a default",
    ),
    "unclosed reference": (
        edit('"${AS_SECRET}"', '"${AS_SECRET"'),
        "[clients.primary] secret: unclosed '${'",
    ),
    "malformed reference": (
        edit('"${AS_SECRET}"', '"${hunter2-literal}"'),
        "[clients.primary] secret: a reference must read ${NAME} or ${NAME:-default}",
    ),
    "clock control on a remote target": (
        BASE + "[capabilities]\nclock_control = true\n",
        "[capabilities] clock_control: only the bundled mock's clock can be controlled",
    ),
    "revocation without an endpoint": (
        BASE + "[capabilities]\nrevocation = true\n",
        "[capabilities] revocation: true needs [endpoints] revocation",
    ),
    "derived capability": (
        BASE + "[capabilities]\nsecond_client = true\n",
        "[capabilities] second_client: derived from [clients.second]; remove this key",
    ),
    "page without submit": (
        edit('submit = "button[type=submit]"\n', ""),
        "[browser.pages #1] missing required key 'submit'",
    ),
    "misspelt template field": (
        edit("{username}", "{usrname}"),
        "[browser.pages #1.fill #1] unknown field '{usrname}' (did you mean '{username}'?)",
    ),
    "template without a user": (
        edit('[user]\nusername = "user@example.com"\npassword = "${AS_PASSWORD}"\n', ""),
        "[browser.pages #1.fill #1] value: {username} needs a [user] table",
    ),
    "duplicate page names": (
        BASE + '[[browser.pages]]\nname = "login"\nselector = "x"\nsubmit = "y"\n',
        "[browser.pages #2] name: another page is already named 'login'",
    ),
    "bad timeout": (
        BASE + "[browser]\ntimeout_s = -1\n",
        "[browser] timeout_s: must be a number greater than 0, got -1",
    ),
    "lower-case method": (
        edit('url = "/api/me"', 'url = "/api/me"\nmethod = "get"'),
        "[api.probe] method: 'get' is not an HTTP method",
    ),
    "syntax error": (BASE + "pkce = \n", "TOML syntax error: "),
    "any port on an app uri": (
        edit(
            'redirect_uri = "http://127.0.0.1/callback"',
            'redirect_uri = "https://app.example.com/cb"\nredirect_uri_port = "any"',
        ),
        "[clients.primary] redirect_uri_port: 'https://app.example.com/cb': only a loopback "
        "http redirect URI may vary its port (RFC 8252 §7.3)",
    ),
    "any port with a written port": (
        edit(
            'redirect_uri = "http://127.0.0.1/callback"',
            'redirect_uri = "http://127.0.0.1:8765/callback"\nredirect_uri_port = "any"',
        ),
        "redirect_uri_port: 'http://127.0.0.1:8765/callback': it has a port; with 'any' write "
        "the URI as registered, without one",
    ),
    "unknown port policy": (
        edit(
            'redirect_uri = "http://127.0.0.1/callback"',
            'redirect_uri = "http://127.0.0.1/callback"\nredirect_uri_port = "fixed"',
        ),
        "[clients.primary] redirect_uri_port: unknown value 'fixed' (known: any, as-registered)",
    ),
    "bad redirect port": (
        edit("http://127.0.0.1/callback", "http://127.0.0.1:99999/callback"),
        "[clients.primary] redirect_uri: 'http://127.0.0.1:99999/callback' is not a valid URL",
    ),
    "derived loopback capability": (
        BASE + "[capabilities]\nloopback_any_port = true\n",
        "[capabilities] loopback_any_port: derived from [clients.primary] redirect_uri",
    ),
    "narrow scope not a part of the scope": (
        edit(
            'auth_method = "client_secret_post"',
            'auth_method = "client_secret_post"\nscope = "read write"\nnarrow_scope = "admin"',
        ),
        "[clients.primary] narrow_scope: 'admin' must name a strict part of scope 'read write'",
    ),
    "narrow scope equal to the scope": (
        edit(
            'auth_method = "client_secret_post"',
            'auth_method = "client_secret_post"\nscope = "read"\nnarrow_scope = "read"',
        ),
        "[clients.primary] narrow_scope: 'read' must name a strict part of scope 'read'",
    ),
    "narrow scope holding what the scoped probe needs": (
        edit(
            'auth_method = "client_secret_post"',
            'auth_method = "client_secret_post"\nscope = "read write"\nnarrow_scope = "write"',
        )
        + '[api.scoped_probe]\nurl = "/w"\nscope = "write"\n',
        "[clients.primary] narrow_scope: 'write' holds 'write', the scope [api.scoped_probe] needs",
    ),
    "scope on a plain probe": (
        edit('url = "/api/me"', 'url = "/api/me"\nscope = "write"'),
        "[api.probe] unknown key 'scope'",
    ),
    "authorization header in a probe": (
        edit('url = "/api/me"', 'url = "/api/me"\nheaders = { Authorization = "Bearer x" }'),
        "[api.probe] headers: Authorization is the harness's to send; remove it",
    ),
    "body probe without a body": (
        BASE + '[api.body_probe]\nurl = "/api/ping"\n',
        "[api.body_probe] method: GET has no request body; use POST, PUT or PATCH",
    ),
    "body probe with a method without a body": (
        BASE + '[api.body_probe]\nmethod = "TRACE"\nurl = "/api/ping"\n',
        "[api.body_probe] method: TRACE has no request body; use POST, PUT or PATCH",
    ),
    "header value with a line break": (
        edit('url = "/api/me"', 'url = "/api/me"\nheaders = { X = "a\\r\\nAuthorization: x" }'),
        "[api.probe.headers] X: holds a control character",
    ),
    "header name with a space": (
        edit('url = "/api/me"', 'url = "/api/me"\nheaders = { "X Y" = "a" }'),
        "is not an HTTP header name",
    ),
    "unclosed ipv6 literal": (
        edit('issuer = "https://as.example.com"', 'issuer = "http://[::1"'),
        "[endpoints] issuer: 'http://[::1' is not a valid URL (Invalid IPv6 URL)",
    ),
    "empty fragment": (
        edit("/callback", "/callback#"),
        "[clients.primary] redirect_uri: 'http://127.0.0.1/callback#' has a fragment",
    ),
    "user part in a redirect uri": (
        edit("http://127.0.0.1/callback", "http://user@127.0.0.1/callback"),
        "redirect_uri: 'http://user@127.0.0.1/callback' has a user part",
    ),
    "port zero": (
        edit("http://127.0.0.1/callback", "http://127.0.0.1:0/callback"),
        "redirect_uri: 'http://127.0.0.1:0/callback' has port 0",
    ),
    "infinite timeout": (
        BASE + "[browser]\ntimeout_s = inf\n",
        "[browser] timeout_s: must be a number greater than 0, got inf",
    ),
    "not-a-number timeout": (
        BASE + "[browser]\ntimeout_s = nan\n",
        "[browser] timeout_s: must be a number greater than 0, got nan",
    ),
    "absurd timeout": (
        BASE + "[browser]\ntimeout_s = 1e300\n",
        "[browser] timeout_s: 1e+300 is more than 3600",
    ),
    "newline in a key": (
        BASE + '[capabilities]\n"pk\\nce" = true\n',
        "[capabilities] unknown key 'pk\\nce'",
    ),
    "nested reference": (
        edit('"${AS_SECRET}"', '"${AS_SECRET:-${AS_PASSWORD}}"'),
        "a default cannot hold another reference",
    ),
    "optional is a boolean": (
        edit('submit = "button[type=submit]"', 'submit = "button[type=submit]"\noptional = 1'),
        "[browser.pages #1] optional: expected a boolean, got an integer",
    ),
}


def test_a_secret_referenced_from_a_plain_key_is_never_echoed(tmp_path: Path) -> None:
    text = edit('redirect_uri = "http://127.0.0.1/callback"', 'redirect_uri = "${AS_SECRET}"')
    message = str(load(tmp_path, text))
    assert "redirect_uri: '${AS_SECRET}' is not an http(s) URL" in message


def test_a_deeply_nested_file_is_one_line(tmp_path: Path) -> None:
    message = str(load(tmp_path, "x = " + "[" * 50_000))
    assert "TOML" in message


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_bad_file_gives_one_line_naming_file_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in str(load(tmp_path, text))


@pytest.mark.parametrize("variable", sorted(ENV))
def test_missing_variable_names_file_key_and_variable(tmp_path: Path, variable: str) -> None:
    environ = {name: value for name, value in ENV.items() if name != variable}
    message = str(load(tmp_path, BASE, environ))
    assert f"environment variable {variable} is not set" in message
    assert ("[clients.primary] secret:" if variable == "AS_SECRET" else "[user] password:") in (
        message
    )


def test_empty_variable_is_reported_as_empty(tmp_path: Path) -> None:
    message = str(load(tmp_path, BASE, {**ENV, "AS_PASSWORD": ""}))
    assert "[user] password: environment variable AS_PASSWORD is empty" in message


def test_mock_target_must_not_set_its_issuer(tmp_path: Path) -> None:
    text = edit('kind = "remote"', 'kind = "mock"')
    message = str(load(tmp_path, text))
    assert "[endpoints] issuer: the harness fills in the mock's issuer" in message


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(TargetError, match=r"absent\.toml: cannot read the target file") as caught:
        load_target(path, {})
    assert "\n" not in str(caught.value)


def test_target_error_is_a_value_error() -> None:
    assert issubclass(TargetError, ValueError)


def test_the_base_document_itself_loads(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(BASE, encoding="utf-8")
    target = load_target(path, ENV)
    assert target.clients["primary"].secret == "the-client-secret-1"
    assert target.endpoints.token == "https://as.example.com/token"
