#!/usr/bin/env bash
# StatefulSets & ReplicaSets: each StatefulSet pod by ordinal with its
# restarts and its claim, and after a scale-down the claims that stay
# (whenScaled: Retain), at 80x24 and 200x60.
. "$(dirname "$0")/lib.bash"
for size in "80 24" "200 60"; do
	shell $size
	run play demos/statefulset.yaml --paused
	wait_for "web"
	for _ in 1 2 3; do keys '>'; sleep 0.2; done
	keys 5
	wait_for "www-web-2 Bound"
	screen | grep -qE "●S web-0 +Running +restarts 0 +www-web-0 Bound" || fail "$size: web-0's line lacks restarts or claim"
	for _ in 1 2 3 4; do keys '>'; sleep 0.2; done
	keys Space 5
	wait_for "claims kept: www-web-1 Bound, www-web-2 Bound"
	keys q
	finished 0
	T kill-server
done
echo ok
