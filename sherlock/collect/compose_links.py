"""Compose services that are one deployment of a framework project, not a run of their own.

A compose service whose ``build:`` context is a Spring Boot or ASP.NET Core project folder,
in a compose file anywhere in the tree (the folder, a parent, a sibling ``deploy/``), starts
that project: its variables are the top
layer of the project's config (Spring Boot's relaxed binding puts ``TWILIO_AUTH_TOKEN`` over
``twilio.auth-token``; the .NET environment-variables provider puts ``Twilio__AuthToken`` over
``Twilio:AuthToken``), and :mod:`.project_env` links exactly these services to the project, whose
reader then emits the run they make together. So when such a service sets only the token and
the project's ``application.yml`` or ``appsettings.json`` holds the SID, the service's half is
part of a run that is judged elsewhere; judging it alone would report a missing credential
the process does not lack. Its lone half is held back with a note, as :mod:`.partial` does for
Dockerfiles, when the project's run really carries it: the framework readers put a
deployment's variable in the run when it fills a property the project's config uses (set,
emptied, a ``${NAME}`` placeholder, or the usual key of a credential role the config names
none for; :mod:`.framework_binding` decides for both), so a variable that fills no such
property stays the service's own (and a missing credential if it is one).
A service that builds nothing but runs the image the project's build names (Jib,
``build-image``, ``ContainerRepository``, a skaffold artifact) is held the same way
(:func:`held_for_image_service`); one that builds anything else, or runs another image, is
unchanged. A Kubernetes workload that runs the project's image, and a Secret or ConfigMap
it loads, are held the same way (:func:`hold_carried`, through
:mod:`sherlock.collect.project_links`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sherlock.collect.base import CollectResult, ScanContext
from sherlock.collect.config_layers import provider_texts, sibling_names
from sherlock.collect.framework_binding import dotnet_binding, spring_binding
from sherlock.collect.partial import hold_partial
from sherlock.collect.walk import resolve_reference
from sherlock.collect.yamlio import as_mapping
from sherlock.models import FoundValue, Note

#: where a project's framework config lives, below its folder (Spring: ``src/main/resources``
#: and ``config/`` as well as the folder itself; ASP.NET Core: the folder)
_CONFIG_FOLDERS = ("src/main/resources", "config", "")

#: per config file of one folder, the keys it names and their values as written
Keys = list[tuple[str, list[tuple[str, str]]]]


def built_folder(compose_folder: str, build: Any) -> str | None:
    """The folder a service's ``build:`` (a string or ``{context: …}``, default ``.``) names,
    root-relative, or None for a remote context or one outside the tree."""
    raw = build if isinstance(build, str) else (as_mapping(build) or {}).get("context", ".")
    if not isinstance(raw, str) or "://" in raw:
        return None
    resolved = resolve_reference(compose_folder, raw)
    return None if resolved is None else ("" if resolved == "." else resolved)


def config_files(ctx: ScanContext, project: str) -> list[tuple[str, str]]:
    """(relpath, text) of the project's Spring Boot and ASP.NET Core config files that name
    a provider (the only ones their readers read)."""
    # imported here: the framework readers import the compose reader through project_env
    from sherlock.collect.dotnet import DotnetSettingsCollector
    from sherlock.collect.spring import SpringConfigCollector

    readers = (SpringConfigCollector(), DotnetSettingsCollector())
    paths: list[str] = []
    for below in _CONFIG_FOLDERS:
        folder = posixpath.join(project, below) if below else project
        names = sibling_names(ctx, folder)
        paths += [posixpath.join(folder, n) for n in names if any(r.wants(n) for r in readers)]
    return list(provider_texts(ctx, paths))


def linked_configs(ctx: ScanContext, compose_relpath: str, build: Any) -> list[tuple[str, str]]:
    """The framework config files of the project a service builds, wherever the compose file
    sits (its folder, a parent, a sibling ``deploy/``: what :mod:`.project_env` links)."""
    folder = posixpath.dirname(compose_relpath)
    project = built_folder(folder, build) if build is not None else None
    return [] if project is None else config_files(ctx, project)


def _spring_keys(relpath: str, text: str, ctx: ScanContext) -> list[tuple[str, str]]:
    from sherlock.collect.spring import documents

    docs = documents(relpath, text, ctx.documents)
    return [(k, v) for doc in docs for k, v, _line in doc.leaves] if isinstance(docs, list) else []


def _dotnet_keys(relpath: str, text: str) -> list[tuple[str, str]]:
    from sherlock.collect.dotnet import parse

    leaves = parse(relpath, text)
    return [(p, v or "") for p, v, _line in leaves] if isinstance(leaves, list) else []


def _base_first(relpath: str) -> tuple[bool, str]:
    """Sorts ``application.yml``/``appsettings.json`` before their profile or environment files."""
    stem = posixpath.basename(relpath).rsplit(".", 1)[0]
    return ("-" in stem or "." in stem), relpath


def _projects(configs: list[tuple[str, str]], ctx: ScanContext) -> dict[tuple[bool, str], Keys]:
    """The keys each config folder names, per framework (files of one folder are one
    project's config to its reader), base files first (``application.yml`` before
    ``application-prod.yml``, ``appsettings.json`` before ``appsettings.Production.json``)."""
    found: dict[tuple[bool, str], Keys] = {}
    for relpath, text in sorted(configs, key=lambda config: _base_first(config[0])):
        dotnet = relpath.endswith(".json")
        keys = _dotnet_keys(relpath, text) if dotnet else _spring_keys(relpath, text, ctx)
        found.setdefault((dotnet, posixpath.dirname(relpath)), []).append((relpath, keys))
    return found


def carried_by(configs: list[tuple[str, str]], name: str, ctx: ScanContext) -> str | None:
    """The config file through which the variable ``name`` joins the project's run, or None.

    The framework readers put a deployment's variable in the run when it fills a property the
    project's config names (set, emptied or a ``${NAME}`` placeholder: Spring's relaxed
    binding, .NET's ``__`` for ``:``), or the usual key of a credential role the config of
    that folder names no key for (:mod:`.framework_binding`). The file given is the first
    that names the property, else the folder's base file (the run the variable completes)."""
    for (dotnet, _folder), files in _projects(configs, ctx).items():
        keys = [pair for _relpath, pairs in files for pair in pairs]
        if dotnet:
            binding = dotnet_binding(name, (path for path, _value in keys))
        else:
            binding = spring_binding(name, keys)
        if binding is not None:
            naming = [r for r, pairs in files if any(k == binding.key for k, _v in pairs)]
            return (naming or [files[0][0]])[0]
    return None


def held_for_project(
    result: CollectResult, service: str, compose_relpath: str, build: Any, ctx: ScanContext
) -> CollectResult:
    """``result`` with the lone half a linked project's run carries moved to notes; a half
    no run carries stays, for missing-credential to judge. The project's folder is looked
    at only when the service has a lone half."""
    return hold_carried(
        result,
        lambda: linked_configs(ctx, compose_relpath, build),
        f"compose service {service} builds",
        "the service",
        ctx,
    )


def held_for_image_service(
    result: CollectResult, service: str, image: Any, ctx: ScanContext
) -> CollectResult:
    """The same for a service that builds nothing: its lone half is judged in the run of the
    project whose build names the image it runs (:mod:`.project_links`), if any."""
    if not isinstance(image, str) or not result.values:
        return result
    from sherlock.collect.project_links import held_for_image  # it imports this module

    return held_for_image(result, image, f"compose service {service}", ctx)


def hold_carried(
    result: CollectResult,
    configs_of: Callable[[], list[tuple[str, str]]],
    how: str,
    holder: str,
    ctx: ScanContext,
    variable: Callable[[FoundValue], str | None] | None = None,
) -> CollectResult:
    """``result`` with each lone half that the run of the project (``configs_of()``, asked
    only when there is a lone half) carries moved to a note saying ``how`` it is linked.
    ``variable`` names the variable a value reaches the process as (a Secret's key is loaded
    under another name), by default its own name."""
    kept, held = hold_partial(result.values)
    configs = configs_of() if held else []
    if not configs:
        return result
    for value in held:
        name = variable(value) if variable is not None else value.name
        config = carried_by(configs, name, ctx) if name else None
        if config is None:
            kept.append(value)
            continue
        message = (
            f"{value.name} is judged in the run of the project {how} (over {config}), "
            f"not on its own: {holder} holds no complete set"
        )
        result.notes.append(Note(str(value.location), message))
    kept_ids = {id(v) for v in kept}
    result.values = [v for v in result.values if id(v) in kept_ids]
    return result
