#!/bin/bash
# Starts call-tracking on the prod box (systemd: calltrack.service)
set -euo pipefail

export LOG_LEVEL=info
export CALLTRACK_PORT=9400
export CALLTRACK_RECORDING_BUCKET=s3://acme-calltrack-prod
export TWILIO_ACCOUNT_SID={{sid:prod}}
export TWILIO_AUTH_TOKEN={{token:prod}} 

exec /opt/calltrack/bin/calltrack serve
