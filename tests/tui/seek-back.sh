#!/usr/bin/env bash
# Seeking back (<) re-simulates into a new view: a key step played again must
# act on that view (it crashed on rows kept from the old one), and the
# selection must come out as a straight play left it. Then < and > from every
# step of every shipped demo and of a recording: the dashboard stays up.
. "$(dirname "$0")/play-lib.bash"

sel() { screen | tail -1 | grep -o '[a-z]*/[^ ]* *$' | tr -d ' '; }

start "$KSIM" play tests/tui/files/key-down.yaml --speed 10
wait_for 'end of demo'
straight=$(sel)
[ "$straight" = node/k8s-node1 ] || fail "one Down from the first node selects k8s-node1, not $straight"
keys '<'
wait_for 'demo 1/2'
wait_for 'end of demo'
[ "$(sel)" = "$straight" ] || fail "after < the Down step played again gave $(sel), a straight play $straight"
keys '<' '<' '>' '<'
sleep 0.3
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0 after seeking back"

# Every step of every demo: forward one step, back, forward, to the end.
for demo in demos/*.yaml "$work/rec.yaml"; do
	if [ "$demo" = "$work/rec.yaml" ]; then
		new_server
		start "$KSIM" record "$work/rec.yaml" demos/job-parallel-deadline.yaml
		wait_for 'REC'
		keys j j Tab j Down 3 j
		sleep 0.5
		keys q y
		wait_exit >/dev/null
	fi
	new_server
	start "$KSIM" play "$demo" --paused
	wait_for 'demo [0-9]+/[0-9]+|end of demo'
	steps=$(grep -c '^ *- *\(at:\|{at:\|say:\|run:\|key:\|expect:\|pause:\|{say\|{run\|{key\)' "$demo")
	for _ in $(seq 1 "$steps"); do
		keys '>' '<' '>' '>'
	done
	sleep 0.3
	keys '<' '<'
	sleep 0.3
	keys q
	[ "$(wait_exit)" = 0 ] || fail "$demo: ksim play did not exit 0 after seeking back and forth"
done
echo ok
