# httpx imports httpcore lazily and keeps a map from httpcore's exception classes to its own.
# A pytester in-process run removes the modules first imported inside it; were httpcore among
# them, its classes would be new afterwards, the map would miss them, and a refused connection
# would surface as a raw httpcore.ConnectError in whichever test runs next in that worker.
import httpcore  # noqa: F401

pytest_plugins = ["pytester"]
