"""Every source kind Sherlock reads, how to write it, and which faults it can carry.

"Can carry" is about the consumer, not about Sherlock: python-dotenv and compose strip
quotes, so a quoted value is no fault there; a Dockerfile or CI job without a token is a
normal design (the orchestrator or the CI settings add it at run time), so only files a
process loads whole can be "missing" a token; rotation faults need auth tokens, which a
Twilio CLI profile does not hold; only a store has versions for a rotation to leave
unfinished.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tests.matrix import kinds_ansible_roles as ansible_roles
from tests.matrix import kinds_ci, kinds_code, kinds_files, kinds_frameworks, kinds_k8s, kinds_yaml
from tests.matrix import kinds_cloud_settings as cloud_settings
from tests.matrix import kinds_code_defaults as code_defaults
from tests.matrix import kinds_code_setters as code_setters
from tests.matrix import kinds_compose_passthrough as passthrough
from tests.matrix import kinds_docker_run as docker_run
from tests.matrix import kinds_ecs as ecs
from tests.matrix import kinds_envrc as envrc
from tests.matrix import kinds_formats as formats
from tests.matrix import kinds_framework_dotenv as framework_dotenv
from tests.matrix import kinds_framework_layers as layers
from tests.matrix import kinds_helm as helm
from tests.matrix import kinds_laravel_cache as laravel_cache
from tests.matrix import kinds_node_config as node_config
from tests.matrix import kinds_platform_cli as platform_cli
from tests.matrix import kinds_platforms as platforms
from tests.matrix import kinds_profiles as profiles
from tests.matrix import kinds_python_settings as py_settings
from tests.matrix import kinds_serverless_rc as serverless_rc
from tests.matrix import kinds_split as split
from tests.matrix import kinds_templated as templated
from tests.matrix import kinds_terraform_workspace as tf_workspace
from tests.matrix.kinds_stores import store_writer
from tests.matrix.model import Service, Tree

Writer = Callable[[Sequence[Service], Mapping[str, str]], Tree]

#: Faults any file a token-holding process reads can carry.
COMMON = (
    "whitespace",
    "truncated",
    "placeholder",
    "empty-token",
    "key-sid-in-sid-slot",
    "swapped-fields",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "rotation-not-propagated",
    "stale-after-rotation",
    "region-mismatch",
    "revoked-key",
    "account-suspended",
    "account-closed",
    "deprecated-host",
    "test-credentials",
    "subaccount-sid-parent-token",
    "restricted-key",
    "healthy-in-ie1",
)
CLI_FAULTS = (
    "restricted-key",
    "truncated",
    "placeholder",
    "empty-token",
    "key-sid-in-sid-slot",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "region-mismatch",
    "account-suspended",
    "account-closed",
    "healthy-in-ie1",
)
STORE_FAULTS = (
    "whitespace",
    "whitespace-in-sid",
    "padded",
    "test-credentials",
    "subaccount-sid-parent-token",
    "truncated",
    "placeholder",
    "empty-token",
    "key-sid-in-sid-slot",
    "swapped-fields",
    "staging-secret-in-prod",
    "staging-pair-in-prod",
    "rotation-not-finished",
    "regenerated-in-console",
    "revoked-key",
    "restricted-key",
    "account-suspended",
    "account-closed",
)


@dataclass(frozen=True)
class Kind:
    """A source kind: its writer, its base credential mode and the faults it carries."""

    id: str
    write: Writer
    faults: tuple[str, ...]
    mode: str = "token"


PAD = (*COMMON, "padded", "whitespace-in-sid")

KINDS: tuple[Kind, ...] = (
    Kind("dotenv", kinds_files.write_dotenv, (*PAD, "no-token", "no-sid")),
    Kind(
        "docker-env-file", kinds_files.write_docker_env_file, (*PAD, "quoted", "no-token", "no-sid")
    ),
    Kind("compose-map", kinds_yaml.write_compose_map, PAD),
    Kind("compose-list", kinds_yaml.write_compose_list, (*PAD, "quoted")),
    Kind("compose-interpolated", kinds_yaml.write_compose_interpolated, PAD),
    Kind("compose-env-file", kinds_yaml.write_compose_env_file, (*PAD, "no-token", "no-sid")),
    Kind("k8s-data", kinds_k8s.write_k8s_data, (*PAD, "quoted")),
    Kind("k8s-stringdata", kinds_k8s.write_k8s_string_data, (*PAD, "quoted")),
    Kind("k8s-deployment", kinds_k8s.write_k8s_deployment, (*PAD, "quoted")),
    Kind("k8s-secret-ref", kinds_k8s.write_k8s_secret_ref, (*PAD, "quoted")),
    Kind("k8s-env-from", kinds_k8s.write_k8s_env_from, (*PAD, "quoted")),
    Kind("shell", kinds_files.write_shell, (*PAD, "no-token", "no-sid")),
    Kind("dockerfile", kinds_files.write_dockerfile, COMMON),
    Kind("github-actions", kinds_ci.write_github_actions, PAD),
    Kind("gitlab-ci", kinds_ci.write_gitlab_ci, PAD),
    Kind("circleci", kinds_ci.write_circleci, PAD),
    Kind("twilio-cli", kinds_ci.write_cli_profile, CLI_FAULTS, mode="key"),
    Kind("aws-sm", store_writer("aws"), STORE_FAULTS),
    Kind("vault", store_writer("vault"), STORE_FAULTS),
    Kind("gcp-sm", store_writer("gcp"), STORE_FAULTS),
    Kind("code-python-literal", kinds_code.write_python_literals, kinds_code.CODE_FAULTS),
    Kind("code-go-set-region", code_setters.write_go_setters, kinds_code.CODE_FAULTS),
    Kind("code-node-env-default", code_setters.write_node_defaults, kinds_code.CODE_FAULTS),
    Kind("code-java-env-default", code_defaults.write_java_defaults, kinds_code.CODE_FAULTS),
    Kind("code-spring-value-default", code_defaults.write_spring_defaults, kinds_code.CODE_FAULTS),
    Kind("code-go-env-default", code_defaults.write_go_defaults, kinds_code.CODE_FAULTS),
    Kind("helm-values", templated.write_helm_values, (*PAD, "quoted")),
    Kind("helm-umbrella", helm.write_helm_umbrella, (*PAD, "quoted")),
    Kind("kustomize-literals", templated.write_kustomize_literals, PAD),
    Kind("terraform-tfvars", templated.write_terraform_tfvars, (*PAD, "quoted")),
    Kind("terraform-ecs", templated.write_terraform_ecs, (*PAD, "quoted")),
    Kind(
        "ansible-group-vars",
        templated.write_ansible_group_vars,
        tuple(f for f in COMMON if f != "whitespace"),
    ),
    Kind("spring-properties", kinds_frameworks.write_spring_properties, (*PAD, "quoted")),
    Kind("spring-yaml", kinds_frameworks.write_spring_yaml, (*PAD, "quoted")),
    Kind(
        "dotnet-appsettings",
        kinds_frameworks.write_dotnet_appsettings,
        kinds_frameworks.JSON_FAULTS,
    ),
    Kind("rails-figaro", kinds_frameworks.write_rails_figaro, (*PAD, "quoted")),
    Kind("django-settings", kinds_frameworks.write_django_settings, (*PAD, "quoted")),
    Kind("netlify-toml", platforms.write_netlify, (*PAD, "quoted")),
    Kind("vercel-pull", platforms.write_vercel_pull, PAD),
    Kind(
        "heroku-app-json",
        platforms.write_heroku_app_json,
        platforms.heroku_faults((*PAD, "quoted")),
    ),
    Kind("procfile-inline", platforms.write_procfile, (*PAD, "quoted")),
    Kind("pm2-ecosystem", platforms.write_pm2, (*PAD, "quoted")),
    Kind("serverless-yml", platforms.write_serverless, (*PAD, "quoted")),
    Kind("sam-template", platforms.write_sam, (*PAD, "quoted")),
    Kind("fly-secrets-set", platform_cli.write_fly_secrets, (*PAD, "quoted")),
    Kind("heroku-config-set", platform_cli.write_heroku_config_set, (*PAD, "quoted")),
    Kind("laravel-services", kinds_frameworks.write_laravel, (*PAD, "quoted")),
    Kind("supabase-config", kinds_frameworks.write_supabase, kinds_frameworks.PAIR_FAULTS),
    Kind("twilio-functions", kinds_frameworks.write_twilio_functions, kinds_frameworks.PAIR_FAULTS),
    Kind(
        "twilio-run-script-env",
        serverless_rc.write_twilio_run_script_env,
        kinds_frameworks.PAIR_FAULTS,
    ),
    Kind(
        "twilio-run-script-flags",
        serverless_rc.write_twilio_run_script_flags,
        kinds_frameworks.PAIR_FAULTS,
    ),
    Kind(
        "supabase-env-override",
        serverless_rc.write_supabase_env_override,
        kinds_frameworks.PAIR_FAULTS,
    ),
    Kind("vercel-json", formats.write_vercel_json, (*PAD, "quoted")),
    Kind("pm2-yaml", formats.write_pm2_yaml, (*PAD, "quoted")),
    Kind("ansible-playbook", formats.write_ansible_playbook, (*PAD, "quoted")),
    Kind("kustomize-patch", formats.write_kustomize_patch, (*PAD, "quoted")),
    Kind("serverless-file", formats.write_serverless_file, (*PAD, "quoted")),
    Kind("spring-profile-layers", layers.write_spring_profile_layers, (*PAD, "quoted")),
    Kind("dotnet-layers", layers.write_dotnet_layers, kinds_frameworks.JSON_FAULTS),
    Kind("shell-profile", profiles.write_shell_profile, PAD),
    Kind("envrc", envrc.write_envrc, PAD),
    Kind("envrc-dotenv", envrc.write_envrc_dotenv, PAD),
    Kind("kustomize-base-split", split.write_kustomize_base_split, (*PAD, "quoted")),
    Kind("spring-compose-split", split.write_spring_compose_split, (*PAD, "quoted")),
    Kind("dotnet-compose-split", split.write_dotnet_compose_split, (*PAD, "quoted")),
    Kind("spring-deploy-compose-split", split.write_spring_deploy_compose_split, (*PAD, "quoted")),
    Kind("dotnet-skaffold-split", split.write_dotnet_skaffold_split, (*PAD, "quoted")),
    Kind("spring-jib-k8s-split", split.write_spring_jib_k8s_split, (*PAD, "quoted")),
    Kind("terraform-workspace", tf_workspace.write_terraform_workspace, (*PAD, "quoted")),
    Kind("ansible-role-params", ansible_roles.write_ansible_role_params, (*PAD, "quoted")),
    Kind(
        "ansible-role-env-vars",
        ansible_roles.write_ansible_role_env_vars,
        tuple(f for f in COMMON if f != "whitespace"),
    ),
    Kind("compose-passthrough", passthrough.write_compose_passthrough, PAD),
    Kind("node-config", node_config.write_node_config, node_config.NODE_CONFIG_FAULTS),
    Kind(
        "node-config-js-layers",
        node_config.write_node_config_js_layers,
        node_config.NODE_CONFIG_FAULTS,
    ),
    Kind("nextjs-env-local", framework_dotenv.write_nextjs_env_local, PAD),
    Kind("vite-env-mode", framework_dotenv.write_vite_env_mode, PAD),
    Kind("laravel-config-cache", laravel_cache.write_laravel_cache, (*PAD, "quoted")),
    Kind("ecs-task-definition", ecs.write_ecs_task_definition, (*PAD, "quoted")),
    Kind("app-engine", cloud_settings.write_app_engine, (*PAD, "quoted")),
    Kind("azure-local-settings", cloud_settings.write_azure_local_settings, (*PAD, "quoted")),
    Kind("render-blueprint", cloud_settings.write_render_blueprint, (*PAD, "quoted")),
    Kind("do-app-spec", cloud_settings.write_do_app_spec, (*PAD, "quoted")),
    Kind("docker-run-env", docker_run.write_docker_run, (*PAD, "quoted")),
    Kind(
        "decouple-settings-ini",
        py_settings.write_decouple_ini,
        (*COMMON, "quoted", "whitespace-in-sid"),
    ),
    Kind("dynaconf-secrets-toml", py_settings.write_dynaconf_secrets, (*PAD, "quoted")),
    Kind(
        "pydantic-defaults",
        py_settings.write_pydantic_defaults,
        tuple(f for f in (*PAD, "quoted") if f not in py_settings.NOT_DEFAULTS),
    ),
)
KIND_BY_ID = {k.id: k for k in KINDS}
