#!/usr/bin/env bash
# Nightly: send appointment reminders for tomorrow.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
. config/reminders.prod.env
set +a
exec python -m reminders.send --day tomorrow
