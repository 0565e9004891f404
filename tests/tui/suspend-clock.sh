#!/usr/bin/env bash
# The virtual clock does not run while Ctrl-Z has the dashboard stopped:
# stopped for 8 s at x1, it shows well under 8 s more after fg.
. "$(dirname "$0")/lib.bash"
shell 80 24
keys "clear; '$WORK/ksim' --speed 1" Enter
wait_for "k8s-node1"
# seconds of the virtual day shown in the header
clock() { screen | head -1 | grep -o '[0-9][0-9]:[0-9][0-9]:[0-9][0-9]' | head -1 |
	awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'; }
before=$(clock)
keys C-z
wait_for "Stopped"
sleep 8
keys fg Enter
wait_for "k8s-node1"
after=$(clock)
[ -n "$before" ] && [ -n "$after" ] || fail "no clock in the header"
[ $((after - before)) -lt 5 ] || fail "the clock ran while stopped: $before s then $after s"
keys q
wait_for "$ "
