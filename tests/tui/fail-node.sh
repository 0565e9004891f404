#!/usr/bin/env bash
# f fails the selected node: after the grace period it reads NotReady and
# its DaemonSet pods stay; r recovers it. c/u cordon and uncordon. A plain
# manifest, not the built-in demo, so no demo step talks over the status line.
. "$(dirname "$0")/lib.bash"
start 80 24 --speed 60 tests/demos/manifests/rs-and-pod.yaml
wait_for "k8s-node1"
keys Down
wait_for "node/k8s-node1"
keys f
wait_for "node/k8s-node1 failed"
wait_for "NotReady"
keys r
wait_for "node/k8s-node1 recovered"
wait_for "NodeReady"
keys c
wait_for "Ready,Cordoned"
keys u
wait_gone "Cordoned"
keys q
finished 0
