#!/usr/bin/env bash
# Exact replay: a session recorded in the dashboard (commands, a view key, a
# speed change, a jump to the next CronJob run, a pause with a command
# while paused, a step) replays to the same objects and event log, byte for
# byte, both headless (ksim run) and in the dashboard (ksim play).
. "$(dirname "$0")/play-lib.bash"

rec=$work/lesson.yaml
start "$KSIM" record "$rec" tests/demos/manifests/rs-and-pod.yaml \
	tests/demos/manifests/cronjob-every-minute.yaml --speed 30 --dump "$work/session.dump"
wait_for 'REC'
type_command 'scale rs replica1 --replicas=4'
keys Tab
keys +
keys n
wait_bottom 'cronjob/testcron ran at'
type_command 'fail node k8s-node1'
keys Space
wait_for ' paused '
type_command 'delete pod pod1'
keys Space
keys .
wait_bottom 'stepped to'
keys Space
sleep 0.5
keys q
wait_bottom 'stop recording and quit'
keys y
[ "$(wait_exit)" = 0 ] || fail "ksim record did not exit 0"
[ -e "$rec" ] || fail "no recording at $rec"
[ -e "$rec.part" ] && fail "$rec.part left behind after a clean exit"
for want in 'run: "scale rs replica1 --replicas=4"' 'key: "Tab"' 'key: "+"' 'key: "n"' \
	'run: "fail node k8s-node1"' 'pause: true' 'run: "delete pod pod1"' 'key: "."'; do
	grep -qF -- "$want" "$rec" || fail "the recording lacks: $want"
done
"$KSIM" check "$rec" >/dev/null || fail "ksim check rejects the recording"

# headless
"$KSIM" run "$rec" --dump "$work/run.dump" >/dev/null 2>&1 || fail "ksim run failed on the recording"
cmp -s "$work/session.dump" "$work/run.dump" || {
	diff "$work/session.dump" "$work/run.dump" | head -20
	fail "ksim run does not reproduce the session"
}

# in the dashboard: the recording pauses where the session paused; Space goes on
new_server
start "$KSIM" play "$rec" --speed 600 --dump "$work/play.dump"
for _ in $(seq 1 200); do
	top=$(screen | head -1)
	case $top in
	*"end of demo"*) break ;;
	*" paused "*) keys Space ;;
	esac
	sleep 0.1
done
screen | head -1 | grep -q 'end of demo' || fail "the playback did not reach the end"
keys q
[ "$(wait_exit)" = 0 ] || fail "ksim play did not exit 0"
cmp -s "$work/session.dump" "$work/play.dump" || {
	diff "$work/session.dump" "$work/play.dump" | head -20
	fail "ksim play does not reproduce the session"
}
echo "ok: $(grep -c '^  - at:' "$rec") steps replayed exactly"
