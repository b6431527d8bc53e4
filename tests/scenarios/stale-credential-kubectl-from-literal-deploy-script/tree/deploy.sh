#!/bin/sh
kubectl create secret generic twilio \
  --from-literal=TWILIO_AUTH_TOKEN={{token:main}} \
  --from-literal=TWILIO_ACCOUNT_SID={{sid:main}} \
  --dry-run=client -o yaml | kubectl apply -f -
