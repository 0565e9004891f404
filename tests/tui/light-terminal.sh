#!/usr/bin/env bash
# The default theme follows the terminal's background: a terminal that
# answers OSC 11 with white (tmux answers with its window-style) gets the
# light theme, which paints its own white (231) background; without an
# answer COLORFGBG's background decides; a black answer wins over COLORFGBG.
. "$(dirname "$0")/lib.bash"
painted() { T capture-pane -e -p -t t | grep -q '48;5;231m'; }
shell 100 30 COLORFGBG='0;15'
run
wait_for "? help"
wait_for "k8s-node1"
painted || fail "COLORFGBG=0;15 did not choose the light theme"
keys q
finished 0
T set-option -g window-style bg=black
run
wait_for "? help"
wait_for "k8s-node1"
painted && fail "a black OSC 11 answer still chose the light theme"
keys q
finished 0
T set-option -g window-style bg=white
run --theme default
wait_for "k8s-node1"
painted && fail "--theme default was not kept on a white terminal"
keys q
finished 0
