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
for size in 80x24 120x34 200x60; do
	T kill-server 2>/dev/null
	shell "${size%x*}" "${size#*x}"
	for demo in demos/*.yaml; do
		run --paused "$demo"
		wait_for "1 Nodes"
		check "$size $demo at its start"
		for _ in $(seq 100); do
			screen | head -1 | grep -q "end of demo" && break
			keys '>'
			sleep 0.1
		done
		wait_for "end of demo"
		sleep 0.2
		check "$size $demo at its end"
		keys q
		finished 0
	done
done
