#!/usr/bin/env sh
# Start-up for a deployment: wait for the database, migrate, load the seed corpus, then run
# the given command (gunicorn in the container). CI runs this same script outside Docker
# against its PostgreSQL, so the path that deploys is the path that is tested.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
WAIT_SECONDS="${PROVISO_DB_WAIT_SECONDS:-60}"

waited=0
until "$PYTHON" manage.py shell -c "from django.db import connection; connection.ensure_connection()" >/dev/null 2>&1; do
  if [ "$waited" -ge "$WAIT_SECONDS" ]; then
    echo "entrypoint: the database did not answer within ${WAIT_SECONDS}s" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done

# A migration or the seeding may run statements longer than the site's statement timeout.
DATABASE_STATEMENT_TIMEOUT=0 "$PYTHON" manage.py migrate --no-input
if [ "${PROVISO_LOAD_SEEDS:-1}" = "1" ]; then
  DATABASE_STATEMENT_TIMEOUT=0 "$PYTHON" manage.py load_seeds
fi

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
