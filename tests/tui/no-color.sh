#!/usr/bin/env bash
# Colours by default; NO_COLOR=1 draws with attributes only (bold, reverse,
# underline, dim) and every state still has its glyph.
. "$(dirname "$0")/lib.bash"
colours='\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]'
start 80 24
wait_for "k8s-node1"
screen -e | grep -qE "$colours" || fail "no colours without NO_COLOR"
keys q
finished 0
run_env() { keys "clear; stty -a >'$WORK/stty.before'; NO_COLOR=1 '$WORK/ksim'; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter; }
rm -f "$WORK/rc"
run_env
wait_for "k8s-node1"
wait_for "●D"
screen -e | grep -qE "$colours" && fail "colours under NO_COLOR: $(screen -e | grep -oE "$colours" | sort -u | head -3)"
screen -e | grep -q $'\e\\[[0-9;]*7m' || fail "no reverse video under NO_COLOR"
keys T
wait_for "(no colours: attributes only)"
keys q
finished 0
