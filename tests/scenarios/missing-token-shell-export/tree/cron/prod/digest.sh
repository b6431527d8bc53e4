#!/bin/bash
# Nightly digest: 02:30 UTC on cron-01 (see crontab.prod)
set -eu

export LOG_LEVEL=info
export DIGEST_MAX_RECIPIENTS=5000
export DATABASE_URL="postgres://digest@pg-prod.internal/app"
export TWILIO_ACCOUNT_SID={{sid:prod}}
# export TWILIO_AUTH_TOKEN=...   # moved to vault (OPS-231), see vault kv get secret/twilio

exec /opt/digest/bin/digest --send
