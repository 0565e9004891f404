#!/usr/bin/env bash
# ksim play: captions in the caption bar, > and PgDn to the next step, < and
# PgUp back (re-simulated), and any action on the cluster takes over.
. "$(dirname "$0")/play-lib.bash"

caption() { screen | tail -3 | head -2 | tr "\n" " "; }
wait_caption() {
	for _ in $(seq 1 100); do
		caption | grep -q -- "$1" && return 0
		sleep 0.1
	done
	fail "caption is not \"$1\": $(caption)"
}

start "$KSIM" play demos/default.yaml --paused
wait_for 'demo [0-9]+/[0-9]+'
wait_caption 'Welcome to ksim'
screen | head -1 | grep -q '00:00:00' || fail "a paused demo should stay at its start"
keys '>'
wait_caption 'job-1 wants 6 completions'
screen | head -1 | grep -q '00:00:10' || fail "> should land on the next step's time (00:00:10)"
keys '<'
wait_caption 'Welcome to ksim'
wait_for '00:00:00'
keys NPage
wait_caption 'job-1 wants 6 completions'
keys NPage
wait_caption 'The first two pods of job-1 completed'
wait_for '00:00:30'
keys PPage
wait_caption 'job-1 wants 6 completions'
wait_for '00:00:10'
screen | grep -q 'interactive from here' && fail "looking around must not take over"
# cordon the selected node: an action on the cluster
keys c
wait_for 'interactive from here'
keys '>'
sleep 0.3
screen | head -1 | grep -q '00:00:10' || fail "> must not play on after a take-over"
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
echo ok
