#!/usr/bin/env bash
# At 160x48 every panel is on screen at once, pods by name in the node
# boxes, and Enter describes the selection in the Detail panel.
. "$(dirname "$0")/lib.bash"
start 160 48
for title in "1 Nodes" "2 DaemonSets" "3 Jobs" "4 CronJobs" "5 StatefulSets" "6 Events" "7 Detail"; do
	wait_for "$title"
done
wait_for "daemonset-1-"
wait_for "kube-proxy-"
wait_for "job-1"
keys Enter
wait_for "describe node/k8s-master"
wait_for "Taints:"
keys 3 Enter
wait_for "Name:"
keys q
finished 0
