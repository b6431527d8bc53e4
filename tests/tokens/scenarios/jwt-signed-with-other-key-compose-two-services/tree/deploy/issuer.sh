#!/bin/sh
set -eu
export TWILIO_ACCOUNT_SID='{{sid:prod}}'
export TWILIO_API_KEY_SID='{{keysid:video-key}}'
exec /opt/app/bin/token-server
