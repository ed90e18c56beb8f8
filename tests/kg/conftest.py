import pytest

from kg.runtime.settings import Settings
from kg.app.service import Evergreen
from tests.servers import OxigraphServer


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server")).start()
    yield server
    server.stop()


@pytest.fixture(params=["memory", "oxigraph", "sparql"])
def backend(request, tmp_path, clock):
    """A service on each of the three backends (the conformance suite runs on all)."""
    if request.param == "memory":
        store = "memory"
    elif request.param == "oxigraph":
        store = str(tmp_path / "store")
    else:
        server = request.getfixturevalue("oxigraph_server")
        server.clear()
        store = server.url
    with Evergreen(Settings(store=store, user="tester"), clock=clock) as svc:
        yield svc
