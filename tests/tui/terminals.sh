#!/usr/bin/env bash
# Terminals that cannot show the dashboard get one clear line and status 2,
# with the terminal untouched: TERM=dumb, TERM unset, an unknown TERM, and
# stdout or stdin not a terminal. TERM=tmux-256color and screen work.
. "$(dirname "$0")/lib.bash"
shell 80 24
check_refusal() { # check_refusal WANT_TEXT COMMAND...
	rm -f "$WORK/rc" "$WORK/err"
	keys "stty -a >'$WORK/stty.before'; $2 2>'$WORK/err'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
	finished 2
	grep -qF -- "$1" "$WORK/err" || fail "stderr lacks \"$1\": $(cat "$WORK/err")"
	[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "more than one line on stderr: $(cat "$WORK/err")"
}
check_refusal 'cannot move the cursor' "TERM=dumb '$WORK/ksim'"
check_refusal 'TERM is not set' "(unset TERM; '$WORK/ksim')"
check_refusal 'unknown terminal type "no-such-term"' "TERM=no-such-term '$WORK/ksim'"
check_refusal 'stdout is not a tty' "'$WORK/ksim' >'$WORK/out'"
check_refusal 'stdin is not a tty' "'$WORK/ksim' </dev/null"
[ -s "$WORK/out" ] && fail "something was written to a redirected stdout"
for term in tmux-256color screen; do
	rm -f "$WORK/rc"
	keys "clear; stty -a >'$WORK/stty.before'; TERM=$term '$WORK/ksim'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
	wait_for "k8s-node1"
	keys q
	finished 0
done
