"""Which environment and which service a value belongs to, inferred from where it was found.

Grouping and every cross-environment check depend on these two labels, and projects rarely
state them: they are spelled into paths (``k8s/prod/``, ``.env.production``,
``deploy/staging/api.env``) and into variable names (``PROD_TWILIO_AUTH_TOKEN``). The rules
here are deliberately plain so a user can predict them:

* environment: the nearest path part (file name first, then its folders upwards) that
  contains an environment word; otherwise "default";
* service: the nearest folder that is not generic (environment words, ``config``,
  ``deploy``, ``k8s``, ``secrets``, hidden folders...); a ``<name>.env`` file names its
  own service; otherwise the root folder's name. An object's name (a Kubernetes Secret or
  workload) names the service once words that only say what it holds are dropped
  (``notifications-twilio`` → notifications); a name made only of such words says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Words that name an environment, mapped to the canonical environment.
ENVIRONMENT_WORDS: dict[str, str] = {
    "prod": "prod",
    "production": "prod",
    "live": "prod",
    "prd": "prod",
    "staging": "staging",
    "stage": "staging",
    "stg": "staging",
    "dev": "dev",
    "development": "dev",
    "local": "dev",
    "test": "test",
    "testing": "test",
    "ci": "test",
}

DEFAULT_ENVIRONMENT = "default"

#: Folder names that say how a project is laid out, not which service it is.
GENERIC_FOLDERS = frozenset(
    {
        "",
        ".",
        "config",
        "configs",
        "conf",
        "settings",
        "deploy",
        "deploys",
        "deployment",
        "deployments",
        "k8s",
        "kube",
        "kubernetes",
        "manifests",
        "helm",
        "charts",
        "templates",
        "overlays",
        "base",
        "secrets",
        "secret",
        "env",
        "envs",
        "environments",
        "docker",
        "compose",
        "infra",
        "ops",
        "scripts",
        "bin",
        "services",
        "apps",
        "src",
    }
)

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words of a path part or name (``.env.prod`` → env, prod)."""
    return [w for w in _WORD_SPLIT.split(text.lower()) if w]


def environment_from_words(parts: Iterable[str]) -> str | None:
    """The first environment a sequence of words names, if any."""
    for word in parts:
        if word in ENVIRONMENT_WORDS:
            return ENVIRONMENT_WORDS[word]
    return None


def environment_from_text(text: str) -> str | None:
    """The environment a single name (namespace, profile, path part) spells, if any."""
    return environment_from_words(words(text))


def environment_from_path(relpath: str) -> str | None:
    """The environment nearest to the file: its own name first, then folders upwards."""
    for part in reversed(relpath.split("/")):
        found = environment_from_text(part)
        if found:
            return found
    return None


#: Folders a tool creates inside a project for its own files: what they hold (``supabase
#: init``'s ``supabase/config.toml`` and the ``supabase/.env`` its ``env()`` references read)
#: belongs to the project above them. Only paths skip them; an object named so keeps its name.
TOOL_FOLDERS = frozenset({"supabase"})


def is_generic_folder(name: str) -> bool:
    """Whether a folder name describes layout or environment rather than a service."""
    low = name.lower()
    if low in GENERIC_FOLDERS or low in TOOL_FOLDERS or low.startswith("."):
        return True
    parts = words(low)
    return bool(parts) and all(p in ENVIRONMENT_WORDS for p in parts)


#: Words in an object's name that say what it holds (Twilio credentials), not who uses it.
#: Every Secret Sherlock reads holds Twilio credentials, so ``api-twilio-credentials`` and
#: ``api`` name the same service, and ``twilio-secret`` names none.
_NAME_NOISE = frozenset(
    {
        "env",
        "secret",
        "secrets",
        "credential",
        "credentials",
        "cred",
        "creds",
        "config",
        "yaml",
        "twilio",
    }
)


def service_from_name(name: str) -> str | None:
    """A service spelled by a name once environment, generic and content words are dropped.

    ``billing-staging`` → "billing"; ``notifications-twilio`` → "notifications";
    ``api-twilio-credentials`` → "api"; ``prod`` and ``twilio-credentials`` → None, so the
    caller falls back to the path.
    """
    kept = [
        w
        for w in words(name)
        if w not in ENVIRONMENT_WORDS and w not in GENERIC_FOLDERS and w not in _NAME_NOISE
    ]
    return "-".join(kept) or None


def service_from_path(relpath: str, root_name: str) -> str:
    """The folder that holds a file, skipping generic folders; the root's name at the top.

    A ``<service>.env`` file (``deploy/staging/api.env``) names its own service, because
    such files usually sit together in one generic folder.
    """
    parts = relpath.split("/")
    filename = parts[-1]
    if filename.endswith(".env") and not filename.startswith("."):
        from_stem = service_from_name(filename[: -len(".env")])
        if from_stem:
            return from_stem
    for folder in reversed(parts[:-1]):
        if not is_generic_folder(folder):
            return folder
    return root_name or "."


def pick_environment(*candidates: str | None) -> str:
    """The first candidate that is set, else the default environment."""
    for candidate in candidates:
        if candidate:
            return candidate
    return DEFAULT_ENVIRONMENT


_ENV_VARIABLE_TAILS = (("ENV",), ("ENVIRONMENT",), ("STAGE",))


def environment_from_variables(pairs: Iterable[tuple[str, str]]) -> str | None:
    """The environment an ``APP_ENV``/``NODE_ENV``/``ENVIRONMENT``-style variable declares.

    A compose service or env file often says ``APP_ENV: production`` when nothing in its path
    does; that is the project's own word for its environment, so it is worth reading.
    """
    for name, value in pairs:
        parts = words(name.replace("_", " "))
        if parts and (parts[-1].upper(),) in _ENV_VARIABLE_TAILS:
            found = environment_from_text(value)
            if found:
                return found
    return None
