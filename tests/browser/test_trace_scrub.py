"""A Playwright trace is scrubbed with what its own network log says is secret."""

import io
import json
import zipfile

from harness.browser import scrub_trace
from harness.evidence import Redactor

PASSWORD = "correct horse battery staple"
CSRF = "Zq3kc1iQtRSqoo9X2ydIAkWq4isMtxLd8Ly0SJdl7KJ8"
COOKIE = "eyJ1c2VyIjoidXNlckBleGFtcGxlLmNvbSJ9.Z1a2b3.c4d5e6f7g8h9"
CODE = "W9f1EBH38CT4jon_Sxbm82H-_HzrzHP-wdO_lfNaq3U"
JPEG = b"\xff\xd8\xff\xe0" + bytes(32)

LOGIN_POST = {
    "type": "resource-snapshot",
    "snapshot": {
        "request": {
            "method": "POST",
            "url": "http://127.0.0.1:1/oauth2/login?client_id=c",
            "headers": [{"name": "Cookie", "value": f"mock_session={COOKIE}"}],
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": "",
                "params": [
                    {"name": "csrf_token", "value": CSRF},
                    {"name": "email", "value": "user@example.com"},
                    {"name": "password", "value": PASSWORD},
                ],
            },
        },
        "response": {
            "status": 303,
            "headers": [{"name": "Set-Cookie", "value": f"mock_session={COOKIE}; HttpOnly"}],
            "redirectURL": f"http://127.0.0.1:2/callback?code={CODE}&state=s",
            "content": {"size": -1, "mimeType": "text/html"},
        },
    },
}
# A DOM snapshot: the hidden CSRF field and the typed password, as values, not name=value pairs.
SNAPSHOT = {
    "type": "frame-snapshot",
    "html": [
        "INPUT",
        {"type": "hidden", "name": "csrf_token", "value": CSRF},
        ["INPUT", {"__playwright_value_": PASSWORD, "type": "password"}],
    ],
}


def _trace(**extra: bytes) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("trace.trace", json.dumps(SNAPSHOT) + "\n")
        archive.writestr("trace.network", json.dumps(LOGIN_POST) + "\n")
        archive.writestr("screencast/page-1.jpeg", JPEG)
        for name, content in extra.items():
            archive.writestr(name, content)
    return data.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_values_the_network_log_names_are_hidden_everywhere() -> None:
    scrubbed = _entries(scrub_trace(_trace(), Redactor()))
    for name in ("trace.trace", "trace.network"):
        text = scrubbed[name].decode()
        for secret in (PASSWORD, CSRF, COOKIE, CODE):
            assert secret not in text, (name, secret)
    snapshot = json.loads(scrubbed["trace.trace"])
    assert snapshot["html"][1]["value"] == "<csrf_token#1>"
    assert snapshot["html"][2][1]["__playwright_value_"] == "<password#1>"
    assert "user@example.com" in scrubbed["trace.network"].decode()  # not a secret


def test_images_are_kept_and_unreadable_entries_dropped() -> None:
    scrubbed = _entries(scrub_trace(_trace(**{"resources/font.woff2": b"\x00\x01"}), Redactor()))
    assert scrubbed["screencast/page-1.jpeg"] == JPEG
    assert "resources/font.woff2" not in scrubbed


def test_a_body_stored_as_a_resource_is_learned_from() -> None:
    token_response = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {"method": "GET", "url": "http://127.0.0.1:1/page"},
            "response": {
                "status": 200,
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "content": {"_sha1": "abc.json"},
            },
        },
    }
    body = json.dumps({"access_token": CODE}).encode()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("trace.network", json.dumps(token_response))
        archive.writestr("resources/abc.json", body)
        archive.writestr("trace.trace", json.dumps({"log": f"saw {CODE}"}))
    scrubbed = _entries(scrub_trace(data.getvalue(), Redactor()))
    assert json.loads(scrubbed["trace.trace"]) == {"log": "saw <access_token#1>"}
