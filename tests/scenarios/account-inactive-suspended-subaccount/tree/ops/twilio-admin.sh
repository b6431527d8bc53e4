#!/usr/bin/env bash
# Admin helper for the parent account (subaccount management, usage reports).
# Usage: source ops/twilio-admin.sh && twilio api:core:accounts:list
export TWILIO_ACCOUNT_SID={{sid:acme-parent}}
export TWILIO_AUTH_TOKEN={{token:acme-parent}}
export TWILIO_CLI_OUTPUT_FORMAT=json

list_subaccounts() {
  curl -s -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" \
    "https://api.twilio.com/2010-04-01/Accounts.json?PageSize=50"
}
