#!/usr/bin/env bash
# ksim's own verbs are not kubectl's (issue 11): a `fail node` typed on the
# : line shows as `$ ksim fail node ...` in the message line and in the
# Detail title, whether typed with "ksim", with "kubectl" or bare.
. "$(dirname "$0")/lib.bash"
start 120 34 --paused
keys : 'fail node k8s-node2' Enter
wait_for "node/k8s-node2 failed"
wait_for "$ ksim fail node k8s-node2"
screen | grep -qF '$ kubectl fail' && fail "a ksim verb shown as kubectl's"
keys Escape : C-u 'ksim recover node k8s-node2' Enter
wait_for "node/k8s-node2 recovered"
wait_for "$ ksim recover node k8s-node2"
keys Escape : C-u 'kubectl get nodes' Enter
wait_for "$ kubectl get nodes"
keys Escape q
finished 0
