#!/usr/bin/env bash
# The : line runs `kubectl run -it --rm ... -- CMD` and `exec -it POD -- CMD`
# at once and shows what the command printed.
. "$(dirname "$0")/lib.bash"
start 80 24 --paused
keys : "run t --image=busybox --restart=Never --rm -it -- cat /etc/resolv.conf" Enter
wait_for "nameserver 10.96.0.10"
wait_for 'pod "t" deleted'
keys Escape : C-u "exec -it nothere -- hostname" Enter
wait_for 'pods "nothere" not found'
keys Escape q
finished 0
