#!/usr/bin/env bash
# DaemonSets: kubectl's fixed columns (AVAILABLE, AGE) stay at 120x34, where
# the panel is 72 wide, and so does a namespaced name (kube-system/calico-node);
# NODE SELECTOR, free text, is what gives way, and at 200x60 it shows whole.
. "$(dirname "$0")/lib.bash"
for size in 120x34 200x60; do
	T kill-server 2>/dev/null
	shell "${size%x*}" "${size#*x}"
	run --paused demos/daemonset-nodeselector.yaml
	wait_for "1 Nodes"
	keys 2
	wait_for "UP-TO-DATE"
	screen | grep -qE 'UP-TO-DATE AVAILABLE .*AGE' || fail "$size: AVAILABLE or AGE dropped"
	screen | grep -qE 'kube-system/calico-node +4 ' || fail "$size: a namespaced name cut"
	if [ "$size" = 200x60 ]; then
		screen | grep -qE 'AVAILABLE NODE SELECTOR +AGE' || fail "$size: NODE SELECTOR missing"
		screen | grep -qF 'kubernetes.io/os=linux 7d' || fail "$size: a selector cut"
	fi
	keys q
	finished 0
done
