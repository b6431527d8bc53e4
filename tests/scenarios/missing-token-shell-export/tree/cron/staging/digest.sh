#!/bin/bash
set -eu
export LOG_LEVEL=debug
export DIGEST_MAX_RECIPIENTS=20
export TWILIO_ACCOUNT_SID={{sid:staging}}
export TWILIO_AUTH_TOKEN='{{token:staging}}'
exec /opt/digest/bin/digest --send --dry-run-after 20
