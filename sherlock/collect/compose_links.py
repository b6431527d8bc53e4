"""Compose services that are one deployment of a framework project, not a run of their own.

A compose service whose ``build:`` context is a Spring Boot or ASP.NET Core project folder,
in a compose file in that folder or above it, starts that project: its variables are the top
layer of the project's config (Spring Boot's relaxed binding puts ``TWILIO_AUTH_TOKEN`` over
``twilio.auth-token``; the .NET environment-variables provider puts ``Twilio__AuthToken`` over
``Twilio:AuthToken``), and :mod:`.project_env` links exactly these services to the project, whose
reader then emits the run they make together. So when such a service sets only the token and
the project's ``application.yml`` or ``appsettings.json`` holds the SID, the service's half is
part of a run that is judged elsewhere; judging it alone would report a missing credential
the process does not lack. Its lone half is held back with a note, as :mod:`.partial` does for
Dockerfiles; a service that builds anything else (or names only an ``image:``) is unchanged.
"""

from __future__ import annotations

import posixpath
from typing import Any

from sherlock.collect.base import ScanContext
from sherlock.collect.config_layers import provider_texts, sibling_names
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import as_mapping

#: where a project's framework config lives, below its folder (Spring: ``src/main/resources``
#: and ``config/`` as well as the folder itself; ASP.NET Core: the folder)
_CONFIG_FOLDERS = ("src/main/resources", "config", "")


def built_folder(compose_folder: str, build: Any) -> str | None:
    """The folder a service's ``build:`` (a string or ``{context: …}``, default ``.``) names,
    root-relative, or None for a remote context or one outside the tree."""
    raw = build if isinstance(build, str) else (as_mapping(build) or {}).get("context", ".")
    if not isinstance(raw, str) or "://" in raw:
        return None
    resolved = resolve_reference(compose_folder, raw)
    return None if resolved is None else ("" if resolved == "." else resolved)


def _is_framework_config(name: str) -> bool:
    # imported here: the framework readers import the compose reader through project_env
    from sherlock.collect.dotnet import DotnetSettingsCollector
    from sherlock.collect.spring import SpringConfigCollector

    return SpringConfigCollector().wants(name) or DotnetSettingsCollector().wants(name)


def linked_project_config(ctx: ScanContext, compose_relpath: str, build: Any) -> str | None:
    """The first framework config file naming a provider in the project a service builds,
    when the compose file sits in that project's folder or above it; else None."""
    if build is None:
        return None
    folder = posixpath.dirname(compose_relpath)
    project = built_folder(folder, build)
    if project is None or not (not folder or project == folder or project.startswith(folder + "/")):
        return None
    for below in _CONFIG_FOLDERS:
        config = posixpath.join(project, below) if below else project
        names = [n for n in sibling_names(ctx, config) if _is_framework_config(n)]
        paths = [posixpath.join(config, n) for n in names]
        for relpath, _text in provider_texts(ctx, paths):
            return relpath
    return None
