#!/bin/sh
# Apply migrations/*.sql in lexical order with psql, recording each applied
# file in schema_migrations(version text primary key).
#
# The connection comes only from the libpq environment variables
# (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
set -eu

cd "$(dirname "$0")"
LC_ALL=C
export LC_ALL

PSQL="psql -X -q -v ON_ERROR_STOP=1"

$PSQL -c "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY);"

applied=$($PSQL -A -t -c "SELECT version FROM schema_migrations ORDER BY version;")

count=0
for file in migrations/*.sql; do
    [ -f "$file" ] || continue
    version=$(basename "$file" .sql)
    if printf '%s\n' "$applied" | grep -Fxq -- "$version"; then
        continue
    fi
    echo "Applying $version"
    quoted=$(printf '%s' "$version" | sed "s/'/''/g")
    # -1 runs the file and the bookkeeping INSERT in a single transaction.
    $PSQL -1 -f "$file" -c "INSERT INTO schema_migrations (version) VALUES ('$quoted');"
    count=$((count + 1))
done

if [ "$count" -eq 0 ]; then
    echo "No migrations to apply."
else
    echo "Applied $count migration(s)."
fi
