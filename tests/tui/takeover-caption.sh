#!/usr/bin/env bash
# After taking over a playing demo the caption cannot pass for what the
# screen shows: it stays, marked as what the demo said before you took over.
# At 80x24 and 200x60.
. "$(dirname "$0")/lib.bash"
shell 80 24
run --paused demos/node-failure.yaml
wait_for "One worker only"
screen | grep -q "Before you took over" && fail "marked before any takeover"
keys : 'get nodes' Enter
wait_for "interactive"
wait_for "Before you took over, the demo said: One worker only"
T resize-window -t t -x 200 -y 60
wait_for "Before you took over, the demo said: One worker only, so the ReplicaSet"
keys Escape q
finished 0
