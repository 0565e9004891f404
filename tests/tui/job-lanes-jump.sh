#!/usr/bin/env bash
# A Job's lanes are the same however the clock got there: jumped with n (a
# copy of the cluster that brings several pods at once), job-1 (parallelism
# 2, 6 completions) still has 2 lanes, each pod in the lane its predecessor freed.
. "$(dirname "$0")/lib.bash"
start 200 60 --paused
for _ in 1 2 3 4 5 6; do
	keys n
	sleep 0.3
done
wait_for "6/6"
jobs=$(screen | cut -c1-54 | sed -n '/3 Jobs/,/^└/p')
lanes=$(echo "$jobs" | sed -n '/job-1 /,/^│[a-z]/p' | grep -c '^│ [0-9] ')
[ "$lanes" = 2 ] || fail "job-1 (parallelism 2) shows $lanes lanes: $jobs"
keys q
finished 0
