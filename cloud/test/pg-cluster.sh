#!/bin/bash
# A throwaway PostgreSQL cluster for the cloud's tests and bench: a temp directory, a free loopback
# port, trust auth, no Docker. Debian's binaries refuse to run as root, so as root they run as the
# `postgres` user.
#
#   eval "$(cloud/test/pg-cluster.sh start)"   # exports ARRIVALS_TEST_PG_URL, ARRIVALS_TEST_PG_DIR
#                                              # and ARRIVALS_TEST_PG_SOCKET_URL (same cluster over its
#                                              # Unix socket: cheaper than loopback TCP, used by the bench)
#   cloud/test/pg-cluster.sh stop [DIR]        # stops it and deletes DIR (default $ARRIVALS_TEST_PG_DIR)
#
# `start` prints only the export lines on stdout (progress goes to stderr) and exits non-zero
# if the cluster does not come up. PG_BIN overrides the binaries' folder.
set -euo pipefail
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    [ -x "$bin/initdb" ] || { echo "pg-cluster: no PostgreSQL binaries (looked in ${bin:-/usr/lib/postgresql/*/bin})" >&2; exit 3; }
    dir=$(mktemp -d /tmp/arrivals-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A port the kernel just handed out and released: free unless someone grabs it in between,
    # so retry a few times.
    for attempt in 1 2 3 4 5; do
      port=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
      if as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/log" \
          -o "-k $dir -p $port -h 127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" start >/dev/null 2>&1; then
        echo "pg-cluster: PostgreSQL up on 127.0.0.1:$port ($dir)" >&2
        echo "export ARRIVALS_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
        echo "export ARRIVALS_TEST_PG_DIR=$dir"
        echo "export ARRIVALS_TEST_PG_SOCKET_URL='postgres://postgres@/postgres?host=$dir&port=$port'"
        exit 0
      fi
    done
    tail -20 "$dir/log" >&2 || true
    exit 1
    ;;
  stop)
    dir=${2:-${ARRIVALS_TEST_PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || { echo "pg-cluster: nothing to stop" >&2; exit 0; }
    case "$dir" in /tmp/arrivals-pg.*) ;; *) echo "pg-cluster: refusing to delete $dir" >&2; exit 1 ;; esac
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
