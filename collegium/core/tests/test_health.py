import pytest

from collegium.core import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_every_part_reachable(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "task_queue": "ok"}


@pytest.mark.parametrize("part", ["database", "cache", "task_queue"])
def test_readyz_answers_503_naming_the_part_that_fails(client, monkeypatch, part):
    def broken() -> None:
        raise ConnectionError("unreachable")

    monkeypatch.setitem(health.CHECKS, part, broken)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == [part]
    assert "unreachable" not in response.content.decode()


def test_readyz_notices_a_database_that_is_gone(monkeypatch):
    class GoneDatabase:
        def cursor(self):
            raise OSError("gone")

    monkeypatch.setattr(health, "connection", GoneDatabase())
    assert health.readiness()["database"] == "error"
