#!/usr/bin/env bash
# ksim play --cast: an asciicast v2 file that Debian's asciinema reads
# (asciinema cat wants a terminal, so it runs in tmux), with the size asked
# for, the theme's colours, a marker at every caption, and times on the
# virtual clock divided by the speed.
. "$(dirname "$0")/play-lib.bash"

command -v asciinema >/dev/null || fail "asciinema is missing: apt-get install -y asciinema"
cast=$work/default.cast
"$KSIM" play demos/default.yaml --cast "$cast" --size 100x30 || fail "ksim play --cast failed"
python3 - "$cast" <<'PY' || fail "the cast is not what it should be"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = json.loads(lines[0])
assert head["version"] == 2 and head["width"] == 100 and head["height"] == 30, head
assert head["timestamp"] == 1767225600, head  # the demo's start, not the wall clock
assert len(head["theme"]["palette"].split(":")) == 16 and head["theme"]["bg"].startswith("#"), head
events = [json.loads(l) for l in lines[1:]]
marks = [e[2] for e in events if e[1] == "m"]
assert len(marks) == 7 and marks[0].startswith("Welcome to ksim"), marks
times = [e[0] for e in events]
assert times == sorted(times), "times go backwards"
# the caption at 1m30s of virtual time, at speed 5: 18 s into the cast
assert [e[0] for e in events if e[1] == "m" and e[2].startswith("job-1 has all 6")] == [18.0]
assert any("cron-job-29453761" in e[2] for e in events if e[1] == "o")
PY
start asciinema cat "$cast" 2>"$work/cat.err"
[ "$(wait_exit)" = 0 ] || fail "asciinema cat rejects the cast"
wait_for 'Try it yourself'
echo ok
