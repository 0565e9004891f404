#!/usr/bin/env bash
# Detail's hint bar names what its keys do ("↑↓ scroll", not "Up up  Down down"),
# and with --ascii the keys by name.
. "$(dirname "$0")/lib.bash"
start 120 34 --paused demos/default.yaml
keys 7
wait_for "↑↓ scroll"
last=$(screen | tail -1)
case $last in *"←→ sideways"*"w wrap"*"? help"*"q quit"*) ;; *) fail "Detail's hints: $last" ;; esac
case $last in *"Up up"* | *"Down down"* | *pods*) fail "Detail's hints: $last" ;; esac
keys q
finished 0
run --ascii --paused demos/default.yaml
wait_for "? help"
keys 7
wait_for "Up/Down scroll"
keys q
finished 0
