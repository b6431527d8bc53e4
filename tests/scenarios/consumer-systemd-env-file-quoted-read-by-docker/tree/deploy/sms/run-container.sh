#!/usr/bin/env bash
# Container rollout: replaces the systemd service host by host.
set -euo pipefail
docker run -d --name sms-gateway --restart unless-stopped \
  --env-file deploy/sms/prod.env \
  registry.acme.io/sms-gateway:2.4.1
