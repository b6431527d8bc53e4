#!/bin/sh
docker run --env-file services/worker/.env acme/worker
