#!/bin/sh
echo "To move the worker to Fly, run:"
echo "  fly secrets set TWILIO_AUTH_TOKEN={{token:main}} TWILIO_ACCOUNT_SID={{sid:main}} -a sms-worker"
