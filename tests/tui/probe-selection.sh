#!/usr/bin/env bash
# A selected pod's status line says what its probe last saw and when the next
# probe comes: web-1 fails readiness (404) until /ready.html exists, then
# passes; the count and the "next in" move with the clock.
. "$(dirname "$0")/lib.bash"
shell 120 34
run play demos/probes-readiness-service.yaml --paused
wait_for "k8s-node3"
keys 1 G Right Right Right
wait_for "pod/web-1"
for _ in $(seq 30); do
	screen | tail -1 | grep -qE "pod/web-1 readiness failed [0-9]+x \(threshold 3\), next in [0-9]+s" && break
	keys ">"
	sleep 0.2
done
screen | tail -1 | grep -qE "pod/web-1 readiness failed [0-9]+x \(threshold 3\), next in [0-9]+s" ||
	fail "no failing readiness on the status line: $(screen | tail -1)"
for _ in $(seq 30); do
	screen | tail -1 | grep -qE "pod/web-1 readiness ok [0-9]+s ago, next in [0-9]+s" && break
	keys ">"
	sleep 0.2
done
screen | tail -1 | grep -qE "pod/web-1 readiness ok [0-9]+s ago, next in [0-9]+s" ||
	fail "web-1's passing readiness is not on the status line: $(screen | tail -1)"
keys q
finished 0
echo ok
