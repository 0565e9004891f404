#!/usr/bin/env bash
# The header keeps its key labels whole at 80 columns (the player's `< >`,
# `? help`) and where the demo is (`demo 0/8`, `interactive from here`): a
# long demo title gives way, cut with an ellipsis.
. "$(dirname "$0")/lib.bash"
header() { screen | head -1; }
shell 80 24
run --paused demos/deployment-scale-mid-rollout.yaml
wait_for "1 Nodes"
h=$(header)
case $h in *" ksim  deployment"*"… 2026-01-01 00:00:00 UTC"*) ;; *) fail "the title not cut first: $h" ;; esac
case $h in *"demo 0/8  < >  ? help") ;; *) fail "the player's keys or help cut: $h" ;; esac
keys Space
wait_for "▶ x2"
case $(header) in *"demo 0/8  < >  ? help") ;; *) fail "running: the player's keys or help cut: $(header)" ;; esac
keys . # a step takes over
wait_for "interactive from here"
case $(header) in *"paused x2"*"interactive from here  "*"? help") ;; *) fail "taken over: $(header)" ;; esac
keys q
finished 0
