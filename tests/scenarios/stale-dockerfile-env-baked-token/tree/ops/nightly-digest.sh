#!/usr/bin/env bash
# Cron on ops-1 (02:15 UTC): sends the daily SMS digest with the notifier image.
set -euo pipefail
docker run --rm --name notifier-digest registry.acme.io/notifier:2026.05.1 python -m notifier.digest
