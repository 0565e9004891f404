#!/usr/bin/env bash
# Ctrl-Z suspends the dashboard (the shell's prompt comes back, the terminal
# in its normal mode); fg restores the screen and the keys work again.
. "$(dirname "$0")/lib.bash"
shell 80 24
# one command, so that fg resumes it alone; the status is that of fg
keys "clear; stty -a >'$WORK/stty.before'; '$WORK/ksim'" Enter
wait_for "k8s-node1"
keys C-z
wait_for "Stopped"
keys "stty -a >'$WORK/stty.stopped'" Enter
wait_file "$WORK/stty.stopped"
diff "$WORK/stty.before" "$WORK/stty.stopped" >/dev/null || fail "terminal not restored while stopped"
keys fg Enter
wait_for "? help"
wait_for "k8s-node1"
keys Space
wait_for "paused"
keys q
wait_for "$ "
keys "echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
finished 0
