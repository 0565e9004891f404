#!/usr/bin/env bash
# The : line runs kubectl commands and ksim verbs, shows their output in a
# pane, completes kinds (by plural, as kubectl does) and names with Tab,
# and recalls lines with Up.
. "$(dirname "$0")/lib.bash"
start 80 24 --paused
keys :
keys 'get daem' Tab
wait_for ":get daemonsets"
keys Enter
wait_for "$ kubectl get daemonsets"
wait_for "NODE SELEC"
keys 7 Right Right Right Right Right Right Right Right
wait_for "SELECTOR  AGE" # gutters narrowed to two in a table wider than Detail
keys Escape
wait_gone "$ kubectl get daemonsets"
keys : 'scale --replicas=3 rs/nothing' Enter
wait_for 'replicasets.apps "nothing" not found'
keys Escape : Up
wait_for ":scale --replicas=3 rs/nothing"
keys Up
wait_for ":get daemonsets"
keys C-u 'describe job job' Tab
wait_for ":describe job job-1"
keys Enter
wait_for "Name:             job-1"
keys Escape : C-u 'fail node k8s-node2' Enter
wait_for "node/k8s-node2 failed"
keys Escape q
finished 0
