/*
 * `ls -l` in a container, as busybox 1.36 (coreutils/ls.c display_single:
 * "%-10s %4lu %-8.8s %-8.8s %9u ", then "Mon dd hh:mm" or "Mon dd  yyyy"
 * past six months) and GNU coreutils 9 (ls.c print_long_format: each column
 * as wide as its widest cell) print it: "total N" in 1K blocks for a
 * directory, then one line a name. Everything in a container is root's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "ksim/containerfs.h"

struct ls_row {
	char mode[11], date[16];
	unsigned long links;
	size_t size;
	const char *name;
};

static void mode_string(uint32_t mode, char *out)
{
	static const char rwx[] = "rwxrwxrwx";

	out[0] = S_ISDIR(mode) ? 'd' : '-';
	for (int i = 0; i < 9; i++)
		out[i + 1] = mode & (0400u >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

/* ls's date: the time of day within six months (half of 365 days for busybox, of 365.2425 for coreutils). */
static void date_string(int64_t mtime_ms, int64_t now_ms, bool busybox, char *out, size_t size)
{
	int64_t secs = mtime_ms / 1000, age = (now_ms - mtime_ms) / 1000, y;
	int64_t half_year = busybox ? 3600LL * 24 * 365 / 2 : 31556952 / 2;
	unsigned m, d;

	time_civil_from_days(secs / 86400, &y, &m, &d);
	if (age < half_year && age > -15 * 60)
		snprintf(out, size, "%s %2u %02d:%02d", time_month(m), d, (int)(secs / 3600 % 24),
			 (int)(secs / 60 % 60));
	else
		snprintf(out, size, "%s %2u  %lld", time_month(m), d, (long long)y);
}

static void child_path(const char *dir, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
}

/* A directory's links: its own name, its ".", and each subdirectory's "..". */
static unsigned long dir_links(const struct cluster *c, const struct pod *p, uint32_t ctr,
			       const char *dir)
{
	struct strbuf names;
	unsigned long n = 2;
	char child[CONTAINERFS_PATH_MAX];
	struct containerfs_stat st;

	sb_init(&names);
	containerfs_list(c, p, ctr, dir, &names);
	for (char *save = NULL, *l = strtok_r(names.data ? names.data : "", "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		child_path(dir, l, child, sizeof child);
		n += containerfs_stat(c, p, ctr, child, &st) == 0 && S_ISDIR(st.mode);
	}
	sb_free(&names);
	return n;
}

static void row_fill(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		     const struct containerfs_stat *st, bool busybox, struct ls_row *r)
{
	mode_string(st->mode, r->mode);
	date_string(st->mtime_ms, c->now_ms, busybox, r->date, sizeof r->date);
	r->links = S_ISDIR(st->mode) ? dir_links(c, p, ctr, path) : 1;
	r->size = st->size;
}

static int digits(unsigned long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void rows_print(const struct ls_row *rows, uint32_t n, bool busybox, struct strbuf *out)
{
	int wlinks = 1, wsize = 1;

	for (uint32_t i = 0; i < n; i++) {
		wlinks = digits(rows[i].links) > wlinks ? digits(rows[i].links) : wlinks;
		wsize = digits(rows[i].size) > wsize ? digits(rows[i].size) : wsize;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct ls_row *r = &rows[i];
		if (busybox)
			sb_printf(out, "%-10s %4lu %-8.8s %-8.8s %9zu %s %s\n", r->mode, r->links, "root",
				  "root", r->size, r->date, r->name);
		else
			sb_printf(out, "%s %*lu root root %*zu %s %s\n", r->mode, wlinks, r->links, wsize,
				  r->size, r->date, r->name);
	}
}

int engine_ls_long(const struct cluster *c, const struct pod *p, uint32_t ctr, const char *path,
		   bool busybox, struct strbuf *out)
{
	struct containerfs_stat st;
	struct ls_row one, *rows = NULL;
	struct strbuf names;
	unsigned long long blocks = 0;
	uint32_t n = 0, cap = 0;
	char child[CONTAINERFS_PATH_MAX];
	int r = containerfs_stat(c, p, ctr, path, &st);

	if (r)
		return r;
	if (!S_ISDIR(st.mode)) {
		one.name = path;
		row_fill(c, p, ctr, path, &st, busybox, &one);
		rows_print(&one, 1, busybox, out);
		return 0;
	}
	sb_init(&names);
	containerfs_list(c, p, ctr, path, &names);
	for (char *save = NULL, *l = strtok_r(names.data ? names.data : "", "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		child_path(path, l, child, sizeof child);
		if (containerfs_stat(c, p, ctr, child, &st))
			continue;
		xgrow(&rows, &cap, n + 1, sizeof *rows);
		rows[n].name = l;
		row_fill(c, p, ctr, child, &st, busybox, &rows[n++]);
		blocks += (st.size + 4095) / 4096 * 4; /* 4K blocks, counted in 1K */
	}
	sb_printf(out, "total %llu\n", blocks);
	rows_print(rows, n, busybox, out);
	free(rows);
	sb_free(&names);
	return 0;
}
