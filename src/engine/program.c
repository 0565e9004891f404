/*
 * Container programs. A container's command and args (or its image, when it
 * has no command) compile to a short list of steps the kubelet plays on the
 * virtual clock: `sleep 20`, `echo 'job start'`, `exit 3`, `date`, `tail -f
 * /dev/null`, `nslookup NAME` (the cluster DNS answer), joined by `;`,
 * `&&`, `||` and pipes through cat/rev under `sh -c`, plus `while true; do
 * ...; done`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "ksim/containerfs.h"

/* Images that run until stopped when they have no command of their own. */
static const char *const server_images[] = {
	"nginx",
	"httpd",
	"redis",
	"pause",
	"fluentd",
	"memcached",
	"mysql",
	"postgres",
	"mongo",
	"rabbitmq",
	"elasticsearch",
	"prometheus",
	"grafana",
	"traefik",
	"haproxy",
	"tomcat",
	"node-exporter",
	"kube-proxy",
	"calico",
	"coredns",
	"etcd",
	"kubetm/app",
	"k8s.gcr.io/pause",
	"registry.k8s.io/pause",
	"fluent-bit",
	"caddy",
	"consul",
	"goproxy",
};

/* Images whose default command is a shell that exits at once without a terminal. */
static const char *const shell_images[] = { "busybox", "alpine", "ubuntu", "debian",
					    "centos",  "fedora", "bash" };

struct words {
	uint32_t n;
	char *w[64];
};

struct compiler {
	struct program *prog;
	size_t used;
	bool in_job;
	uint32_t seed;
	int64_t loop_start; /* step index of `while true; do`, -1 outside */
	const char *image;  /* as written, tag included: which nslookup it ships */
	bool shell;         /* compiling a `sh -c` script: the shell expands $VAR */
};

static char *keep(struct compiler *cc, const char *s, size_t n)
{
	char *dst;

	if (cc->used + n + 1 > sizeof cc->prog->buf)
		n = sizeof cc->prog->buf - cc->used - 1;
	dst = cc->prog->buf + cc->used;
	memcpy(dst, s, n);
	dst[n] = '\0';
	cc->used += n + 1;
	return dst;
}

/* The image's repository without registry host, tag or digest: "docker.io/library/nginx:1.25" -> "nginx". */
static void image_base(const char *image, char *out, size_t size)
{
	const char *start = image;
	size_t n;

	if (strncmp(start, "docker.io/", 10) == 0)
		start += 10;
	if (strncmp(start, "library/", 8) == 0)
		start += 8;
	n = strcspn(start, ":@");
	snprintf(out, size, "%.*s", (int)n, start);
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i]);
		const char *tail = strrchr(name, '/');
		if (strcmp(name, list[i]) == 0 || (tail && strcmp(tail + 1, list[i]) == 0) ||
		    (strncmp(name, list[i], len) == 0 && name[len] == '-'))
			return true;
	}
	return false;
}

static struct prog_step *add_step(struct compiler *cc, enum prog_op op, enum prog_join join)
{
	struct program *p = cc->prog;
	struct prog_step *st;

	if (p->nsteps == PROG_MAX_STEPS)
		return &p->steps[PROG_MAX_STEPS - 1];
	st = &p->steps[p->nsteps++];
	memset(st, 0, sizeof *st);
	st->op = (uint8_t)op;
	st->join = (uint8_t)join;
	st->text = "";
	return st;
}

/* "20" -> 20 s, "0.5" -> 500 ms, "1m", "2h", "infinity" -> -1. */
static int64_t sleep_ms(const char *arg)
{
	char *end;
	double v;

	if (strcmp(arg, "infinity") == 0)
		return -1;
	v = strtod(arg, &end);
	if (end == arg || v < 0)
		return 0;
	switch (*end) {
	case 'm':
		v *= 60;
		break;
	case 'h':
		v *= 3600;
		break;
	case 'd':
		v *= 86400;
		break;
	default:
		break;
	}
	return (int64_t)(v * 1000);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool is_shell(const char *w)
{
	const char *b = base_name(w);
	return strcmp(b, "sh") == 0 || strcmp(b, "bash") == 0 || strcmp(b, "ash") == 0;
}

/* `perl -Mbignum=bpi -wle 'print bpi(N)'`: the docs' pi Job. */
static int pi_digits(const struct words *w)
{
	for (uint32_t i = 1; i < w->n; i++) {
		const char *p = strstr(w->w[i], "bpi(");
		if (p)
			return atoi(p + 4);
	}
	return 0;
}

static void join_words(struct compiler *cc, const struct words *w, uint32_t from, struct prog_step *st)
{
	char buf[1024];
	size_t n = 0;

	if (from < w->n && strcmp(w->w[from], "-n") == 0)
		from++;
	for (uint32_t i = from; i < w->n && n < sizeof buf - 2; i++) {
		if (i > from)
			buf[n++] = ' ';
		size_t len = strlen(w->w[i]);
		if (len > sizeof buf - 2 - n)
			len = sizeof buf - 2 - n;
		memcpy(buf + n, w->w[i], len);
		n += len;
	}
	st->text = keep(cc, buf, n);
}

/* One simple command (already split into words) becomes one step. */
/* stress's sizes: "150M", "1G", "512K", "100" (bytes), powers of 1024. */
static int64_t stress_bytes(const char *s)
{
	char *end;
	int64_t n = strtoll(s, &end, 10);

	switch (*end) {
	case 'G': case 'g':
		return n << 30;
	case 'M': case 'm':
		return n << 20;
	case 'K': case 'k':
		return n << 10;
	default:
		return n;
	}
}

/* touch, rm [-f] [-r], mkdir [-p], test/[ -e|-f|-d, ls [-l]: one step on the last word. */
static bool compile_fs(struct compiler *cc, const struct words *w, enum prog_join join,
		       struct prog_step **out)
{
	const char *cmd = base_name(w->w[0]), *path = w->n > 1 ? w->w[w->n - 1] : "";
	bool rflag = false, fflag = false, pflag = false, lflag = false;
	int code;

	if (strcmp(cmd, "[") == 0 && w->n > 2)
		path = w->w[w->n - 2];
	for (uint32_t i = 1; i + 1 < w->n; i++) {
		rflag |= w->w[i][0] == '-' && strpbrk(w->w[i], "rR") != NULL;
		fflag |= w->w[i][0] == '-' && strchr(w->w[i], 'f') != NULL;
		pflag |= strcmp(w->w[i], "-p") == 0;
	}
	for (uint32_t i = 1; i < w->n; i++)
		lflag |= w->w[i][0] == '-' && strchr(w->w[i], 'l') != NULL;
	if (strcmp(cmd, "touch") == 0 && w->n > 1)
		code = FS_TOUCH;
	else if (strcmp(cmd, "rm") == 0 && w->n > 1)
		code = rflag ? FS_RM_R : fflag ? FS_RM_F : FS_RM;
	else if (strcmp(cmd, "mkdir") == 0 && w->n > 1)
		code = pflag ? FS_MKDIR_P : FS_MKDIR;
	else if ((strcmp(cmd, "test") == 0 || strcmp(cmd, "[") == 0) && w->n > 2)
		code = strcmp(w->w[1], "-d") == 0   ? FS_TEST_D
		       : strcmp(w->w[1], "-f") == 0 ? FS_TEST_F
						    : FS_TEST_E;
	else if (strcmp(cmd, "ls") == 0)
		code = lflag ? FS_LS_L : FS_LS;
	else
		return false;
	if ((code == FS_LS || code == FS_LS_L) && (w->n == 1 || path[0] == '-'))
		path = "/";
	*out = add_step(cc, OP_FS, join);
	(*out)->code = code;
	(*out)->text = keep(cc, path, strlen(path));
	return true;
}

static void compile_simple(struct compiler *cc, struct words *w, enum prog_join join, bool rev)
{
	const char *cmd;
	struct prog_step *st;

	const char *redirect = NULL;
	bool append = false;
	uint32_t kept = 0;

	/* `> FILE`, `>FILE`, `>> FILE`, `>>FILE` */
	for (uint32_t i = 0; i < w->n; i++) {
		const char *x = w->w[i];
		if (x[0] != '>') {
			w->w[kept++] = w->w[i];
			continue;
		}
		append = x[1] == '>';
		x += append ? 2 : 1;
		if (!*x && i + 1 < w->n)
			x = w->w[++i];
		redirect = keep(cc, x, strlen(x));
	}
	w->n = kept;
	if (!w->n)
		return;
	cmd = base_name(w->w[0]);
	if (compile_fs(cc, w, join, &st)) {
	} else if (strcmp(cmd, "sleep") == 0) {
		int64_t ms = w->n > 1 ? sleep_ms(w->w[1]) : 0;
		st = add_step(cc, ms < 0 ? OP_FOREVER : OP_SLEEP, join);
		st->ms = ms;
	} else if (strcmp(cmd, "echo") == 0) {
		st = add_step(cc, OP_ECHO, join);
		st->code = cc->shell;
		join_words(cc, w, 1, st);
	} else if (strcmp(cmd, "exit") == 0) {
		st = add_step(cc, OP_EXIT, join);
		st->code = w->n > 1 ? atoi(w->w[1]) : 0;
	} else if (strcmp(cmd, "cat") == 0 && w->n > 1) {
		/* one step a file; the last file's status is the command's */
		for (uint32_t i = 1; i < w->n; i++) {
			st = add_step(cc, OP_CAT, i == 1 ? join : JOIN_SEQ);
			st->text = keep(cc, w->w[i], strlen(w->w[i]));
		}
	} else if (strcmp(cmd, "hostname") == 0) {
		st = add_step(cc, OP_HOSTNAME, join);
	} else if ((strcmp(cmd, "wget") == 0 || strcmp(cmd, "curl") == 0) && w->n > 1) {
		/* The URL is the last word: `wget -qO- URL`, `curl -s URL`, `curl -fsSL URL`. */
		st = add_step(cc, OP_FETCH, join);
		st->text = keep(cc, w->w[w->n - 1], strlen(w->w[w->n - 1]));
		st->code = cmd[0] == 'w' ? FETCH_WGET : FETCH_CURL;
		for (uint32_t i = 1; cmd[0] == 'c' && i + 1 < w->n; i++)
			if (strcmp(w->w[i], "--fail") == 0 ||
			    (w->w[i][0] == '-' && w->w[i][1] != '-' && strchr(w->w[i], 'f')))
				st->code = FETCH_CURL_FAIL;
	} else if (strcmp(cmd, "true") == 0 || strcmp(cmd, ":") == 0 || strcmp(cmd, "cat") == 0 ||
		   strcmp(cmd, "rev") == 0) {
		st = add_step(cc, OP_STATUS, join);
	} else if (strcmp(cmd, "false") == 0) {
		st = add_step(cc, OP_STATUS, join);
		st->code = 1;
	} else if (strcmp(cmd, "date") == 0) {
		st = add_step(cc, OP_DATE, join);
	} else if (strcmp(cmd, "printenv") == 0 || strcmp(cmd, "env") == 0) {
		const char *var = w->n > 1 && cmd[0] == 'p' ? w->w[1] : "";
		st = add_step(cc, OP_PRINTENV, join);
		st->text = keep(cc, var, strlen(var));
	} else if (strcmp(cmd, "nslookup") == 0) {
		/* `nslookup [-option]... NAME [SERVER]`: the name is the first operand. */
		uint32_t i = 1;
		while (i + 1 < w->n && w->w[i][0] == '-')
			i++;
		st = add_step(cc, OP_NSLOOKUP, join);
		st->text = i < w->n ? keep(cc, w->w[i], strlen(w->w[i])) : "";
		st->code = (int)engine_nslookup_flavor(cc->image);
	} else if (strcmp(cmd, "stress") == 0) {
		/* polinux/stress: --vm-bytes N (as `150M`) is held until stopped */
		st = add_step(cc, OP_ALLOC, join);
		for (uint32_t i = 1; i + 1 < w->n; i++)
			if (strcmp(w->w[i], "--vm-bytes") == 0)
				st->ms = stress_bytes(w->w[i + 1]);
		st = add_step(cc, OP_FOREVER, JOIN_SEQ);
	} else if (strcmp(cmd, "tail") == 0) {
		st = add_step(cc, OP_FOREVER, join);
	} else if (strcmp(cmd, "perl") == 0 && pi_digits(w) > 0) {
		st = add_step(cc, OP_PI, join);
		st->code = pi_digits(w);
		st->ms = 2000 +
			 (int64_t)st->code * 4; /* about 10 s for 2000 digits, as the docs' Job */
	} else {
		st = add_step(cc, cc->in_job ? OP_WORK : OP_FOREVER, join);
		st->ms = 2000 + (int64_t)(cc->seed % 3000);
	}
	st->reverse = rev;
	st->redirect = redirect;
	st->append = append;
}

/* Splits a shell script into words in out (room for twice the script); operators become words. */
static void shell_words(const char *s, char *out, struct words *w)
{
	w->n = 0;
	while (*s && w->n < ARRAY_LEN(w->w)) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (*s == ';' || *s == '\n' || *s == '|' || *s == '&') {
			char *op = out;
			*out++ = *s;
			if ((s[0] == '&' || s[0] == '|') && s[1] == s[0])
				*out++ = *++s;
			*out++ = '\0';
			s++;
			w->w[w->n++] = op;
			continue;
		}
		char *word = out;
		while (*s && !strchr(" \t;\n|&", *s)) {
			char q = *s;
			if (q == '\'' || q == '"') {
				s++;
				while (*s && *s != q) {
					if (q == '"' && *s == '\\' && s[1])
						s++;
					*out++ = *s++;
				}
				if (*s)
					s++;
			} else if (q == '\\' && s[1]) {
				*out++ = s[1];
				s += 2;
			} else {
				*out++ = *s++;
			}
		}
		*out++ = '\0';
		if (strncmp(word, "2>", 2) != 0)
			w->w[w->n++] = word;
	}
}

static bool is_op(const char *w)
{
	return strcmp(w, ";") == 0 || strcmp(w, "\n") == 0 || strcmp(w, "&&") == 0 ||
	       strcmp(w, "||") == 0 || strcmp(w, "|") == 0 || strcmp(w, "&") == 0;
}

static void compile_script(struct compiler *cc, const char *script)
{
	char *copy = xmalloc(2 * strlen(script) + 2);
	struct words all, cmd;
	enum prog_join join = JOIN_SEQ;

	shell_words(script, copy, &all);
	for (uint32_t i = 0; i < all.n;) {
		bool rev = false;
		cmd.n = 0;
		while (i < all.n && !is_op(all.w[i]))
			cmd.w[cmd.n++] = all.w[i++];
		/* A pipeline: the first command speaks, cat passes, rev reverses. */
		while (i < all.n && strcmp(all.w[i], "|") == 0) {
			i++;
			if (i < all.n && strcmp(base_name(all.w[i]), "rev") == 0)
				rev = !rev;
			while (i < all.n && !is_op(all.w[i]))
				i++;
		}
		if (cmd.n >= 2 && strcmp(cmd.w[0], "while") == 0) {
			cc->loop_start = cc->prog->nsteps; /* `while true; do` */
		} else if (cmd.n >= 1 && strcmp(cmd.w[0], "do") == 0) {
			memmove(cmd.w, cmd.w + 1, --cmd.n * sizeof *cmd.w);
			compile_simple(cc, &cmd, join, rev);
		} else if (cmd.n == 1 && strcmp(cmd.w[0], "done") == 0 && cc->loop_start >= 0) {
			add_step(cc, OP_LOOP, JOIN_SEQ)->code = (int32_t)cc->loop_start;
			cc->loop_start = -1;
		} else {
			compile_simple(cc, &cmd, join, rev);
		}
		join = JOIN_SEQ;
		if (i < all.n) {
			if (strcmp(all.w[i], "&&") == 0)
				join = JOIN_AND;
			else if (strcmp(all.w[i], "||") == 0)
				join = JOIN_OR;
			i++;
		}
	}
	free(copy);
}

static void compile_words(struct compiler *cc, struct words w);

void program_compile(const struct cluster *c, const struct container *k, bool in_job, uint32_t seed,
		     struct program *out)
{
	struct compiler cc = { out, 0, in_job, seed, -1, cluster_str(c, k->image), false };
	struct words w = { 0 };

	for (uint32_t i = 0; i < k->ncommand && w.n < ARRAY_LEN(w.w); i++)
		w.w[w.n++] = (char *)cluster_str(c, k->command[i]);
	for (uint32_t i = 0; i < k->nargs && w.n < ARRAY_LEN(w.w); i++)
		w.w[w.n++] = (char *)cluster_str(c, k->args[i]);
	compile_words(&cc, w);
}

void program_compile_words(const struct cluster *c, const struct container *k, char **argv,
			   uint32_t n, struct program *out)
{
	struct compiler cc = { out, 0, true, 0, -1, cluster_str(c, k->image), false };
	struct words w = { 0 };

	for (uint32_t i = 0; i < n && w.n < ARRAY_LEN(w.w); i++)
		w.w[w.n++] = argv[i];
	compile_words(&cc, w);
}

static void compile_words(struct compiler *cc, struct words w)
{
	struct program *out = cc->prog;
	char image[256];

	out->nsteps = 0;
	out->sigterm_exits = false;
	image_base(cc->image, image, sizeof image);
	if (w.n == 0) {
		if (in_list(image, shell_images, ARRAY_LEN(shell_images))) {
			add_step(cc, OP_STATUS, JOIN_SEQ); /* `sh` with no terminal exits 0 */
		} else {
			compile_simple(cc, &(struct words){ 1, { image } }, JOIN_SEQ, false);
			/* Servers stop cleanly on SIGTERM; an unknown image is assumed to as well. */
			out->sigterm_exits = true;
			if (in_list(image, server_images, ARRAY_LEN(server_images)))
				out->steps[0].op = OP_FOREVER;
		}
		return;
	}
	if (w.n >= 3 && is_shell(w.w[0]) && strcmp(w.w[1], "-c") == 0) {
		cc->shell = true;
		compile_script(cc, w.w[2]);
		return;
	}
	/* An exec'd program other than a shell or sleep is PID 1 and handles SIGTERM. */
	compile_simple(cc, &w, JOIN_SEQ, false);
	out->sigterm_exits = out->steps[0].op == OP_WORK ||
			     (out->steps[0].op == OP_FOREVER &&
			      strcmp(base_name(w.w[0]), "tail") != 0 &&
			      strcmp(base_name(w.w[0]), "sleep") != 0);
}

static void reverse_lines(struct strbuf *sb, size_t from)
{
	char *s = sb->data + from, *end = sb->data + sb->len;

	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *e = nl ? nl : end;
		for (char *a = s, *b = e - 1; a < b; a++, b--) {
			char t = *a;
			*a = *b;
			*b = t;
		}
		s = e + 1;
	}
}

/* Rabinowitz-Wagon spigot: n decimal digits of pi ("31415..."), the last ones possibly short of a carry. */
static void pi_spigot(int n, char *digits)
{
	int len = n * 10 / 3 + 2, nines = 0, predigit = 0, printed = 0;
	int *a = xmalloc((size_t)len * sizeof *a);

	for (int i = 0; i < len; i++)
		a[i] = 2;
	for (int j = 0; j <= n && printed < n; j++) {
		int q = 0;
		for (int i = len; i > 0; i--) {
			int x = 10 * a[i - 1] + q * i;
			a[i - 1] = x % (2 * i - 1);
			q = x / (2 * i - 1);
		}
		a[0] = q % 10;
		q /= 10;
		if (q == 9) {
			nines++;
			continue;
		}
		int out[64], nd = 0;
		if (q == 10) {
			out[nd++] = predigit + 1;
			for (; nines > 0 && nd < 64; nines--)
				out[nd++] = 0;
			predigit = 0;
		} else {
			if (j > 0)
				out[nd++] = predigit;
			predigit = q;
			for (; nines > 0 && nd < 64; nines--)
				out[nd++] = 9;
		}
		for (int d = 0; d < nd && printed < n; d++)
			digits[printed++] = (char)('0' + out[d]);
	}
	for (; printed < n; printed++)
		digits[printed] = '0';
	free(a);
}

/*
 * bpi(n) of Math::BigFloat: pi to n significant digits, rounded half up
 * ("3.141592654" for 10). Guard digits make the rounding digit and any
 * carry into it exact.
 */
static void pi_print(int n, struct strbuf *out)
{
	enum { GUARD = 12 };
	char *d = xmalloc((size_t)n + GUARD);

	pi_spigot(n + GUARD, d);
	if (d[n] >= '5')
		for (int i = n - 1; i >= 0 && ++d[i] > '9'; i--)
			d[i] = '0'; /* pi's first digit is 3: the carry never runs off the front */
	for (int i = 0; i < n; i++) {
		sb_addc(out, d[i]);
		if (i == 0 && n > 1)
			sb_addc(out, '.');
	}
	free(d);
}

static uint32_t ctr_index(const struct cluster *c, const struct pod *p, const struct container *k)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	if (k >= s->containers && k < s->containers + s->ncontainers)
		return s->ninit + (uint32_t)(k - s->containers);
	return (uint32_t)(k - s->init_containers);
}

/* One variable, or all (var ""); the container's own ones follow HOSTNAME and override the image's. */
static void print_env(const struct cluster *c, const struct pod *p, const struct ctr_status *cs,
		      const char *var, struct strbuf *out)
{
	const char *vars[][2] = {
		{ "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
		{ "HOSTNAME", cluster_str(c, p->meta.name) },
		{ "KUBERNETES_SERVICE_HOST", "10.96.0.1" },
		{ "KUBERNETES_SERVICE_PORT", "443" },
		{ "KUBERNETES_PORT", "tcp://10.96.0.1:443" },
		{ "HOME", "/root" },
	};
	size_t from = out->len;

	if (*var && podconfig_env_get(c, cs, var, out))
		return;
	for (size_t i = 0; i < ARRAY_LEN(vars); i++) {
		if (!podconfig_env_get(c, cs, vars[i][0], NULL)) {
			if (!*var)
				sb_printf(out, "%s%s=%s", out->len > from ? "\n" : "", vars[i][0],
					  vars[i][1]);
			else if (strcmp(var, vars[i][0]) == 0)
				sb_add(out, vars[i][1]);
		}
		if (i == 1 && !*var)
			podconfig_env_print(c, cs, from, out);
	}
}

static const char *pod_hostname(const struct cluster *c, const struct pod *p)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	return cluster_str(c, s->hostname ? s->hostname : p->meta.name);
}

/* busybox images (busybox, alpine and its -alpine tags) word errors their own way; coreutils' otherwise. */
static bool busybox_image(const struct cluster *c, const struct container *k)
{
	const char *image = cluster_str(c, k->image);

	return strstr(image, "busybox") || strstr(image, "alpine");
}

static int cat_file(const struct cluster *c, const struct pod *p, const struct container *k,
		    const char *path, struct strbuf *out)
{
	int r = containerfs_read(c, p, ctr_index(c, p, k), path, out);

	if (r == -ENOENT)
		sb_printf(out, busybox_image(c, k) ? "cat: can't open '%s': %s" : "cat: %s: %s", path,
			  containerfs_strerror(r));
	else if (r)
		sb_printf(out, busybox_image(c, k) ? "cat: read error: %s" : "cat: %s: %s",
			  busybox_image(c, k) ? containerfs_strerror(r) : path,
			  containerfs_strerror(r));
	return r ? 1 : 0;
}

/*
 * echo's words: `$(NAME)` of a container variable as the kubelet expands it
 * in command and args, else `$(hostname)` as the shell substitutes it; in a
 * script (shell set) `$NAME` and `${NAME}` too, empty when unset.
 */
static void echo_text(const struct cluster *c, const struct pod *p, const struct container *k,
		      const char *text, bool shell, struct strbuf *out)
{
	const struct ctr_status *cs = &p->ctrs[ctr_index(c, p, k)];
	char name[256];

	for (const char *s = text; *s;) {
		size_t n = 0, skip = 0;
		if (s[0] == '$' && (s[1] == '(' || s[1] == '{') &&
		    strchr(s, s[1] == '(' ? ')' : '}')) {
			n = strcspn(s + 2, s[1] == '(' ? ")" : "}");
			skip = n + 3;
			snprintf(name, sizeof name, "%.*s", (int)n, s + 2);
		} else if (s[0] == '$' && shell) {
			n = strspn(s + 1,
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			skip = n + 1;
			snprintf(name, sizeof name, "%.*s", (int)n, s + 1);
		}
		if (!n) {
			sb_addc(out, *s++);
			continue;
		}
		if (s[1] == '(' && podconfig_env_get(c, cs, name, out))
			;
		else if (s[1] == '(' && strcmp(name, "hostname") == 0)
			sb_add(out, pod_hostname(c, p));
		else if (s[1] == '(')
			sb_addn(out, s, skip);
		else
			print_env(c, p, cs, name, out);
		s += skip;
	}
}

/* The step's file command; the error texts of busybox 1.36 and coreutils 9. */
static int fs_command(const struct cluster *c, const struct pod *p, const struct container *k,
		      const struct prog_step *st, struct strbuf *out)
{
	uint32_t ctr = ctr_index(c, p, k);
	bool bb = busybox_image(c, k);
	const char *path = st->text;
	struct containerfs_stat sta;
	int r;

	switch ((enum fs_cmd)st->code) {
	case FS_TOUCH:
		r = containerfs_touch(c, p, ctr, path);
		if (r)
			sb_printf(out, bb ? "touch: %s: %s" : "touch: cannot touch '%s': %s", path,
				  containerfs_strerror(r));
		return r ? 1 : 0;
	case FS_RM:
	case FS_RM_F:
	case FS_RM_R:
		r = containerfs_remove(c, p, ctr, path, st->code == FS_RM_R);
		if (r == -ENOENT && st->code != FS_RM)
			return 0;
		if (r == -EISDIR && bb)
			sb_printf(out, "rm: '%s' is a directory", path);
		else if (r)
			sb_printf(out, bb ? "rm: can't remove '%s': %s" : "rm: cannot remove '%s': %s",
				  path, containerfs_strerror(r));
		return r ? 1 : 0;
	case FS_MKDIR:
	case FS_MKDIR_P:
		r = containerfs_mkdir(c, p, ctr, path, st->code == FS_MKDIR_P);
		if (r)
			sb_printf(out,
				  bb ? "mkdir: can't create directory '%s': %s"
				     : "mkdir: cannot create directory '%s': %s",
				  path, containerfs_strerror(r));
		return r ? 1 : 0;
	case FS_TEST_E:
	case FS_TEST_F:
	case FS_TEST_D:
		r = containerfs_stat(c, p, ctr, path, &sta);
		if (r)
			return 1;
		if (st->code == FS_TEST_F)
			return S_ISREG(sta.mode) ? 0 : 1;
		if (st->code == FS_TEST_D)
			return S_ISDIR(sta.mode) ? 0 : 1;
		return 0;
	case FS_LS:
	case FS_LS_L:
		r = st->code == FS_LS_L ? engine_ls_long(c, p, ctr, path, bb, out)
					: containerfs_list(c, p, ctr, path, out);
		if (r)
			sb_printf(out, bb ? "ls: %s: %s" : "ls: cannot access '%s': %s", path,
				  containerfs_strerror(r));
		return r ? (bb ? 1 : 2) : 0;
	}
	return 0;
}

static int step_output(const struct cluster *c, const struct pod *p, const struct container *k,
		       const struct prog_step *st, int64_t now_ms, struct strbuf *out)
{
	size_t from = out->len;
	int status = 0;

	switch (st->op) {
	case OP_ECHO:
		echo_text(c, p, k, st->text, st->code == 1, out);
		break;
	case OP_DATE: {
		char buf[40];
		time_date(now_ms, buf, sizeof buf);
		sb_add(out, buf);
		break;
	}
	case OP_PRINTENV:
		print_env(c, p, &p->ctrs[ctr_index(c, p, k)], st->text, out);
		break;
	case OP_PI:
		pi_print(st->code, out);
		break;
	case OP_NSLOOKUP:
		status = engine_nslookup(c, p->meta.ns, st->text, (enum nslookup_flavor)st->code, out);
		break;
	case OP_HOSTNAME:
		sb_add(out, pod_hostname(c, p));
		break;
	case OP_CAT:
		status = cat_file(c, p, k, st->text, out);
		break;
	case OP_FETCH:
		status = engine_fetch(c, p, st->text, (enum fetch_client)st->code, out);
		break;
	case OP_FS:
		status = fs_command(c, p, k, st, out);
		break;
	default:
		break;
	}
	if (st->reverse)
		reverse_lines(out, from);
	return status;
}

/* `cmd > FILE`: what the step prints goes to the file (out may tee, so it never sees it). */
static int redirect_output(const struct cluster *c, const struct pod *p, const struct container *k,
			   const struct prog_step *st, int64_t now_ms, struct strbuf *out)
{
	bool bb = busybox_image(c, k);
	struct strbuf text;
	int r, status;

	sb_init(&text);
	status = step_output(c, p, k, st, now_ms, &text);
	if (st->op == OP_ECHO || (text.len && text.data[text.len - 1] != '\n'))
		sb_addc(&text, '\n');
	r = containerfs_write(c, p, ctr_index(c, p, k), st->redirect, text.data ? text.data : "",
			      text.len, st->append);
	sb_free(&text);
	if (r == -ENOENT || r == -ENOTDIR)
		sb_printf(out, bb ? "sh: can't create %s: nonexistent directory"
				  : "sh: 1: cannot create %s: Directory nonexistent",
			  st->redirect);
	else if (r)
		sb_printf(out, bb ? "sh: can't create %s: %s" : "sh: 1: cannot create %s: %s",
			  st->redirect, containerfs_strerror(r));
	return r ? (bb ? 1 : 2) : status;
}

int program_output(const struct cluster *c, const struct pod *p, const struct container *k,
		   const struct prog_step *st, int64_t now_ms, struct strbuf *out)
{
	return st->redirect ? redirect_output(c, p, k, st, now_ms, out)
			    : step_output(c, p, k, st, now_ms, out);
}

int engine_exec(const struct cluster *c, const struct pod *p, const struct container *k, char **argv,
		uint32_t n, struct strbuf *out)
{
	struct program prog;
	int status = 0;

	program_compile_words(c, k, argv, n, &prog);
	/* At once: sleeps take no time, a program that would run on returns, loops run once. */
	for (uint32_t i = 0; i < prog.nsteps; i++) {
		const struct prog_step *st = &prog.steps[i];
		size_t at = out->len;
		if ((st->join == JOIN_AND && status != 0) || (st->join == JOIN_OR && status == 0))
			continue;
		if (st->op == OP_EXIT)
			return st->code;
		if (st->op == OP_FOREVER || st->op == OP_LOOP)
			break;
		status = st->op == OP_STATUS ? st->code : program_output(c, p, k, st, c->now_ms, out);
		if ((out->len > at && out->data[out->len - 1] != '\n') ||
		    (st->op == OP_ECHO && !st->redirect))
			sb_addc(out, '\n');
	}
	return status;
}
