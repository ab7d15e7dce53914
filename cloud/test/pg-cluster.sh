#!/bin/bash
# A throwaway PostgreSQL cluster for the cloud's tests and bench: a temp directory, a free loopback
# port, trust auth, no Docker. Needs only Debian's `postgresql` package (no cluster of its own is
# used or needed). Debian's binaries refuse to run as root, so as root they run as the `postgres`
# user, in a directory that user owns.
#
#   eval "$(cloud/test/pg-cluster.sh start [OWNER_PID])"
#       exports ARRIVALS_TEST_PG_URL, ARRIVALS_TEST_PG_DIR and ARRIVALS_TEST_PG_SOCKET_URL (same
#       cluster over its Unix socket: cheaper than loopback TCP, used by the bench). With OWNER_PID,
#       a watcher stops and deletes the cluster once that process is gone, so a test run that is
#       killed or crashes before its cleanup still leaves nothing running.
#   cloud/test/pg-cluster.sh stop [DIR]        # stops it and deletes DIR (default $ARRIVALS_TEST_PG_DIR)
#
# `start` prints only the export lines on stdout (progress goes to stderr) and exits non-zero,
# leaving nothing behind, if the cluster does not come up. PG_BIN overrides the binaries' folder.
set -euo pipefail
self=$(readlink -f "$0")
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_cluster() {
  local dir=$1
  case "$dir" in /tmp/arrivals-pg.*) ;; *) echo "pg-cluster: refusing to delete $dir" >&2; return 1 ;; esac
  [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    owner=${2:-}
    [ -x "$bin/initdb" ] || { echo "pg-cluster: no PostgreSQL binaries (looked in ${bin:-/usr/lib/postgresql/*/bin})" >&2; exit 3; }
    [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1 || { echo "pg-cluster: running as root needs the 'postgres' user (apt-get install postgresql creates it)" >&2; exit 3; }
    dir=$(mktemp -d /tmp/arrivals-pg.XXXXXX)
    trap 'stop_cluster "$dir"' EXIT   # any failure below: nothing left running or on disk
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    # cd /: the postgres user may not be able to enter the caller's directory. --locale=C: the
    # machine's locale may not be generated (initdb would refuse it); tests need no collation.
    (cd / && as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync) >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A port the kernel just handed out and released: free unless someone grabs it in between,
    # so retry a few times.
    for attempt in 1 2 3 4 5; do
      port=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
      if (cd / && as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/log" \
          -o "-k $dir -p $port -h 127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" start) >/dev/null 2>&1; then
        if [ -n "$owner" ]; then
          # Detached (own session, no inherited pipes), so it outlives the caller's process group.
          setsid "$self" watch "$owner" "$dir" </dev/null >/dev/null 2>&1 &
        fi
        trap - EXIT
        echo "pg-cluster: PostgreSQL up on 127.0.0.1:$port ($dir)" >&2
        echo "export ARRIVALS_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
        echo "export ARRIVALS_TEST_PG_DIR=$dir"
        echo "export ARRIVALS_TEST_PG_SOCKET_URL='postgres://postgres@/postgres?host=$dir&port=$port'"
        exit 0
      fi
      echo "pg-cluster: start attempt $attempt on port $port failed" >&2
    done
    tail -20 "$dir/log" >&2 || true
    exit 1
    ;;
  watch)
    owner=$2 dir=$3
    while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
    if [ -d "$dir" ]; then stop_cluster "$dir"; fi
    ;;
  stop)
    dir=${2:-${ARRIVALS_TEST_PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || { echo "pg-cluster: nothing to stop" >&2; exit 0; }
    stop_cluster "$dir"
    ;;
  *)
    echo "usage: $0 start [OWNER_PID] | stop [DIR]" >&2
    exit 2
    ;;
esac
