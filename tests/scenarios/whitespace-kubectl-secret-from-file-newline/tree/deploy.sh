#!/bin/sh
kubectl create secret generic twilio \
  --from-file=TWILIO_ACCOUNT_SID=secrets/account_sid.txt \
  --from-file=TWILIO_AUTH_TOKEN=secrets/auth_token.txt
kubectl apply -f k8s/
