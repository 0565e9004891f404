#!/usr/bin/env bash
# Four nodes at 80 columns give 19-column boxes: a failed node's taints wider
# than that keep their effect whole (the NoExecute taint is node-failure's
# lesson, listed first: the box has one line for taints here) and cut only the
# key: "unreac…:NoExecute".
. "$(dirname "$0")/lib.bash"
start 80 24 --speed 20 tests/tui/files/four-nodes-fail.yaml
wait_for "The taints are on."
sleep 0.3
screen | grep -qE '│unrea[a-z]*…:NoExecute *│' || fail "the NoExecute taint cut"
keys q
finished 0
