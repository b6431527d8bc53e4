"""The file collectors, in the order they are offered a file (the first that matches reads it).

The CI readers come first: a workflow named ``compose.yml`` under ``.github/workflows/`` is a
workflow, and one whose ``run:`` script holds an indented manifest is not a Kubernetes file.
Compose comes before Kubernetes because both read YAML and a compose file must never be taken
for a manifest; it reads a folder's base file and its default override together
(:mod:`.compose_override`). The process environment is not a file and is read by
:func:`sherlock.collect.collect_tree` directly (see :mod:`sherlock.collect.process_env`).
"""

from __future__ import annotations

from sherlock.collect.ansible import AnsibleCollector
from sherlock.collect.base import Collector, declared_needles, lacks_all
from sherlock.collect.circleci import CircleCiCollector
from sherlock.collect.cloud_app_settings import AppEngineCollector, AzureLocalSettingsCollector
from sherlock.collect.code import CodeCollector
from sherlock.collect.compose_override import ComposeProjectCollector
from sherlock.collect.do_app_spec import DigitalOceanAppSpecCollector
from sherlock.collect.dockerfile import DockerfileCollector
from sherlock.collect.dotenv import DotenvCollector
from sherlock.collect.dotnet import DotnetSettingsCollector
from sherlock.collect.ecs import EcsTaskDefinitionCollector
from sherlock.collect.envrc import DirenvCollector
from sherlock.collect.fly import FlyCollector
from sherlock.collect.framework_dotenv import FrameworkDotenvCollector
from sherlock.collect.github_actions import GitHubActionsCollector
from sherlock.collect.gitlab_ci import GitLabCiCollector
from sherlock.collect.helm import HelmCollector
from sherlock.collect.heroku import HerokuAppJsonCollector
from sherlock.collect.k8s import K8sCollector
from sherlock.collect.kustomize import KustomizeCollector
from sherlock.collect.laravel import LaravelConfigCollector
from sherlock.collect.laravel_cache import LaravelConfigCacheCollector
from sherlock.collect.netlify import NetlifyCollector
from sherlock.collect.node_config import NodeConfigCollector
from sherlock.collect.platform_secrets import MakefileCommandsCollector
from sherlock.collect.pm2 import Pm2Collector
from sherlock.collect.procfile import ProcfileCollector
from sherlock.collect.pysettings import PythonSettingsCollector
from sherlock.collect.python_settings_libs import (
    DecoupleIniCollector,
    DynaconfCollector,
    PydanticSettingsCollector,
)
from sherlock.collect.rails import RailsConfigCollector
from sherlock.collect.render_yaml import RenderBlueprintCollector
from sherlock.collect.sam import SamTemplateCollector
from sherlock.collect.selection import Selection
from sherlock.collect.serverless import ServerlessCollector
from sherlock.collect.shell import ShellCollector
from sherlock.collect.shell_profiles import ShellProfileCollector
from sherlock.collect.spring import SpringConfigCollector
from sherlock.collect.supabase import SupabaseConfigCollector
from sherlock.collect.systemd import SystemdCollector
from sherlock.collect.terraform import TerraformCollector
from sherlock.collect.twilio_functions import TwilioFunctionsCollector
from sherlock.collect.twilio_run_scripts import TwilioRunScriptsCollector
from sherlock.collect.vercel import VercelPullCollector
from sherlock.providers.registry import provider_collectors

DOTENV = DotenvCollector()
SHELL = ShellCollector()

COLLECTORS: dict[str, Collector] = {
    "vercel-pull": VercelPullCollector(),  # before dotenv: its cached env files are Vercel's
    "dotenv": DOTENV,
    "github-actions": GitHubActionsCollector(),
    "gitlab-ci": GitLabCiCollector(),
    "circleci": CircleCiCollector(),
    "compose": ComposeProjectCollector(),
    "helm": HelmCollector(),  # before k8s: a chart's templates are not manifests
    "kustomize": KustomizeCollector(),  # before k8s: a Kustomization is no manifest
    "k8s": K8sCollector(),
    "dockerfile": DockerfileCollector(),
    "shell-profile": ShellProfileCollector(),  # before shell: a dotless bashrc with a shebang
    "direnv": DirenvCollector(),  # before shell, which still wants .envrc for the pre-pass
    "shell": SHELL,
    "systemd": SystemdCollector(),
    "terraform": TerraformCollector(),
    "ansible": AnsibleCollector(),
    "laravel-config": LaravelConfigCollector(),
    "laravel-config-cache": LaravelConfigCacheCollector(),  # before code: it is PHP too
    "supabase-config": SupabaseConfigCollector(),
    "rails-config": RailsConfigCollector(),  # before spring: both read config/application.yml
    "spring-config": SpringConfigCollector(),
    "dotnet-appsettings": DotnetSettingsCollector(),
    "twilio-functions": TwilioFunctionsCollector(),
    "twilio-run-scripts": TwilioRunScriptsCollector(),  # package.json scripts running twilio-run
    "framework-dotenv": FrameworkDotenvCollector(),  # a Next.js/Vite project's env files by mode
    "netlify": NetlifyCollector(),
    "heroku-app-json": HerokuAppJsonCollector(),
    "fly": FlyCollector(),  # fly.toml [env]; scripts' fly secrets set are read by shell/CI
    "makefile-platform-commands": MakefileCommandsCollector(),  # fly/heroku/... in recipes
    "procfile": ProcfileCollector(),
    "pm2": Pm2Collector(),
    "serverless": ServerlessCollector(),
    "sam": SamTemplateCollector(),
    "ecs-task-definition": EcsTaskDefinitionCollector(),
    "do-app-spec": DigitalOceanAppSpecCollector(),  # before app-engine: both read app.yaml
    "app-engine": AppEngineCollector(),
    "azure-local-settings": AzureLocalSettingsCollector(),
    "render-blueprint": RenderBlueprintCollector(),
    "python-decouple": DecoupleIniCollector(),
    "dynaconf": DynaconfCollector(),
    "pydantic-settings": PydanticSettingsCollector(),  # before the two it hands a module on to
    "python-settings": PythonSettingsCollector(),
    "node-config": NodeConfigCollector(),  # before code: config/production.js is node-config's
    "code": CodeCollector(),  # last: framework config files written in code are read above
    **provider_collectors(),
}


#: Which collectors each path is offered to (:mod:`.selection`), shared by every scan.
SELECTION = Selection(COLLECTORS)


def collector_for(
    relpath: str, head: bytes, offered: tuple[Collector, ...] | None = None
) -> Collector | None:
    """The collector that reads a file, or None. ``offered`` narrows the choice to the
    collectors :meth:`Selection.offered` names (every one when not given); one whose
    ``needles`` the bytes lack is not asked (see :func:`sherlock.collect.base.declared_needles`)."""
    lowered: bytes | None = None
    for collector in COLLECTORS.values() if offered is None else offered:
        needles = declared_needles(collector)
        if needles is not None:
            lowered = head.lower() if lowered is None else lowered
            if lacks_all(lowered, needles):
                continue
        if collector.matches(relpath, head):
            return collector
    return None
