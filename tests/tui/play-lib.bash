# Shared by the playback and recording tests (this file is not a test):
# a private tmux server per script, bounded polling of the screen, cleanup.
# The runner sets KSIM to the binary under test.
set -u
# The dashboard draws UTF-8 glyphs (✔) only in a UTF-8 locale, and a bare
# machine sets none; C.UTF-8 is in every glibc.
export LC_ALL=C.UTF-8
KSIM=${KSIM:-build/ksim}
KSIM=$(cd "$(dirname "$KSIM")" && pwd)/$(basename "$KSIM")
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
T=(tmux -L "ksim-$$" -f /dev/null)
servers=1
work=$(mktemp -d)
cleanup() {
	for n in $(seq 1 "$servers"); do tmux -L "ksim-$$-$n" kill-server 2>/dev/null; done
	"${T[@]}" kill-server 2>/dev/null
	rm -rf "$work"
}

# new_server: ends this tmux server and moves to a fresh one, so a start that
# follows never reaches a server still shutting down.
new_server() {
	"${T[@]}" kill-server 2>/dev/null
	servers=$((servers + 1))
	T=(tmux -L "ksim-$$-$servers" -f /dev/null)
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	screen
	exit 1
}

# start COMMAND...: runs it in a 120x36 pane (COLS/ROWS to change); its exit status lands in $work/exit.
start() {
	rm -f "$work/exit"
	"${T[@]}" new-session -d -x "${COLS:-120}" -y "${ROWS:-36}" \
		"$*; echo \$? >$work/exit; sleep 600"
}

screen() {
	"${T[@]}" capture-pane -p 2>/dev/null
}

keys() {
	"${T[@]}" send-keys "$@"
}

# wait_for REGEX [TRIES]: polls the screen every 0.1 s (default 100 tries).
wait_for() {
	for _ in $(seq 1 "${2:-100}"); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for: $1"
}

# wait_exit: waits for the command started by start to end; prints its status.
wait_exit() {
	for _ in $(seq 1 100); do
		[ -s "$work/exit" ] && { cat "$work/exit"; return 0; }
		sleep 0.1
	done
	fail "the dashboard did not exit"
}

# wait_bottom REGEX: polls the status line (the screen's last line).
wait_bottom() {
	for _ in $(seq 1 100); do
		screen | tail -1 | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	fail "timed out waiting for the status line to match: $1"
}

# type_command LINE: types a kubectl command on the : line and waits for its answer.
type_command() {
	keys ':'
	wait_bottom '^:'
	keys -l "$1"
	keys Enter
	wait_bottom '^ (ok|.*[Ee]rror.*)$'
}
