"""The production configuration is consistent: endpoints.production.yml, deploy/docker-compose.yml,
the Dockerfiles and nginx.conf. (No Docker engine here: the compose file is checked, not run.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.utils import AvailableEndpoints
from rasa.shared.utils.io import read_config_file

ROOT = Path(__file__).resolve().parents[2]  # the repository
DEPLOY = ROOT / "deploy"
PRODUCTION = ROOT / "endpoints.production.yml"
ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def lock_versions() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return {name.lower(): version for name, _, version in (line.partition("==") for line in lines) if version}


def dockerfile(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


def strings(node: Any) -> list[str]:
    """Every string value in a loaded YAML document."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in strings(value)]
    return [node] if isinstance(node, str) else []


def production_variables() -> set[str]:
    """The ${VARS} in endpoints.production.yml's values (not its comments)."""
    production = yaml.safe_load(PRODUCTION.read_text(encoding="utf-8"))
    return {name for text in strings(production) for name in ENV_VAR.findall(text)}


def test_production_endpoints_parse_with_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = production_variables()
    assert variables == {
        "ACTION_ENDPOINT_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_DB", "REDIS_LOCK_DB"
    }  # fmt: skip
    for name in variables:
        monkeypatch.setenv(name, f"value-of-{name}")
    monkeypatch.setenv("REDIS_PORT", "6379")
    # Rasa expands ${VAR} only in plain YAML values; a quoted "${VAR}" would stay literal.
    assert not [text for text in strings(read_config_file(str(PRODUCTION))) if "${" in text]
    endpoints = AvailableEndpoints.read_endpoints(str(PRODUCTION))
    assert endpoints.action is not None and endpoints.action.url == "value-of-ACTION_ENDPOINT_URL"
    tracker, lock = endpoints.tracker_store, endpoints.lock_store
    assert tracker is not None and lock is not None
    assert (tracker.type, lock.type) == ("rasa_ext.stores.GlomskRedisTrackerStore", "redis")
    assert tracker.url == lock.url == "value-of-REDIS_HOST"
    assert tracker.kwargs["db"] != lock.kwargs["db"]
    for store in (tracker, lock):
        assert store.kwargs["port"] == "6379" and store.kwargs["password"] == "value-of-REDIS_PASSWORD"
        assert str(store.kwargs["key_prefix"]).isalnum(), "Rasa ignores a key_prefix that is not alphanumeric"


def test_records_expire_with_the_session() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    minutes = domain["session_config"]["session_expiration_time"]
    for path in (PRODUCTION, ROOT / "endpoints.yml"):
        endpoints = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert endpoints["tracker_store"]["record_exp"] == minutes * 60, path.name


def test_the_embedded_default_stays_in_memory() -> None:
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["type"] == "rasa_ext.stores.GlomskInMemoryTrackerStore"
    assert "lock_store" not in endpoints, "Rasa's in-memory lock store is the default"


def test_compose_images_are_pinned_and_match_the_lock() -> None:
    services = compose()["services"]
    assert set(services) == {"redis", "actions", "rasa", "nginx"}
    for name, service in services.items():
        image = service["image"]
        repository, _, tag = image.rpartition(":")
        assert repository and tag and tag != "latest" and re.search(r"\d", tag), f"{name}: {image} is not pinned"
    assert services["redis"]["image"] == "redis:7.2-alpine"
    assert services["nginx"]["image"].startswith("nginx:1.")
    versions = lock_versions()
    bases = {
        "Dockerfile.rasa": f"rasa/rasa:{versions['rasa']}",
        "Dockerfile.actions": f"rasa/rasa-sdk:{versions['rasa-sdk']}",
    }
    for name, base in bases.items():
        assert re.findall(r"(?m)^FROM (\S+)", dockerfile(name)) == [base], name
        for package, version in re.findall(r"([A-Za-z0-9_.-]+)==([0-9][^\s]*)", dockerfile(name)):
            assert versions[package.lower()] == version, f"{name}: {package} differs from requirements.lock"


def test_the_rasa_servers_get_every_variable_the_endpoints_read() -> None:
    rasa = compose()["services"]["rasa"]
    environment = rasa["environment"]
    for name in production_variables():
        assert str(environment.get(name, "")).strip(), f"rasa: {name} is not set"
    assert environment["SANIC_WORKERS"] == "1"
    assert environment["REDIS_HOST"] == "redis" and environment["REDIS_DB"] != environment["REDIS_LOCK_DB"]
    command = rasa["command"]
    assert command[command.index("--endpoints") + 1] == "endpoints.production.yml"
    assert command[command.index("--credentials") + 1] == "credentials.yml"
    assert "--enable-api" not in command, "the HTTP API must stay closed"
    assert rasa["build"]["dockerfile"] == "deploy/Dockerfile.rasa"


def test_action_endpoint_reaches_the_action_servers_through_nginx() -> None:
    url = compose()["services"]["rasa"]["environment"]["ACTION_ENDPOINT_URL"]
    match = re.fullmatch(r"http://nginx:(\d+)(/\S+)", url)
    assert match, url
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    port, path = match.groups()
    server = nginx[nginx.index(f"listen {port};") :]
    assert f"location = {path} {{" in server and "proxy_pass http://actions;" in server
    assert "server actions:5055" in nginx


def test_socketio_is_sticky_and_rest_is_not_pinned_to_a_server() -> None:
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    upstreams = dict(re.findall(r"upstream (\w+) \{(.*?)\}", nginx, re.DOTALL))
    locations = dict(re.findall(r"location (\S+) \{.*?proxy_pass http://(\w+);", nginx, re.DOTALL))
    sticky = upstreams[locations["/socket.io/"]]
    assert "hash $remote_addr" in sticky or "ip_hash" in sticky
    assert "server rasa:5005" in sticky
    assert "hash" not in upstreams[locations["/webhooks/"]]


@pytest.mark.parametrize("name", ["Dockerfile.rasa", "Dockerfile.actions"])
def test_dockerignore_lets_every_copied_file_through(name: str) -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in (DEPLOY / f"{name}.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    for sources in re.findall(r"(?m)^COPY (.+) \S+$", dockerfile(name)):
        for source in sources.split():
            assert source in allowed, f"{name}: {source} is excluded from the build context"
            assert (ROOT / source).exists() or source.startswith("models/"), source
