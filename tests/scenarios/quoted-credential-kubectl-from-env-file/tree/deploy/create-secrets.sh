#!/usr/bin/env bash
set -euo pipefail
kubectl -n sms create secret generic twilio \
  --from-env-file=secrets/prod.env \
  --dry-run=client -o yaml | kubectl apply -f -
