#!/usr/bin/env bash
set -euo pipefail

heroku config:set TWILIO_ACCOUNT_SID={{sid:main}} TWILIO_AUTH_TOKEN='{{token:main:v2}}' --app sms-api-prod
# before the March rotation this read:
# heroku config:set TWILIO_AUTH_TOKEN={{token:main}} --app sms-api-prod
git push heroku main
