#!/usr/bin/env bash
# staging smoke test
export TWILIO_ACCOUNT_SID={{sid:staging}}
export TWILIO_AUTH_TOKEN={{token:staging}}
python -m smoke
