#!/usr/bin/env bash
# A : command's output shows both streams in the order kubectl writes them
# (drain's warning before the evictions, logs job/'s "Found 2 pods" before
# the log), and an empty log says "(no output)".
. "$(dirname "$0")/lib.bash"
# in_order TEXT...: the screen shows each TEXT, each on a line below the one before.
in_order() {
	local last=0 at
	for text in "$@"; do
		at=$(screen | grep -nF -- "$text" | head -1 | cut -d: -f1)
		[ -n "$at" ] && [ "$at" -gt "$last" ] || fail "not in this order: $*"
		last=$at
	done
}
start 120 34 --speed 10 tests/demos/manifests/rs-and-pod.yaml tests/demos/manifests/job-deadline.yaml
# pod1 prints nothing: once it runs, its log is empty
for _ in $(seq 100); do
	keys Escape : C-u 'get pod pod1' Enter
	sleep 0.1
	screen | grep -q "pod1 .*Running" && break
done
keys Escape : C-u 'logs pod1' Enter
wait_for "$ kubectl logs pod1"
wait_for "(no output)"
keys Escape : C-u 'logs job/job-2' Enter
wait_for "job start"
in_order "Found 2 pods, using pod/job-2-" "job start"
keys Escape : C-u 'drain k8s-node1 --ignore-daemonsets' Enter
wait_for "node/k8s-node1 drained"
in_order "node/k8s-node1 cordoned" "Warning: ignoring DaemonSet-managed Pods" "evicting pod" "node/k8s-node1 drained"
keys Escape q
finished 0
