#!/usr/bin/env bash
# While a demo plays, PgDn/PgUp page a Detail longer than its box instead of
# moving between steps (a clicker's keys must not steal paging); with nothing
# to page they step the demo, and > < always do.
. "$(dirname "$0")/play-lib.bash"

more() { screen | grep -o '[0-9]* more' | head -1; }
COLS=80 ROWS=24 start "$KSIM" play demos/default.yaml --paused
wait_for 'demo 1/12'
keys Enter
wait_for 'describe node/k8s-master'
keys 7
wait_for 'Name: +k8s-master'
before=$(more)
[ -n "$before" ] || fail "the describe should be longer than the box at 80x24"
keys NPage
for _ in $(seq 1 50); do [ "$(more)" != "$before" ] && break; sleep 0.1; done
[ "$(more)" != "$before" ] || fail "PgDn did not page the describe ($before)"
screen | grep -q 'Name: +k8s-master' && fail "PgDn left the first line in view"
screen | head -1 | grep -q 'demo 1/12' || fail "PgDn in a long Detail moved the demo: $(screen | head -1)"
keys PPage
wait_for 'Name: +k8s-master'
screen | head -1 | grep -q 'demo 1/12' || fail "PgUp in a long Detail moved the demo"
keys '>'
wait_for '00:00:10'
keys 1 NPage
wait_for '00:00:30'
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
echo ok
