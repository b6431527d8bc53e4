#!/usr/bin/env bash
# Starts the background worker on the prod host (called by the systemd unit).
set -euo pipefail

IMAGE="registry.acme.io/worker:${WORKER_VERSION:-latest}"

docker pull "$IMAGE"
docker rm -f worker 2>/dev/null || true
docker run -d --name worker --restart unless-stopped \
  --env-file deploy/worker.prod.env \
  --network acme \
  "$IMAGE"
