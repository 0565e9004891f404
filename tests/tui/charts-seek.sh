#!/usr/bin/env bash
# Charts are facts of the simulation: the Jobs lane chart and the event list
# after seeking to the end and back (< re-simulates) are those of a straight
# play to the same step. job-2 (parallelism 2) has exactly 2 lanes holding all
# its pods, and Events lists every event with no blank rows (blank rows at the
# foot of the Jobs box are left out: the boxes may grow with the Nodes panel).
. "$(dirname "$0")/play-lib.bash"
export COLS=160 ROWS=48

# panels: the Jobs and Events boxes of the screen, and the step the header shows
panels() {
	screen | sed -n '1p;/3 Jobs/,/^└/p' | grep -o 'demo [0-9]*/[0-9]*\|^│[^│]*│' | grep -v '^│ *│$'
	screen | sed -n '/6 Events/,/──────────────┤\|^.*└/p' | grep -o '│[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [^│]*│'
}

# step: the step the header shows (13 at the end of the demo)
step() {
	screen | head -1 | grep -q 'end of demo' && { echo 13; return; }
	screen | head -1 | grep -o 'demo [0-9]*/' | tr -dc 0-9
}

# to STEP: seeks there one key at a time, each waited for
to() {
	for _ in $(seq 1 40); do
		local now
		now=$(step)
		[ "$now" = "$1" ] && { sleep 1; return; }
		if [ "${now:-0}" -lt "$1" ]; then keys '>'; else keys '<'; fi
		for _ in $(seq 1 30); do
			[ "$(step)" != "$now" ] && break
			sleep 0.1
		done
	done
	fail "could not seek to step $1"
}

start "$KSIM" play demos/job-parallel-deadline.yaml --paused
wait_for 'demo 1/12'
to 4
straight=$(panels)
to 13
to 4
seeked=$(panels)
[ "$seeked" = "$straight" ] || fail "after seeking to the end and back to step 4, Jobs and Events differ from a straight play:
$(diff <(echo "$straight") <(echo "$seeked"))"
lanes=$(echo "$seeked" | grep -c '^│ [0-9] ')
[ "$lanes" = 2 ] || fail "job-2 (parallelism 2) shows $lanes lanes"
events=$(echo "$seeked" | grep -c '^│[0-9][0-9]:')
[ "$events" -ge 8 ] || fail "Events lists $events events at 15 s"
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
echo ok
