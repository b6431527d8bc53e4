#!/bin/sh
cd "$(dirname "$0")"
exec env $(grep -v '^#' .env.prod) node worker.js
