#!/usr/bin/env bash
# A pod behind a node box's "+N more" cell, reached with Right, is shown
# selected in the last cell before it (the selected thing is always visible).
. "$(dirname "$0")/lib.bash"
start 80 24 --paused tests/tui/files/crowded-node.yaml
wait_for "+51"
for _ in $(seq 60); do keys Right; done
wait_for "pod/web-"
sleep 0.3
screen -e | grep -F -- '+51' | grep -qF $'\e[7m' || fail "the selected pod is hidden behind +51"
keys q
finished 0
