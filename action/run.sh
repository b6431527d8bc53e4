#!/usr/bin/env bash
# The script part of the GitHub Action (action.yml): install Sherlock from the action's own
# checkout, write SARIF, annotate the pull request, and hand the exit code back to the
# workflow, which fails the job only after the SARIF upload step has run.
#
# Environment: SHERLOCK_PATH (folder), SHERLOCK_ARGS (extra options, word-split), SHERLOCK_SARIF
# (report path), GITHUB_OUTPUT (set by the runner). SHERLOCK_BIN, when set, is used as the
# `sherlock` command instead of installing one (the tests use it).
set -uo pipefail

path="${SHERLOCK_PATH:-.}"
sarif="${SHERLOCK_SARIF:-sherlock.sarif}"
read -r -a extra <<< "${SHERLOCK_ARGS:-}"

if [[ -n "${SHERLOCK_BIN:-}" ]]; then
  sherlock=("$SHERLOCK_BIN")
else
  action_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  venv="${RUNNER_TEMP:-/tmp}/sherlock-venv"
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "$action_dir" || exit 2
  sherlock=("$venv/bin/sherlock")
fi

"${sherlock[@]}" check "$path" --format sarif --output "$sarif" "${extra[@]}"
code=$?
# Annotations on the pull request's diff; their exit code repeats the one above.
"${sherlock[@]}" check "$path" --format github "${extra[@]}" || true

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  if [[ -s "$sarif" ]]; then
    echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
  fi
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
fi
echo "sherlock check exited with $code"
exit 0
