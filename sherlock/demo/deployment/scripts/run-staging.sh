#!/usr/bin/env bash
# Starts the API against staging with the staging env file.
set -euo pipefail
docker run --rm -p 8080:8080 --env-file deploy/staging/api.env acme/api:latest
