#!/bin/sh
set -eu
export TWILIO_ACCOUNT_SID='{{sid:prod}}'
export TWILIO_AUTH_TOKEN='{{token:prod}}'
exec /opt/app/bin/token-server
