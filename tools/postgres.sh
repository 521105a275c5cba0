#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 on this machine, makes sure the project's role and databases exist,
# and prints the admin URL the tests use (AGENTPLANNER_TEST_POSTGRES_URL).
#
#   tools/postgres.sh            start (installing Debian's postgresql and libpq-dev if missing), print the URL
#   PGROLE=x PGPASSWORD_APP=y tools/postgres.sh   choose another role or password
#
# Safe to run again: every step checks before it acts.
set -euo pipefail

role="${PGROLE:-agentplanner}"
password="${PGPASSWORD_APP:-agentplanner}"
databases=("agentplanner" "agentplanner_test")
port="${PGPORT:-5432}"
host=127.0.0.1

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "$*"
    else
        sudo -u postgres sh -c "$*"
    fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "PostgreSQL is not installed; installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

# The migration's bulk COPY paths link PostgreSQL's client library (the CLibPQ target): the build needs its headers.
if [ ! -e /usr/include/postgresql/libpq-fe.h ]; then
    log "libpq-dev is not installed; installing Debian's libpq-dev"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq libpq-dev >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >&2
fi

status=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')
if [ "$status" != "online" ]; then
    log "starting cluster $version/main"
    pg_ctlcluster "$version" main start >&2
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h "$host" -p "$port"; then break; fi
    sleep 0.5
done
pg_isready -q -h "$host" -p "$port" || { log "PostgreSQL did not accept connections on $host:$port"; exit 1; }

# Role with a password, allowed to create the per-test databases.
as_postgres "psql -q -v ON_ERROR_STOP=1 -p $port -d postgres" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE "$role" LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE "$role" LOGIN CREATEDB PASSWORD '$password';
  END IF;
END
\$\$;
SQL

# The test suite runs many servers at once, each with a connection pool (and one LISTEN connection):
# Debian's default of 100 connections is too few. Raising it needs a restart, done only when it differs.
wanted_connections="${PGMAXCONNECTIONS:-400}"
current_connections=$(as_postgres "psql -tA -p $port -d postgres -c 'SHOW max_connections'")
if [ "$current_connections" != "$wanted_connections" ]; then
    log "setting max_connections to $wanted_connections (was $current_connections); restarting"
    as_postgres "psql -q -p $port -d postgres -c 'ALTER SYSTEM SET max_connections = $wanted_connections'" >&2
    pg_ctlcluster "$version" main restart >&2
    for _ in $(seq 1 60); do
        if pg_isready -q -h "$host" -p "$port"; then break; fi
        sleep 0.5
    done
fi

for db in "${databases[@]}"; do
    exists=$(as_postgres "psql -tA -p $port -d postgres -c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"")
    if [ "$exists" != "1" ]; then
        as_postgres "createdb -p $port -O $role $db" >&2
        log "created database $db"
    fi
done

echo "postgres://$role:$password@$host:$port/agentplanner_test"
