#!/usr/bin/env bash
# Jobs: the lanes of every Job on screen on one time axis whose start and
# column length the border says; an OnFailure Job counts its container
# restarts against backoffLimit (a Never Job its failed pods). 80x24, 200x60.
. "$(dirname "$0")/lib.bash"
for size in "80 24" "200 60"; do
	shell $size
	run play demos/job-backoff.yaml --paused
	wait_for "fail-onfailure"
	keys '>'
	wait_for "00:00:20"
	keys 3
	wait_for "lanes from 00:00:00, 1 column = 1s"
	[ "$(screen | grep -c 'lanes from')" = 1 ] || fail "$size: more than one axis"
	screen | grep -qE "fail-onfailure .* restarts [1-3]/3 " || fail "$size: no restarts against backoffLimit"
	screen | grep -qE "fail-never .* fail [1-3]/3 " || fail "$size: no failures against backoffLimit"
	# one scale: fail-never's first pod failed after its first run, shorter than fail-onfailure's lane
	a=$(screen | grep -A1 "│fail-never " | sed -n 2p | LC_ALL=C.UTF-8 grep -o '[▚▓█░]' | wc -l)
	b=$(screen | grep -A1 "│fail-onfailure " | sed -n 2p | LC_ALL=C.UTF-8 grep -o '[▚▓█░]' | wc -l)
	[ "$a" -lt "$b" ] || fail "$size: lanes not on one scale ($a vs $b columns)"
	keys q
	finished 0
	T kill-server
done
echo ok
