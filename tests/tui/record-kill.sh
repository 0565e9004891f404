#!/usr/bin/env bash
# kill -9 in the middle of `ksim record`: OUT.yaml.part holds every step
# done before the kill, and `ksim check`, `ksim run` and `ksim play` take it.
. "$(dirname "$0")/play-lib.bash"

rec=$work/crash.yaml
start "$KSIM" record "$rec" tests/demos/manifests/rs-and-pod.yaml --speed 10
wait_for 'REC'
type_command 'scale rs replica1 --replicas=5'
type_command 'cordon k8s-node2'
keys 2
type_command 'label node k8s-node3 disk=ssd'
pane=$("${T[@]}" display -p '#{pane_pid}')
pid=$(ps -o pid= --ppid "$pane" | tr -d ' ')
[ -n "$pid" ] || fail "cannot find the ksim process"
kill -9 "$pid"
wait_exit >/dev/null
[ -e "$rec" ] && fail "$rec exists: only a clean exit may finish the recording"
[ -s "$rec.part" ] || fail "no $rec.part after the kill"
[ "$(grep -c '^  - at:' "$rec.part")" = 4 ] || {
	cat "$rec.part"
	fail "expected the 4 steps done before the kill in $rec.part"
}
"$KSIM" check "$rec.part" >/dev/null || fail "ksim check rejects $rec.part"
"$KSIM" run "$rec.part" --get nodes >"$work/out" 2>&1 || fail "ksim run rejects $rec.part"
grep -q 'k8s-node2 .*SchedulingDisabled' "$work/out" || fail "the replay lost the cordon: $(cat "$work/out")"

new_server
start "$KSIM" play "$rec.part" --speed 600
wait_for 'end of demo'
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0 on $rec.part"
echo ok
