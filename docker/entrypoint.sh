#!/bin/sh
# Container entrypoint: with DJANGO_MIGRATE=1 (the web service) apply migrations first, then run the command.
set -eu
if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi
exec "$@"
