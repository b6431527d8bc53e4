#!/usr/bin/env bash
# parent account (billing, subaccounts)
export TWILIO_ACCOUNT_SID={{sid:parent}}
export TWILIO_AUTH_TOKEN={{token:parent}}
