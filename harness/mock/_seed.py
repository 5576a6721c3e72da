"""The seed data the mock starts with; fixtures/targets/mock.toml repeats the same values."""

from __future__ import annotations

from dataclasses import dataclass

AUTH_METHODS = ("client_secret_post", "client_secret_basic", "none")
SCOPE_ALL = "*"  # Taskade's Zapier app asks for "*": every scope the client may have
SCOPE_MCP = "mcp"  # Taskade's one documented named scope (hosted MCP)
REALM = "taskade-mock"
# RFC 6749 §4 (and RFC 8414 §2's grant_types_supported values): the grants the mock can serve.
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials", "password", "implicit")
# On unless the settings say otherwise: RFC 9700 §2.4 forbids password, §2.1.2 advises against
# implicit, so both are off by default.
DEFAULT_GRANT_TYPES = frozenset({"authorization_code", "refresh_token", "client_credentials"})


@dataclass(frozen=True)
class UserSettings:
    """The one resource owner who can sign in."""

    email: str
    password: str
    handle: str


@dataclass(frozen=True)
class ClientSettings:
    """A registered client. ``secret is None`` and auth method ``none`` make it public."""

    id: str
    secret: str | None
    auth_methods: tuple[str, ...]
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...] = ("read", "write")
    default_scope: str = "read"
    name: str = ""

    @property
    def is_public(self) -> bool:
        return self.secret is None

    @property
    def display_name(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Seed:
    """The seeded user and the three clients, named as in the target files."""

    user: UserSettings
    primary: ClientSettings
    second: ClientSettings
    public: ClientSettings

    @property
    def clients(self) -> tuple[ClientSettings, ...]:
        return (self.primary, self.second, self.public)


_LOOPBACK_CALLBACK = "http://127.0.0.1/callback"  # RFC 8252 §7.3: any port is accepted
_WEB_CALLBACK = "https://client.example.com/callback"

SEED = Seed(
    user=UserSettings(
        email="user@example.com",
        password="correct horse battery staple",
        handle="harness-user",
    ),
    primary=ClientSettings(
        id="client-one.client.test",
        secret="s3cret-one:%+/",
        auth_methods=("client_secret_post", "client_secret_basic"),
        redirect_uris=(_LOOPBACK_CALLBACK, _WEB_CALLBACK),
        name="Harness client one",
    ),
    second=ClientSettings(
        id="client-two.client.test",
        secret="s3cret-two",
        auth_methods=("client_secret_post", "client_secret_basic"),
        redirect_uris=(_LOOPBACK_CALLBACK, _WEB_CALLBACK),
        name="Harness client two",
    ),
    public=ClientSettings(
        id="public.client.test",
        secret=None,
        auth_methods=("none",),
        redirect_uris=(_LOOPBACK_CALLBACK,),
        name="Harness public client",
    ),
)


@dataclass(frozen=True)
class Item:
    """A workspace or project. Taskade ids are 16 alphanumeric characters (OpenAPI v1)."""

    id: str
    name: str
    viewed_rank: int = 0  # 1 = most recently viewed

    def json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


WORKSPACES = (
    Item("hArNeSsWs0000001", "Harness Workspace"),
    Item("hArNeSsWs0000002", "Second Workspace"),
)
PROJECTS = tuple(Item(f"hArNeSsPr{n:07d}", f"Project {n:02d}", n) for n in range(1, 31))
