#!/usr/bin/env bash
# More nodes than the Nodes panel has room for: a row of boxes is drawn whole
# or not at all (never a box whose text runs over its border), and the bottom
# border says how many nodes are out of view; j/k scroll to them.
. "$(dirname "$0")/lib.bash"
start 120 34 --paused tests/tui/files/eight-nodes.yaml
wait_for "k8s-node5"
screen | grep -q '└cpu\|─cpu\|┘└cpu' && fail "a node's cpu line is written over a border"
wait_for "+2 nodes"
T resize-window -t t -x 80 -y 24
wait_for "+4 nodes"
screen | grep -q '└cpu' && fail "a node's cpu line is written over a border at 80x24"
keys j j j j j
wait_for "k8s-node7"
T resize-window -t t -x 200 -y 60
wait_for "k8s-node7"
wait_gone " nodes ─"
keys q
finished 0
