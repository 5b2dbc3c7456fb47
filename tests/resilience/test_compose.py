"""docker-compose.yml: two replicas of the site behind one nginx proxy, one migrate service,
exactly one beat; checked as YAML and, where the docker CLI has compose, by `docker compose
config`."""

import os
import shutil
import subprocess

import pytest
import yaml

from .servers import ROOT


def compose_services(text):
    return yaml.safe_load(text)["services"]


def check_replicas_proxy_and_one_beat(services):
    assert services["web"]["deploy"]["replicas"] == 2
    assert "ports" not in services["web"]  # reached through the proxy only
    assert services["proxy"]["image"].startswith("nginx")
    assert services["proxy"]["depends_on"]
    beats = [name for name, service in services.items() if "beat" in str(service.get("command"))]
    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "migrate" in str(services["migrate"]["command"])
    assert "migrate" not in str(services["web"]["command"])  # replicas never migrate at once
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["CACHE_URL"].startswith("redis://")
        assert "media:/app/media" in str(services[name]["volumes"])


def test_docker_compose_has_two_web_replicas_behind_one_proxy_and_one_beat():
    check_replicas_proxy_and_one_beat(compose_services((ROOT / "docker-compose.yml").read_text()))
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web:8000" in nginx and "proxy_pass http://weiyuan;" in nginx


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker CLI")
def test_docker_compose_config_accepts_the_file():
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    if plugin.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    result = subprocess.run(
        ["docker", "compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ
        | {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "zx.example.org",
            "POSTGRES_PASSWORD": "secret",
        },  # fmt: skip
    )
    assert result.returncode == 0, result.stderr
    check_replicas_proxy_and_one_beat(compose_services(result.stdout))
