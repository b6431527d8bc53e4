#!/bin/bash
set -e
export $(cat .env | xargs)
exec gunicorn api.wsgi
