#!/usr/bin/env bash
# z maximises the focused panel and Esc brings the layout back; Enter while
# zoomed shows Detail maximised; w wraps Detail's long lines, w again cuts them.
. "$(dirname "$0")/lib.bash"
start 80 24
wait_for "· 7 Detail"
wait_for "k8s-node3"
keys z
wait_gone "6 Events"
screen | grep -q "┌─ 1 Nodes" || fail "Nodes not maximised"
keys Escape
wait_for "6 Events"
keys z Enter
wait_for "describe node/k8s-master"
wait_gone "6 Events"
[ "$(screen | grep -c '^│')" -ge 18 ] || fail "Detail not maximised"
keys : "get pods -o wide" Enter
wait_for "IP      NODE" # gutters narrowed to two: NODE comes into view
keys w
wait_for "long lines wrap"
wait_for "NOMINATED"
screen | grep -q "^│  " || fail "get -o wide not wrapped at 80 columns after w"
keys w
wait_for "long lines cut"
wait_for "→ NOMINATED NODE, READINESS GATES" # cut again: the border names what is out of view
keys Escape
wait_for "6 Events"
keys q
finished 0
