#!/bin/sh
set -eu
fly secrets set TWILIO_AUTH_TOKEN={{token:main}} --app sms-relay
