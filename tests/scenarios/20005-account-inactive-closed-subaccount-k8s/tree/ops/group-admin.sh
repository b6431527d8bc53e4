#!/usr/bin/env bash
# Parent account helper (subaccount administration)
export TWILIO_ACCOUNT_SID={{sid:group}}
export TWILIO_AUTH_TOKEN={{token:group}}
