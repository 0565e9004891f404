#!/usr/bin/env bash
# The README's logs and drain rows: ksim run writes what kubectl writes to
# stderr on stderr ("Found 2 pods, using pod/...", drain's warning), and with
# both streams on one file (2>&1, a terminal) in the order kubectl writes it.
set -u
KSIM=${KSIM:-build/ksim}
cd "$(dirname "$0")/../.." || exit 2
run() { "$KSIM" run tests/demos/manifests/job-deadline.yaml --until 15s --exec '@10s:logs job/job-2' "$@"; }
found='Found 2 pods, using pod/job-2-46gd2'
[ "$(run 2>&1)" = "$found"$'\n''job start' ] || { echo "2>&1: got"; run 2>&1; exit 1; }
[ "$(run 2>/dev/null)" = 'job start' ] || { echo "stdout: got"; run 2>/dev/null; exit 1; }
[ "$(run 2>&1 >/dev/null)" = "$found" ] || { echo "stderr: got"; run 2>&1 >/dev/null; exit 1; }
drain=$("$KSIM" run tests/demos/manifests/job-deadline.yaml --until 15s \
	--exec '@10s:drain k8s-node1 --ignore-daemonsets' 2>&1 | cut -c1-24)
want='node/k8s-node1 cordoned
Warning: ignoring Daemon
node/k8s-node1 drained'
[ "$drain" = "$want" ] || { echo "drain 2>&1: got"; echo "$drain"; exit 1; }
exit 0
