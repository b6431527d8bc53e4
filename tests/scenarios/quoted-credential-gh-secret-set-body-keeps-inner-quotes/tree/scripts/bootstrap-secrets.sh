#!/usr/bin/env bash
set -euo pipefail
gh secret set TWILIO_ACCOUNT_SID --env production --body "{{sid:main}}"
gh secret set TWILIO_AUTH_TOKEN --env production --body '"{{token:main}}"'
gh secret set SENTRY_DSN --env production < .secrets/sentry_dsn
