#!/bin/sh
# How to rotate: create a secondary token in the Console, then
# kubectl create secret generic twilio --from-literal=TWILIO_AUTH_TOKEN=<new token> --dry-run=client -o yaml | kubectl apply -f -
echo "see the comment above"
