# Shared by the dashboard tests (tests/tui/*.sh; this file is not one): each
# test drives the real binary in its own tmux server (socket ksim-$$) through
# an interactive bash, so job control, `stty -a` and exit statuses are the
# ones a user gets. Waits poll capture-pane a bounded number of times; no
# fixed long sleeps. On failure the screen is printed; everything is cleaned up.
set -u
KSIM=${KSIM:-build/ksim}
KSIM=$(cd "$(dirname "$KSIM")" && pwd)/$(basename "$KSIM")
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SOCK=ksim-$$
WORK=$(mktemp -d)
export KSIM_TEST_WORK=$WORK

T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
	local pid
	pid=$(cat "$WORK/pid" 2>/dev/null)
	T kill-server 2>/dev/null
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

screen() { T capture-pane -p -t t "$@"; }
fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen 2>/dev/null
	exit 1
}
keys() { T send-keys -t t "$@"; }

# wait_for TEXT: until the screen shows TEXT (at most ~10 s).
wait_for() {
	for _ in $(seq 200); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "the screen never showed: $1"
}
# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone() {
	for _ in $(seq 200); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
	done
	fail "the screen still shows: $1"
}
# wait_file FILE: until FILE exists and is not empty.
wait_file() {
	for _ in $(seq 200); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 never appeared"
}

# shell COLS LINES [VAR=VALUE...]: an interactive bash in a fresh tmux server, environment as given.
shell() {
	local cols=$1 lines=$2
	shift 2
	cat >"$WORK/ksim" <<EOS
#!/bin/sh
echo \$\$ >"$WORK/pid"
exec "$KSIM" "\$@"
EOS
	chmod +x "$WORK/ksim"
	mkdir -p "$WORK/home"
	T new-session -d -s t -x "$cols" -y "$lines" \
		env -i PATH="$PATH" HOME="$WORK/home" TERM=tmux-256color LANG=C.UTF-8 \
		${TSAN_OPTIONS:+TSAN_OPTIONS="$TSAN_OPTIONS"} ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} ${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"} "$@" \
		bash --norc --noprofile -i
	T set-option -g status off
	keys "PS1='$ '; cd '$TOP'" Enter
	wait_for "$ "
}

# run ARGS...: starts ksim from the shell, noting the terminal settings before and after and the exit status.
run() {
	rm -f "$WORK/rc" "$WORK/pid"
	keys "clear; stty -a >'$WORK/stty.before'; '$WORK/ksim' $*; echo \$? >'$WORK/rc'; stty -a >'$WORK/stty.after'" Enter
}

# start COLS LINES [ARGS...]: a shell, then the dashboard, waiting for its header.
start() {
	local cols=$1 lines=$2
	shift 2
	shell "$cols" "$lines"
	run "$@"
	wait_for "? help"
}

# finished [STATUS]: ksim exited with STATUS (default 0), left the terminal as it found it, and no process behind.
finished() {
	local want=${1:-0} pid
	wait_file "$WORK/rc"
	for _ in $(seq 50); do [ -s "$WORK/stty.after" ] && break; sleep 0.05; done
	[ "$(cat "$WORK/rc")" = "$want" ] || fail "exit status $(cat "$WORK/rc"), wanted $want"
	# The modes must be as before; the size is the window's, which a test may have resized.
	local size='s/rows [0-9]*; columns [0-9]*;//'
	diff <(sed "$size" "$WORK/stty.before") <(sed "$size" "$WORK/stty.after") >/dev/null ||
		fail "stty -a changed: $(diff "$WORK/stty.before" "$WORK/stty.after")"
	pid=$(cat "$WORK/pid" 2>/dev/null)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then fail "ksim (pid $pid) is still running"; fi
	return 0
}

# The dashboard's pid, once started.
ksim_pid() { wait_file "$WORK/pid"; cat "$WORK/pid"; }
