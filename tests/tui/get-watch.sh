#!/usr/bin/env bash
# A command's output in Detail says when it was taken (virtual time); `get
# -w` follows the cluster there instead, a line for each change as kubectl
# prints watch events: here a Job's pod going from Running to Completed.
# At 80x24 and 200x60.
. "$(dirname "$0")/lib.bash"
start 80 24 --paused --speed 10 tests/tui/files/job-short.yaml
keys : 'get nodes' Enter
wait_for "taken at 00:00:00"
keys Escape : 'get pods -w' Enter
wait_for "watching: each change a line"
wait_for "ContainerCreating"
screen | grep -q "Running" && fail "Running before the clock ran"
keys Space
wait_for "1/1   Running"
wait_for "0/1   Completed"
T resize-window -t t -x 200 -y 60
wait_for "0/1   Completed"
wait_for "watching: each change a line"
keys q
finished 0
