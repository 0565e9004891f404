#!/usr/bin/env bash
# Nothing of an older screen stays. 80x24 with Detail focused (it takes the
# workload slot there), grown to 120x34 where Detail has a slot of its own:
# the left column shows DaemonSets and Events, not the old Detail box. And
# Ctrl-L repaints the whole terminal, whatever was written over it.
. "$(dirname "$0")/lib.bash"
start 80 24 --paused
keys Enter
wait_for "describe node/k8s-master"
keys 7
T resize-window -t t -x 120 -y 34
wait_for "2 DaemonSets"
left() { screen | cut -c1-66; }
for _ in $(seq 20); do left | grep -q "Labels:" || break; sleep 0.05; done
left | grep -q "Labels:" && fail "the left column keeps the old Detail box"
[ "$(screen | grep -c "6 Events")" = 1 ] || fail "two Events boxes on the screen"
printf '\033[15;3HGARBAGE-ON-SCREEN' >"$(T display -p -t t '#{pane_tty}')"
wait_for "GARBAGE-ON-SCREEN"
keys C-l
wait_gone "GARBAGE-ON-SCREEN"
keys q
finished 0
