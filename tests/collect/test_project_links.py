"""A Spring Boot or ASP.NET Core project deployed from another folder is one run with it.

Real repositories keep the deployment apart from the code: ``deploy/docker-compose.yml``
builds ``../api``, a Kubernetes Deployment runs the image the project's Jib, Spring Boot
``build-image``, ``.csproj`` ``ContainerRepository`` or skaffold artifact names. Such a
deployment's variables are the project's environment layer (its ``SPRING_PROFILES_ACTIVE`` /
``ASPNETCORE_ENVIRONMENT`` picks the files, its credential variables lie over them), and a lone
half it carries is judged in that run, not alone. Only concrete evidence links: a build context
that resolves to the project folder, or the very image the project's build names; never a
name that merely looks alike.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sherlock.collect import CollectResult
from sherlock.index import WarmIndex
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

RES = "app/src/main/resources"
SPRING = {
    f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n  auth-token: {TOKEN}\n",
    f"{RES}/application-prod.yml": f"twilio:\n  auth-token: {TOKEN_2}\n",
}
APPSETTINGS = (
    f'{{\n  "Twilio": {{\n    "AccountSid": "{SID}",\n    "AuthToken": "{TOKEN_2}"\n  }}\n}}\n'
)
CSPROJ = (
    '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n'
    "    <ContainerRegistry>registry.acme.io</ContainerRegistry>\n"
    "    <ContainerRepository>acme/reminders</ContainerRepository>\n"
    "  </PropertyGroup>\n</Project>\n"
)
JIB_POM = (
    "<project>\n  <build>\n    <plugins>\n      <plugin>\n"
    "        <groupId>com.google.cloud.tools</groupId>\n"
    "        <artifactId>jib-maven-plugin</artifactId>\n"
    "        <configuration>\n          <to>\n"
    "            <image>registry.acme.io/acme/billing</image>\n"
    "          </to>\n        </configuration>\n      </plugin>\n"
    "    </plugins>\n  </build>\n</project>\n"
)
BUILD_IMAGE_POM = (
    "<project>\n  <build>\n    <plugins>\n      <plugin>\n"
    "        <groupId>org.springframework.boot</groupId>\n"
    "        <artifactId>spring-boot-maven-plugin</artifactId>\n"
    "        <configuration>\n          <image>\n"
    "            <name>registry.acme.io/acme/billing:${project.version}</name>\n"
    "          </image>\n        </configuration>\n      </plugin>\n"
    "    </plugins>\n  </build>\n</project>\n"
)
JIB_GRADLE = "plugins {\n  id 'com.google.cloud.tools.jib' version '3.4.3'\n}\njib.to.image = 'registry.acme.io/acme/billing'\n"
JIB_GRADLE_BLOCK = 'jib {\n  to {\n    image = "registry.acme.io/acme/billing"\n  }\n}\n'
JIB_KTS_DOTTED = (
    'jib {\n  from.image = "eclipse-temurin:21"\n  to.image = "registry.acme.io/acme/billing"\n}\n'
)
BOOT_GRADLE = "tasks.named('bootBuildImage') {\n  imageName = 'registry.acme.io/acme/billing'\n}\n"


def compose(service: str, *env: tuple[str, str]) -> str:
    lines = "".join(f"      {name}: {value}\n" for name, value in env)
    return f"services:\n  api:\n    {service}\n    environment:\n{lines}"


def deployment(image: str, *env: tuple[str, str], name: str = "api") -> str:
    items = "".join(
        f'            - name: {key}\n              value: "{value}"\n' for key, value in env
    )
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n"
        f"        - name: {name}\n          image: {image}\n          env:\n{items}"
    )


def skaffold(context: str, image: str = "acme/reminders-api") -> str:
    return (
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        f"    - image: {image}\n      context: {context}\n"
        "manifests:\n  rawYaml:\n    - deploy/k8s/*.yaml\n"
    )


def _run_of(result: CollectResult, via: str) -> dict[str, tuple[str, str]]:
    """field → (value, place) of the run a deployment (``via``) makes with the project."""
    return {v.field: (raw(v), str(v.location)) for v in result.values if f"[{via}]" in v.scope}


def _alone(result: CollectResult, prefix: str) -> list[tuple[str, str]]:
    return [(v.name, raw(v)) for v in result.values if v.scope.startswith(prefix)]


@pytest.mark.parametrize(
    ("compose_path", "build"),
    [
        ("deploy/docker-compose.yml", "build: ../app"),
        (
            "ops/compose/compose.yaml",
            "build:\n      context: ../../app\n      dockerfile: Dockerfile",
        ),
    ],
    ids=["sibling-folder-string", "nested-folder-context-mapping"],
)
def test_a_compose_file_in_another_folder_that_builds_the_project_picks_its_profile(
    tmp_path: Path, compose_path: str, build: str
) -> None:
    tree = {**SPRING, compose_path: compose(build, ("SPRING_PROFILES_ACTIVE", "prod"))}
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, f"compose:api@{compose_path}")
    assert run["auth_token"] == (TOKEN_2, f"{RES}/application-prod.yml:2")
    assert run["account_sid"] == (SID, f"{RES}/application.yml:2")


def test_a_lone_token_of_a_compose_file_in_another_folder_is_judged_in_the_projects_run(
    tmp_path: Path,
) -> None:
    tree = {
        f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n",
        "deploy/docker-compose.yml": compose("build: ../app", ("TWILIO_AUTH_TOKEN", TOKEN)),
    }
    result = scan(write_tree(tmp_path, tree))
    assert _alone(result, "compose:") == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert str(note).startswith("deploy/docker-compose.yml:5: TWILIO_AUTH_TOKEN ")
    run = _run_of(result, "compose:api@deploy/docker-compose.yml")
    assert {f: v for f, (v, _at) in run.items()} == {"account_sid": SID, "auth_token": TOKEN}


@pytest.mark.parametrize(
    ("build_file", "text"),
    [
        ("app/pom.xml", JIB_POM),
        ("app/pom.xml", BUILD_IMAGE_POM),
        ("app/build.gradle", JIB_GRADLE),
        ("app/build.gradle.kts", JIB_GRADLE_BLOCK),
        ("app/build.gradle", BOOT_GRADLE),
        ("app/build.gradle.kts", JIB_KTS_DOTTED),
    ],
    ids=[
        "jib-maven",
        "spring-boot-build-image-maven",
        "jib-gradle",
        "jib-gradle-kts",
        "boot-gradle",
        "jib-kts-dotted",
    ],
)
def test_a_kubernetes_deployment_running_the_image_the_project_builds_is_its_environment(
    tmp_path: Path, build_file: str, text: str
) -> None:
    image = "registry.acme.io/acme/billing:1.4.2"
    env = (("SPRING_PROFILES_ACTIVE", "prod"), ("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {**SPRING, build_file: text, "k8s/billing.yaml": deployment(image, *env)}
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "k8s:Deployment/api/api@k8s/billing.yaml")
    # the pod's variable lies over application-prod.yml's token, which it hides
    assert run["auth_token"] == (TOKEN, "k8s/billing.yaml:15")
    assert run["account_sid"] == (SID, f"{RES}/application.yml:2")
    token = next(v for v in result.values if "[k8s:" in v.scope and v.field == "auth_token")
    hidden = [(raw(s.value), str(s.value.location)) for s in token.shadows]
    assert (TOKEN_2, f"{RES}/application-prod.yml:2") in hidden


def test_a_compose_service_running_the_projects_image_is_its_environment(tmp_path: Path) -> None:
    tree = {
        **SPRING,
        "app/pom.xml": JIB_POM,
        "deploy/compose.yaml": compose(
            "image: registry.acme.io/acme/billing:latest", ("SPRING_PROFILES_ACTIVE", "prod")
        ),
    }
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "compose:api@deploy/compose.yaml")
    assert run["auth_token"] == (TOKEN_2, f"{RES}/application-prod.yml:2")


@pytest.mark.parametrize(
    ("files", "image"),
    [
        ({"skaffold.yaml": skaffold("services/Reminders.Api")}, "acme/reminders-api"),
        (
            {"services/Reminders.Api/Reminders.Api.csproj": CSPROJ},
            "registry.acme.io/acme/reminders:8",
        ),
    ],
    ids=["skaffold-artifact-context", "csproj-container-repository"],
)
def test_a_dotnet_deployment_token_over_appsettings_is_one_run_and_not_judged_alone(
    tmp_path: Path, files: dict[str, str], image: str
) -> None:
    env = (("ASPNETCORE_ENVIRONMENT", "Production"), ("Twilio__AuthToken", TOKEN))
    tree = {
        **files,
        "services/Reminders.Api/appsettings.json": APPSETTINGS,
        "deploy/k8s/api.yaml": deployment(image, *env),
    }
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "k8s:Deployment/api/api@deploy/k8s/api.yaml")
    assert run["auth_token"] == (TOKEN, "deploy/k8s/api.yaml:15")
    assert run["account_sid"][0] == SID
    assert _alone(result, "k8s:") == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert str(note).startswith("deploy/k8s/api.yaml:15: Twilio__AuthToken ")


@pytest.mark.parametrize(
    ("files", "image"),
    [
        ({"app/pom.xml": JIB_POM}, "registry.acme.io/acme/billing-worker:1.4.2"),
        ({"app/pom.xml": JIB_POM}, "ghcr.io/acme/billing"),
        ({"app/pom.xml": JIB_POM}, "acme/billing"),
        ({"skaffold.yaml": skaffold("services/billing", "acme/billing")}, "acme/billing"),
        ({"app/pom.xml": JIB_POM.replace("acme/billing", "${image.name}")}, "acme/billing"),
    ],
    ids=[
        "longer-name",
        "other-registry",
        "registry-left-out",
        "skaffold-context-elsewhere",
        "unresolved-property",
    ],
)
def test_an_image_that_only_looks_like_the_projects_does_not_link(
    tmp_path: Path, files: dict[str, str], image: str
) -> None:
    env = (("SPRING_PROFILES_ACTIVE", "prod"), ("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {**SPRING, **files, "k8s/worker.yaml": deployment(image, *env, name="worker")}
    result = scan(write_tree(tmp_path, tree))
    assert not [v for v in result.values if "[k8s:" in v.scope]
    assert _alone(result, "k8s:") == [("TWILIO_AUTH_TOKEN", TOKEN)]
    assert not [n for n in result.notes if "judged in the run of the project" in str(n)]


def test_a_complete_set_in_a_linked_deployment_is_still_its_own_set(tmp_path: Path) -> None:
    env = (("TWILIO_ACCOUNT_SID", SID_2), ("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {
        **SPRING,
        "app/pom.xml": JIB_POM,
        "k8s/billing.yaml": deployment("registry.acme.io/acme/billing", *env),
    }
    result = scan(write_tree(tmp_path, tree))
    assert sorted(_alone(result, "k8s:")) == sorted(
        [("TWILIO_ACCOUNT_SID", SID_2), ("TWILIO_AUTH_TOKEN", TOKEN)]
    )
    run = _run_of(result, "k8s:Deployment/api/api@k8s/billing.yaml")
    assert run["account_sid"][0] == SID_2 and run["auth_token"][0] == TOKEN


def test_a_kustomize_base_workload_is_not_taken_for_the_deployment_kustomize_builds(
    tmp_path: Path,
) -> None:
    """``kubectl apply -k`` sends the patched overlay, never the base manifest as written."""
    env = (("SPRING_PROFILES_ACTIVE", "prod"), ("TWILIO_AUTH_TOKEN", TOKEN))
    tree = {
        **SPRING,
        "app/pom.xml": JIB_POM,
        "k8s/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
        "k8s/base/deployment.yaml": deployment("registry.acme.io/acme/billing", *env),
        "k8s/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert not [v for v in result.values if "[k8s:" in v.scope]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_linked_workloads_secret_key_ref_fills_the_run_and_the_secret_is_not_judged_alone(
    tmp_path: Path,
) -> None:
    workload = (
        deployment("acme/reminders-api:2.0", ("ASPNETCORE_ENVIRONMENT", "Production"))
        + "            - name: Twilio__AuthToken\n              valueFrom:\n"
        + "                secretKeyRef:\n                  name: reminders-twilio\n"
        + "                  key: auth-token\n"
    )
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: reminders-twilio\n"
        f"type: Opaque\nstringData:\n  auth-token: {TOKEN}\n"
    )
    tree = {
        "skaffold.yaml": skaffold("services/Reminders.Api"),
        "services/Reminders.Api/appsettings.json": APPSETTINGS,
        "deploy/k8s/api.yaml": workload,
        "deploy/k8s/secret.yaml": secret,
    }
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "k8s:Deployment/api/api@deploy/k8s/api.yaml")
    assert run["auth_token"] == (TOKEN, "deploy/k8s/secret.yaml:7")
    assert run["account_sid"][0] == SID
    assert _alone(result, "k8s:") == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert str(note).startswith("deploy/k8s/secret.yaml:7: ")


def test_a_linked_workloads_env_from_picks_the_profile_and_fills_the_token(
    tmp_path: Path,
) -> None:
    workload = deployment("registry.acme.io/acme/billing:3") + (
        "          envFrom:\n            - configMapRef:\n                name: billing-config\n"
        "            - secretRef:\n                name: billing-twilio\n"
    )
    workload = workload.replace("          env:\n", "")
    stores = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-config\n"
        "data:\n  SPRING_PROFILES_ACTIVE: prod\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-twilio\n"
        f"data:\n  TWILIO_AUTH_TOKEN: {_b64(TOKEN)}\n"
    )
    tree = {
        **SPRING,
        "app/pom.xml": JIB_POM,
        "k8s/billing.yaml": workload,
        "k8s/stores.yaml": stores,
    }
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "k8s:Deployment/api/api@k8s/billing.yaml")
    assert run["auth_token"] == (TOKEN, "k8s/stores.yaml:13")
    token = next(v for v in result.values if "[k8s:" in v.scope and v.field == "auth_token")
    hidden = [(raw(s.value), str(s.value.location)) for s in token.shadows]
    assert (TOKEN_2, f"{RES}/application-prod.yml:2") in hidden  # prod was picked
    assert _alone(result, "k8s:") == []


def test_a_lone_token_of_a_compose_service_running_the_projects_image_is_judged_in_its_run(
    tmp_path: Path,
) -> None:
    tree = {
        f"{RES}/application.yml": f"twilio:\n  account-sid: {SID}\n",
        "app/pom.xml": JIB_POM,
        "deploy/compose.yaml": compose(
            "image: registry.acme.io/acme/billing:3", ("TWILIO_AUTH_TOKEN", TOKEN)
        ),
    }
    result = scan(write_tree(tmp_path, tree))
    assert _alone(result, "compose:") == []
    [note] = [n for n in result.notes if "judged in the run of the project" in str(n)]
    assert str(note).startswith("deploy/compose.yaml:5: TWILIO_AUTH_TOKEN ")
    run = _run_of(result, "compose:api@deploy/compose.yaml")
    assert {f: v for f, (v, _at) in run.items()} == {"account_sid": SID, "auth_token": TOKEN}


def test_the_warm_index_rereads_a_held_workload_when_the_projects_image_changes(
    tmp_path: Path,
) -> None:
    """A workload's lone half depends on another file (the build naming its image): the
    index must answer what a fresh scan answers once that file changes."""
    env = (("TWILIO_AUTH_TOKEN", TOKEN),)
    tree = {
        **SPRING,
        "app/pom.xml": JIB_POM,
        "k8s/b.yaml": deployment("registry.acme.io/acme/billing", *env),
    }
    root = write_tree(tmp_path, tree)
    index = WarmIndex(root)
    assert _alone(index.collect(root), "k8s:") == []
    (root / "app/pom.xml").write_text(JIB_POM.replace("acme/billing", "acme/ledger"))
    index.refresh(force=True)
    assert _alone(index.collect(root), "k8s:") == _alone(scan(root), "k8s:") != []


def test_a_skaffold_profiles_artifact_links_its_context_too(tmp_path: Path) -> None:
    """Skaffold profiles replace ``build`` per profile; their artifacts name images as well."""
    config = (
        "apiVersion: skaffold/v4beta11\nkind: Config\nprofiles:\n  - name: prod\n    build:\n"
        "      artifacts:\n        - image: acme/reminders-api\n"
        "          context: services/Reminders.Api\n"
    )
    env = (("ASPNETCORE_ENVIRONMENT", "Production"), ("Twilio__AuthToken", TOKEN))
    tree = {
        "skaffold.yaml": config,
        "services/Reminders.Api/appsettings.json": APPSETTINGS,
        "deploy/k8s/api.yaml": deployment("acme/reminders-api", *env),
    }
    result = scan(write_tree(tmp_path, tree))
    run = _run_of(result, "k8s:Deployment/api/api@deploy/k8s/api.yaml")
    assert run["auth_token"] == (TOKEN, "deploy/k8s/api.yaml:15")
