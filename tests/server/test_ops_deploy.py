"""The deployment example is checked statically (no Docker engine or cluster runs here): the
Dockerfile parses with Docker's own parser and builds a non-root image whose entrypoint is
`sherlock`; the Kubernetes manifests validate against the API schemas, take their tokens from
Secrets, probe real routes, and serve the tree a git-sync sidecar keeps fresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from fastapi.testclient import TestClient
from ruamel.yaml import YAML

from sherlock.cli.main import app as cli

dockerfile = pytest.importorskip("dockerfile")
kubernetes_validate = pytest.importorskip("kubernetes_validate")

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "deploy" / "kubernetes" / "sherlock.yaml"
SECRET_VARIABLES = {"SHERLOCK_API_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"}


def _final_stage() -> list[Any]:
    commands = list(dockerfile.parse_file(str(ROOT / "Dockerfile")))
    last_from = max(i for i, c in enumerate(commands) if c.cmd == "FROM")
    return commands[last_from:]


def _one(stage: list[Any], cmd: str) -> Any:
    found = [c for c in stage if c.cmd == cmd]
    assert len(found) == 1, f"the final stage should have one {cmd}"
    return found[0]


def _serve_options() -> set[str]:
    command = typer.main.get_command(cli).commands["serve"]  # type: ignore[attr-defined]
    return {opt for param in command.params for opt in param.opts if opt.startswith("--")}


def _check_serve_args(args: list[str]) -> None:
    """The arguments are `serve PATH` and options `sherlock serve` really has."""
    assert args[0] == "serve" and not args[1].startswith("-")
    options = {a.split("=", 1)[0] for a in args[2:] if a.startswith("--")}
    assert options <= _serve_options(), options - _serve_options()


def test_the_image_runs_as_a_user_that_is_not_root() -> None:
    user = _one(_final_stage(), "USER").value[0].split(":")[0]
    assert user not in ("root", "0")
    assert user.isdigit(), "a numeric uid lets Kubernetes check runAsNonRoot"


def test_the_image_entrypoint_is_sherlock_so_any_subcommand_runs() -> None:
    stage = _final_stage()
    assert _one(stage, "ENTRYPOINT").value == ("sherlock",)
    _check_serve_args(list(_one(stage, "CMD").value))


def test_the_image_healthcheck_asks_a_real_route_on_the_served_port(client: TestClient) -> None:
    stage = _final_stage()
    check = " ".join(_one(stage, "HEALTHCHECK").value)
    port = _one(stage, "EXPOSE").value[0]
    assert f"127.0.0.1:{port}/healthz" in check
    assert f"--port {port}" in " ".join(_one(stage, "CMD").value)
    assert client.get("/healthz").status_code == 200


def test_the_build_context_holds_what_the_dockerfile_copies() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "*" in ignored
    build = list(dockerfile.parse_file(str(ROOT / "Dockerfile")))
    sources = [s for c in build if c.cmd == "COPY" and not c.flags for s in c.value[:-1]]
    for source in sources:
        assert (ROOT / source).exists(), source
        assert f"!{source}" in ignored or f"!{source}/" in ignored, source


def _manifests() -> list[dict[str, Any]]:
    return [dict(d) for d in YAML(typ="safe").load_all(MANIFEST.read_text(encoding="utf-8"))]


def _deployment() -> dict[str, Any]:
    (found,) = [d for d in _manifests() if d["kind"] == "Deployment"]
    return found


def _container(name: str) -> dict[str, Any]:
    (found,) = [
        c for c in _deployment()["spec"]["template"]["spec"]["containers"] if c["name"] == name
    ]
    return dict(found)


@pytest.mark.parametrize("version", ["1.28.0", "1.33.0"])
def test_the_manifests_validate_against_the_kubernetes_schemas(version: str) -> None:
    for manifest in _manifests():
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_probes_point_at_routes_that_answer(client: TestClient) -> None:
    sherlock = _container("sherlock")
    assert sherlock["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert sherlock["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for probe in ("livenessProbe", "readinessProbe"):
        assert client.get(sherlock[probe]["httpGet"]["path"]).status_code == 200
        assert sherlock[probe]["httpGet"]["port"] in {p["name"] for p in sherlock["ports"]}


def test_the_tokens_come_from_secrets_never_from_literal_values() -> None:
    env = {e["name"]: e for e in _container("sherlock")["env"]}
    assert set(env) >= SECRET_VARIABLES
    for name in SECRET_VARIABLES:
        assert "value" not in env[name]
        assert env[name]["valueFrom"]["secretKeyRef"]["name"]


def test_the_pod_runs_as_non_root_with_a_read_only_root() -> None:
    pod = _deployment()["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    for container in pod["containers"] + pod["initContainers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True


def test_a_git_sync_sidecar_keeps_the_served_tree_fresh() -> None:
    sherlock, sidecar = _container("sherlock"), _container("git-sync")
    assert "git-sync" in sidecar["image"]
    args = dict(a.removeprefix("--").split("=", 1) for a in sidecar["args"])
    served = Path(sherlock["args"][1])
    assert served == Path(args["root"]) / args["link"]
    repo_mounts = {m["name"]: m["mountPath"] for m in sidecar["volumeMounts"]}
    sherlock_mounts = {m["name"]: m for m in sherlock["volumeMounts"]}
    shared = [n for n, path in repo_mounts.items() if path == args["root"]]
    assert shared and sherlock_mounts[shared[0]]["mountPath"] == args["root"]
    assert sherlock_mounts[shared[0]]["readOnly"] is True
    _check_serve_args(sherlock["args"])
