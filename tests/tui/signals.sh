#!/usr/bin/env bash
# Ctrl-C, SIGINT, SIGTERM and SIGHUP end the dashboard cleanly: status 0,
# the terminal's settings as before, no process left. Closing the terminal
# (the pane) ends it too.
. "$(dirname "$0")/lib.bash"
shell 80 24
for how in C-c INT TERM HUP; do
	run
	wait_for "? help"
	if [ "$how" = C-c ]; then keys C-c; else kill -s "$how" "$(ksim_pid)"; fi
	wait_gone "? help"
	finished 0
done
run
wait_for "? help"
pid=$(ksim_pid)
T kill-pane -t t
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
kill -0 "$pid" 2>/dev/null && fail "ksim (pid $pid) outlived its terminal"
exit 0
