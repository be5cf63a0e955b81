"""Request bodies on the real server (eventlet, as `make run` starts it): a chunked body, which
has no Content-Length, is refused with 411 instead of being read as empty."""

import pytest
import requests

from tests.server import ServerProcess

pytestmark = pytest.mark.live


def test_a_chunked_body_is_refused_and_changes_nothing(prepared_instance):
    instance, facts = prepared_instance
    with ServerProcess(instance) as server:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {facts['token']}"
        before = api.get(f"{server.url}/api/v1/workshops", timeout=10).json()["workshops"]

        def chunks():
            yield b'{"title": "Sendt i stykker",'
            yield b' "language": "da"}'

        response = api.post(f"{server.url}/api/v1/workshops", data=chunks(), timeout=10,
                            headers={"Content-Type": "application/json"})
        assert response.request.headers.get("Transfer-Encoding") == "chunked"
        assert response.status_code == 411
        assert response.json()["error"]["code"] == "length_required"
        assert "Content-Length" in response.json()["error"]["message"]
        # A form page says it in words too.
        page = requests.post(f"{server.url}/login", data=iter([b"email=a%40b.dk&password=x"]), timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert page.status_code == 411
        # The same body with a length is accepted.
        created = api.post(f"{server.url}/api/v1/workshops", json={"title": "Sendt i stykker", "language": "da"}, timeout=10)
        assert created.status_code == 201
        after = api.get(f"{server.url}/api/v1/workshops", timeout=10).json()["workshops"]
        assert len(after) == len(before) + 1
