#!/bin/bash
docker run -d --name sms \
  -e TWILIO_ACCOUNT_SID={{sid:main}} \
  -e TWILIO_AUTH_TOKEN={{token:main}} \
  --restart unless-stopped acme/sms:latest
