#!/usr/bin/env bash
# --ascii, and a locale that is not UTF-8, draw every line, glyph and bar
# with ASCII characters only.
. "$(dirname "$0")/lib.bash"
start 80 24 --ascii
wait_for "k8s-node1"
wait_for "*D"
screen | LC_ALL=C grep -q '[^ -~]' && fail "non-ASCII bytes with --ascii"
keys q
finished 0
rm -f "$WORK/rc"
keys "clear; stty -a >'$WORK/stty.before'; LANG=C LC_ALL=C '$WORK/ksim'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
wait_for "k8s-node1"
wait_for "+- 1 Nodes"
screen | LC_ALL=C grep -q '[^ -~]' && fail "non-ASCII bytes in the C locale"
keys q
finished 0
