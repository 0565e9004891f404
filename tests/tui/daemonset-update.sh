#!/usr/bin/env bash
# DaemonSets during a rolling update: each node's pod says old or new
# revision, and a line says how far the update is and how much of the
# maxUnavailable budget it uses; once done the marks go. 80x24 and 200x60.
. "$(dirname "$0")/lib.bash"
for size in "80 24" "200 60"; do
	shell $size
	run play demos/daemonset-rolling-update.yaml --paused
	wait_for "daemonset-3"
	for _ in 1 2 3; do keys '>'; sleep 0.2; done
	wait_for "00:00:30"
	keys 2 Space
	wait_for "update: 1/3 nodes new  unavailable 1/1 (maxUnavailable)"
	keys Space
	wait_for "paused"
	screen | grep -qE "node1 [^ ]+D new +(k8s-)?node2 [^ ]+D old +(k8s-)?node3 [^ ]+D old" || fail "$size: no old/new marks"
	keys Space
	wait_for "AVAILABLE"
	wait_gone "update:" # all new: the marks and the line go
	screen | grep -qE "node1 [^ ]+D +(k8s-)?node2 [^ ]+D +(k8s-)?node3 [^ ]+D" || fail "$size: the strip keeps marks after the update"
	keys q
	finished 0
	T kill-server
done
echo ok
