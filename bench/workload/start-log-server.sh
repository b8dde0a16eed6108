#!/usr/bin/env bash
# Starts a throwaway PostgreSQL whose stderr log holds only the workload's
# statements: log_min_duration_statement = 0 and auto_explain, with a common
# log_line_prefix. Usage: start-log-server.sh <dir> <port>; stop with
# pg_ctl -D <dir>/data stop (as postgres).
set -euo pipefail
dir=${1:?usage: start-log-server.sh <dir> <port>}
port=${2:-5439}
major=$(ls /etc/postgresql | sort -V | tail -n 1)
bin=/usr/lib/postgresql/$major/bin
mkdir -p "$dir"
chown postgres:postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  su postgres -s /bin/bash -c "$bin/initdb -D '$dir/data' -A trust -U postgres" >/dev/null
  cat >> "$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 0
log_lock_waits = on
log_temp_files = 0
shared_preload_libraries = 'auto_explain'
auto_explain.log_min_duration = '5ms'
auto_explain.log_analyze = on
auto_explain.log_buffers = on
auto_explain.log_timing = on
auto_explain.log_format = 'text'
work_mem = '1MB'
jit = off
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
su postgres -s /bin/bash -c "$bin/pg_ctl -D '$dir/data' -l '$dir/postgresql.log' -w start" >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
