"""`sherlock check`: the static checks (live ones with --verify) as a CI or pre-commit gate.

Exit codes: 0 nothing at or above ``--fail-on``, the ``--exit-code`` (default 1) when
something is, 2 usage or input error, 3 when nothing failed but nothing was checked either
(no credential found in the folder, or ``--verify`` could not reach Twilio), 4 a crash. Pre-commit passes the changed files as arguments: then the
whole tree is still read (a token's twin in another file is evidence), and only findings
in those files are reported.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sherlock.cli.diagnose_cmd import check_timeout
from sherlock.cli.format_option import CHECK_FORMATS, format_option
from sherlock.errors import UsageError
from sherlock.models import Diagnosis, Proof

if TYPE_CHECKING:
    from sherlock.check.gate import Suppressed
    from sherlock.config.load import LoadedConfig


def sherlock_version() -> str:
    from sherlock.render.options import installed_version

    return installed_version()


def _root_and_files(paths: list[Path]) -> tuple[Path, frozenset[str] | None]:
    """One folder → (it, None); files (pre-commit) → (the current folder, those files)."""
    if not paths:
        return Path("."), None
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0], None
    root = Path(".")
    files: set[str] = set()
    for path in paths:
        if path.is_dir():
            raise UsageError(f"give either one folder or files, not both: {path} is a folder")
        if not path.exists():
            raise UsageError(f"no such file: {path}")
        try:
            files.add(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"{path} is outside the current folder") from None
    return root, frozenset(files)


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[PATH]...", help="A folder (default .) or files (pre-commit)."),
    ] = None,
    output: Annotated[str, format_option(CHECK_FORMATS)] = "terminal",
    output_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="Also verify credentials live with Twilio.")
    ] = False,
    fail_on: Annotated[
        Proof, typer.Option("--fail-on", help="Fail on causes at least this well backed.")
    ] = Proof.LIKELY,
    exit_code: Annotated[
        int, typer.Option("--exit-code", min=1, max=125, help="Exit code when failing.")
    ] = 1,
    fail_on_advice: Annotated[
        bool, typer.Option("--fail-on-advice", help="Audit advice fails the check too.")
    ] = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Ignore findings recorded in FILE.")
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help="Record every current finding in --baseline."),
    ] = False,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Glob of paths to leave out.")
    ] = None,
    env: Annotated[str | None, typer.Option("--env", help="Only this environment.")] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="sherlock.toml to use (default: PATH/sherlock.toml)."),
    ] = None,
    twilio_base_url: Annotated[
        str | None, typer.Option("--twilio-base-url", help="Loopback URL of a Twilio emulator.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds each live request may take.")] = 5.0,
    proxy: Annotated[str | None, typer.Option("--proxy", help="HTTPS proxy for Twilio.")] = None,
) -> None:
    """Check a tree (or the files pre-commit gives) for what causes Twilio 20003."""
    root, only_files = _root_and_files(paths or [])
    check_timeout(timeout)
    if update_baseline and baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    loaded = _load_config(root, config)
    diagnosis = _diagnose(root, env, verify, loaded, twilio_base_url, timeout, proxy)
    globs = [*(loaded.config.exclude if loaded else ()), *(exclude or [])]
    result = _gate(diagnosis, root, only_files, baseline, update_baseline, globs)
    diagnosis, counts, audit_notes = result
    failures = _failures(diagnosis, fail_on, fail_on_advice)
    report = _render(output, diagnosis, root, counts, failures, fail_on, audit_notes)
    if output_file is not None:
        output_file.write_text(report + "\n", encoding="utf-8")
    else:
        typer.echo(report)
    if failures:
        raise typer.Exit(exit_code)
    raise typer.Exit(3 if _unchecked(diagnosis, verify, only_files) else 0)


def _unchecked(diagnosis: Diagnosis, verify: bool, only_files: frozenset[str] | None) -> bool:
    """Exit 3 rather than pass: with --verify when Twilio was not reached, or a folder in
    which no credential was found (nothing was checked: a wrong path, or a format Sherlock
    does not read). Files from pre-commit without credentials are simply clean."""
    if verify and not diagnosis.complete:
        return True
    return only_files is None and not diagnosis.credentials


def _load_config(root: Path, config: Path | None) -> LoadedConfig | None:
    """``--config FILE``, else ROOT/sherlock.toml when there is one, else None."""
    from sherlock.config import CONFIG_NAME

    if config is None and not (root / CONFIG_NAME).is_file():
        return None
    from sherlock.config.load import find_config

    return find_config(root, config)


def _diagnose(
    root: Path,
    env: str | None,
    verify: bool,
    loaded: LoadedConfig | None,
    twilio_base_url: str | None,
    timeout: float,
    proxy: str | None,
) -> Diagnosis:
    from sherlock.engine.diagnose import DiagnoseRequest, diagnose

    request = DiagnoseRequest(
        root=root,
        environment=env,
        offline=not verify,
        twilio_base_url=twilio_base_url,
        timeout=timeout,
        config=loaded,
        proxy=proxy,
    )
    return diagnose(request)


def _gate(
    diagnosis: Diagnosis,
    root: Path,
    only_files: frozenset[str] | None,
    baseline: Path | None,
    update_baseline: bool,
    excludes: list[str],
) -> tuple[Diagnosis, Suppressed, list[str]]:
    from sherlock.check.audit import audit
    from sherlock.check.baseline import load_baseline, write_baseline
    from sherlock.check.gate import Filters, apply_filters

    extra, notes = audit(diagnosis.credentials, root)
    advice = (*diagnosis.advice, *extra)
    if update_baseline and baseline is not None:
        write_baseline(baseline, (*diagnosis.causes, *advice))
    accepted = load_baseline(baseline) if baseline is not None and baseline.exists() else None
    filters = Filters(root, accepted or frozenset(), tuple(excludes), only_files)
    causes = apply_filters(diagnosis.causes, filters)
    kept_advice = apply_filters(advice, filters)
    return replace(diagnosis, causes=causes, advice=kept_advice), filters.counts, notes


def _failures(diagnosis: Diagnosis, fail_on: Proof, fail_on_advice: bool) -> list[str]:
    from sherlock.check.gate import failing

    failed = [cause.id for cause in failing(diagnosis.causes, fail_on)]
    if fail_on_advice:
        failed += [item.id for item in diagnosis.advice]
    return failed


def _summary(counts: Suppressed, failures: list[str], fail_on: Proof) -> dict[str, Any]:
    return {
        "failing": len(failures),
        "fail_on": fail_on.value,
        "suppressed": counts.to_dict(),
    }


def _render(
    output: str,
    diagnosis: Diagnosis,
    root: Path,
    counts: Suppressed,
    failures: list[str],
    fail_on: Proof,
    notes: list[str],
) -> str:
    """The report in the chosen format, with the gate's summary and the audit's rules."""
    from sherlock.check.audit import audit_rules
    from sherlock.render.options import RenderOptions
    from sherlock.render.registry import FORMATS

    options = RenderOptions(
        root=root,
        extra_rules=audit_rules(),
        check=_summary(counts, failures, fail_on),
        check_notes=tuple(notes),
    )
    return FORMATS[output].render(diagnosis, options)
