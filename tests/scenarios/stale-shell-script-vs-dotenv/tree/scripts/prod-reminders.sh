#!/usr/bin/env bash
# nightly prod reminders
export TWILIO_ACCOUNT_SID={{sid:main}}
export TWILIO_AUTH_TOKEN={{token:main}}
python -m reminders --send
