#!/usr/bin/env bash
# At 80x24 the built-in demo shows its header, the node map, one workload
# panel and the events; Tab and the digits bring the other panels into the
# work slot; q quits with the terminal as it was.
. "$(dirname "$0")/lib.bash"
start 80 24
wait_for "ksim  default"
wait_for "1 Nodes"
wait_for "k8s-master"
wait_for "k8s-node3"
wait_for "2 DaemonSets"
wait_for "6 Events"
wait_for "daemonset-1"
screen | grep -qE "x5" || fail "no speed in the header"
keys 3
wait_for "3 Jobs"
wait_for "job-1"
wait_for "/6"
keys 4
wait_for "4 CronJobs"
wait_for "*/1 * * * *"
keys Tab
wait_for "5 Sets"
keys q
finished 0
