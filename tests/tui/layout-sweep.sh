#!/usr/bin/env bash
# Every shipped demo at 80x24, 120x34 and 200x60, at its start and stepped
# to its end: no text over a box border (from each top corner down to its
# bottom corner the column holds only the vertical line), and no name cut
# with an ellipsis while its row has room (three blank columns or more
# right after the ellipsis, or at the end of its box line).
# The screen is first made ASCII with a byte-wise sed (a fresh machine's C
# locale counts a glyph's three bytes as three characters).
. "$(dirname "$0")/lib.bash"
canon() {
	LC_ALL=C sed -e 's/│/\x05/g; s/─/-/g; s/┌/\x01/g; s/┐/\x02/g; s/└/\x03/g; s/┘/\x04/g; s/…/\x06/g' \
		-e 's/[\xc0-\xff][\x80-\xbf]*/?/g'
}
check() { # WHAT
	local out
	out=$(screen | canon | LC_ALL=C awk '
	{ line[NR] = $0 }
	END {
		n = NR
		for (y = 2; y <= n; y++) if (substr(line[y], 1, 1) == " ") { n = y - 1; break }
		for (y = 2; y <= n; y++) {
			L = line[y]
			for (x = 1; x <= length(L); x++) {
				c = substr(L, x, 1)
				if (c != "\001" && c != "\002") continue
				want = c == "\001" ? "\003" : "\004"
				for (yy = y + 1; yy <= n; yy++) {
					d = substr(line[yy], x, 1)
					if (d == "\005") continue
					if (d != want) printf "line %d column %d: text over the border of the box from line %d\n", yy, x, y
					break
				}
			}
			nseg = split(L, seg, "\005")
			for (s = 1; s < nseg; s++)
				if ((i = index(seg[s], "\006")) && substr(seg[s], i + 1) ~ /^   |   $/)
					printf "line %d column %d: a cut while its row has room\n", y, length(L) - length(seg[s])
		}
	}')
	[ -z "$out" ] || fail "$1: $out"
}
# settled: a screen captured twice alike (a layout that moves mid-capture is not one)
settled() {
	local a b
	b=$(screen)
	for _ in $(seq 50); do
		sleep 0.05
		a=$b b=$(screen)
		[ "$a" = "$b" ] && return 0
	done
}
# The dashboard runs as the pane's own program (sh only notes its exit status), respawned per demo.
for size in 80x24 120x34 200x60; do
	T kill-server 2>/dev/null
	T new-session -d -s t -x "${size%x*}" -y "${size#*x}" "sleep 100"
	T set-option -g status off
	T set-option -g remain-on-exit on
	for demo in demos/*.yaml; do
		rm -f "$WORK/rc"
		T respawn-pane -k -t t env -i PATH="$PATH" HOME="$WORK" TERM=tmux-256color LANG=C.UTF-8 \
			sh -c '"$0" --paused "$1"; echo $? >"$2"' "$KSIM" "$demo" "$WORK/rc"
		wait_for "1 Nodes"
		settled
		check "$size $demo at its start"
		# step by step: a '>' sent before the last one is applied would be lost
		for _ in $(seq 100); do
			step=$(screen | head -1 | grep -o 'demo [0-9]*/\|end of demo')
			[ "$step" = "end of demo" ] && break
			keys '>'
			for _ in $(seq 100); do
				[ "$(screen | head -1 | grep -o 'demo [0-9]*/\|end of demo')" != "$step" ] && break
				sleep 0.02
			done
		done
		wait_for "end of demo"
		settled
		check "$size $demo at its end"
		keys q
		wait_file "$WORK/rc"
		[ "$(cat "$WORK/rc")" = 0 ] || fail "$size $demo: exit status $(cat "$WORK/rc")"
	done
done
