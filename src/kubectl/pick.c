/*
 * Picking the objects a mutating verb works on, as kubectl's resource
 * builder does: "KIND NAME..." and "KIND/NAME..." words, a label selector
 * or --all over one or more types, or the objects named in manifest files.
 * Also the flag helpers those verbs share.
 */
#include "write.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/manifest.h"

#include "internal.h"

struct picked {
	enum kind kind;
	struct ref ref;
};

struct picklist {
	struct picked *v;
	uint32_t n, cap;
};

static void picklist_add(const struct cluster *c, struct picklist *l, enum kind kind, uint32_t idx)
{
	xgrow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct picked){ kind, cluster_ref(c, kind, idx) };
}

/* --- by name --- */

static int pick_named(struct kubectl *k, int nwords, char **words, struct picklist *l)
{
	struct kubectl_target *t = NULL;
	int n = 0, rc = kubectl_resolve(k, nwords, words, &t, &n);

	for (int i = 0; i < n; i++)
		picklist_add(k->c, l, t[i].kind, t[i].idx);
	free(t);
	return rc;
}

/* --- by selector or --all --- */

static void list_kind(struct kubectl *k, enum kind kind, const struct selector *sel,
		      struct picklist *l)
{
	struct objlist ol;

	objlist_collect(k, kind, sel, &ol);
	for (uint32_t i = 0; i < ol.n; i++)
		picklist_add(k->c, l, kind, ol.idx[i]);
	objlist_free(&ol);
}

/* types is "pods", "pods,rs" or "all". */
static int list_types(struct kubectl *k, const char *types, const struct selector *sel,
		      struct picklist *l)
{
	enum kind kinds[KIND_COUNT];
	int nkinds;

	if (strcmp(types, "all") == 0) {
		for (size_t i = 0; i < KUBECTL_NALL; i++)
			list_kind(k, kubectl_all_kinds[i], sel, l);
		return 0;
	}
	if (kubectl_parse_kinds(k, types, kinds, &nkinds))
		return 1;
	for (int i = 0; i < nkinds; i++)
		list_kind(k, kinds[i], sel, l);
	return 0;
}

static int pick_listed(struct kubectl *k, const struct pick *p, int nwords, char **words,
		       struct picklist *l)
{
	struct selector sel;
	struct ksim_error err;
	int rc;

	if (nwords > 1) {
		sb_add(k->err, "error: name cannot be provided when a selector is specified\n");
		return 1;
	}
	if (p->all && p->selector) {
		sb_add(k->err, "error: cannot set --all and --selector at the same time\n");
		return 1;
	}
	selector_init(&sel);
	if (p->selector && selector_parse(k->c->labels, p->selector, &sel, &err)) {
		sb_printf(k->err, "error: %s\n", err.msg);
		return 1;
	}
	rc = list_types(k, words[0], &sel, l);
	selector_free(&sel);
	return rc;
}

void kubectl_operation_print(struct kubectl *k, enum kind kind, uint32_t idx, const char *operation)
{
	kubectl_object_name(k->c, kind, idx, k->out);
	sb_printf(k->out, " %s\n", operation);
}

/* --- from files --- */

void path_resolve(const struct kubectl *k, const char *path, struct strbuf *out)
{
	sb_reset(out);
	if (k->base_dir && *k->base_dir && path[0] != '/' && strcmp(path, "-") != 0)
		sb_printf(out, "%s/", k->base_dir);
	sb_add(out, path);
}

char *path_read(const struct kubectl *k, const char *path, size_t *len)
{
	struct strbuf full, text;
	char buf[4096];
	size_t n;
	FILE *f;

	sb_init(&full);
	path_resolve(k, path, &full);
	f = fopen(full.data, "rb");
	sb_free(&full);
	if (!f)
		return NULL;
	sb_init(&text);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&text, buf, n);
	fclose(f);
	if (len)
		*len = text.len;
	return sb_take(&text);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int path_names(const char *dir, bool hidden, char ***names, uint32_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	uint32_t cap = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (hidden ? strcmp(de->d_name, ".") && strcmp(de->d_name, "..")
			   : de->d_name[0] != '.') {
			xgrow(names, &cap, *n + 1, sizeof **names);
			(*names)[(*n)++] = xstrdup(de->d_name);
		}
	closedir(d);
	xqsort(*names, *n, sizeof **names, name_cmp);
	return 0;
}

void path_names_free(char **names, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* kubectl names the file when the request that failed came from one (AddSourceToErr). */
static void not_found_in_file(struct kubectl *k, const struct pick *p, const char *file,
			      enum kind kind, const char *name)
{
	char plural[64];

	if (!p->doing) {
		kubectl_not_found(k, kind, name);
		return;
	}
	kubectl_kind_name(kind, true, plural, sizeof plural);
	sb_printf(k->err, "Error from server (NotFound): error when %s \"%s\": %s \"%s\" not found\n",
		  p->doing, file, plural, name);
}

static int pick_file(struct kubectl *k, const struct pick *p, const char *file, struct picklist *l)
{
	struct manifest m;
	struct ksim_error err;
	struct strbuf path;
	int rc = 0;

	sb_init(&path);
	path_resolve(k, file, &path);
	manifest_init(&m);
	if (manifest_load_file(k->c, path.data, &m, &err)) {
		char msg[1200];
		error_format(&err, msg, sizeof msg);
		sb_printf(k->err, "error: %s\n", msg);
		rc = 1;
	}
	for (uint32_t i = 0; !rc && i < m.count; i++) {
		const struct manifest_object *mo = &m.objects[i];
		const struct meta *om = mo->obj;
		uint32_t idx;
		if (mo->kind == KIND_NONE)
			continue; /* a Namespace: ksim does not delete namespaces */
		idx = cluster_find(k->c, mo->kind, api_object_ns(k->c, k->ns, mo->kind, om), om->name);
		if (idx != NONE32) {
			picklist_add(k->c, l, mo->kind, idx);
			continue;
		}
		not_found_in_file(k, p, file, mo->kind, cluster_str(k->c, om->name));
		rc = 1;
	}
	manifest_free(k->c, &m);
	sb_free(&path);
	return rc;
}

static int pick_files(struct kubectl *k, const struct pick *p, struct picklist *l)
{
	int rc = 0;

	for (uint32_t i = 0; i < p->files->n; i++)
		rc |= pick_file(k, p, p->files->v[i], l);
	return rc;
}

int kubectl_pick_each(struct kubectl *k, const struct pick *p, int nwords, char **words,
		      kubectl_pick_fn fn, void *ctx, int *found)
{
	bool from_files = p->files && p->files->n > 0;
	struct picklist l = { 0 };
	int rc;

	*found = 0;
	if (!from_files && nwords == 0) {
		sb_add(k->err,
		       "error: You must provide one or more resources by argument or filename.\n"
		       "Example resource specifications include:\n"
		       "   '-f rsrc.yaml'\n"
		       "   '--filename=rsrc.json'\n"
		       "   '<resource> <name>'\n"
		       "   '<resource>'\n");
		return 1;
	}
	if (!from_files && !p->selector && !p->all && nwords == 1 && !strchr(words[0], '/')) {
		sb_add(k->err, "error: resource(s) were provided, but no name was specified\n");
		return 1;
	}
	if (from_files && nwords > 0) {
		sb_add(k->err, "error: when paths, URLs, or stdin is provided as input, you may not "
			       "specify resource arguments as well\n");
		return 1;
	}
	if (from_files)
		rc = pick_files(k, p, &l);
	else if (p->selector || p->all)
		rc = pick_listed(k, p, nwords, words, &l);
	else
		rc = pick_named(k, nwords, words, &l);
	for (uint32_t i = 0; i < l.n; i++) {
		/* An earlier call (a cascading delete) may have removed it. */
		if (!cluster_deref(k->c, l.v[i].kind, l.v[i].ref))
			continue;
		(*found)++;
		rc |= fn(k, l.v[i].kind, l.v[i].ref.idx, ctx);
	}
	free(l.v);
	return rc ? 1 : 0;
}

int pick_nodes(struct kubectl *k, const char *verb, const char *selector, int argc, char **argv,
	       kubectl_pick_fn fn, void *ctx)
{
	struct pick p = { .selector = selector };
	char **words;
	int found, rc;

	if (argc <= 1 && !selector) {
		char usage[64];
		snprintf(usage, sizeof usage, "USAGE: %s NODE [flags]", verb);
		return usage_error(k, verb, usage);
	}
	if (argc > 1 && selector) {
		sb_printf(k->err,
			  "error: cannot specify both a node name and a --selector option\n"
			  "See 'kubectl %s -h' for help and examples\n",
			  verb);
		return 1;
	}
	words = xmalloc(((size_t)argc + 1) * sizeof *words);
	words[0] = "nodes";
	for (int i = 1; i < argc; i++)
		words[i] = argv[i];
	rc = kubectl_pick_each(k, &p, argc, words, fn, ctx, &found);
	free(words);
	return rc;
}

/* --- flags --- */

void kubectl_flag_list_free(struct flag_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void flag_list_add(struct flag_list *l, char *value, bool split)
{
	char *save = NULL;

	if (!split) {
		xgrow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
		l->v[l->n++] = value;
		return;
	}
	for (char *w = strtok_r(value, ",", &save); w; w = strtok_r(NULL, ",", &save))
		flag_list_add(l, w, false);
}

/* The value of argv[i] if it is this flag ("-f", "-fX", "-f=X", "--filename[=X]"), else NULL. */
static const char *flag_match(const char *arg, const char *shorthand, const char *name,
			      bool *needs_next)
{
	size_t n;

	*needs_next = false;
	if (arg[0] != '-')
		return NULL;
	if (arg[1] == '-') {
		n = strlen(name);
		if (strncmp(arg + 2, name, n) != 0 || (arg[2 + n] && arg[2 + n] != '='))
			return NULL;
		*needs_next = !arg[2 + n];
		return arg[2 + n] ? arg + 3 + n : arg;
	}
	if (!shorthand || arg[1] != shorthand[0])
		return NULL;
	*needs_next = !arg[2];
	return arg[2] == '=' ? arg + 3 : arg + 2;
}

int kubectl_flag_take_list(struct kubectl *k, const char *shorthand, const char *name, bool split,
			   int *argc, char **argv, struct flag_list *out)
{
	int w = 1, i = 1;

	for (; i < *argc && strcmp(argv[i], "--") != 0; i++) {
		bool next;
		const char *v = flag_match(argv[i], shorthand, name, &next);
		if (!v) {
			argv[w++] = argv[i];
			continue;
		}
		if (next && i + 1 >= *argc) {
			sb_printf(
			    k->err,
			    "error: flag needs an argument: --%s\nSee 'kubectl %s --help' for usage.\n",
			    name, argv[0]);
			return 1;
		}
		flag_list_add(out, next ? argv[++i] : (char *)v, split);
	}
	while (i < *argc)
		argv[w++] = argv[i++];
	*argc = w;
	argv[w] = NULL;
	return 0;
}

int kubectl_flag_int(struct kubectl *k, const char *verb, const char *name, const char *text,
		     int64_t *out)
{
	char *end;
	long long v = strtoll(text, &end, 10);

	if (!*text || *end) {
		sb_printf(k->err,
			  "error: invalid argument \"%s\" for \"--%s\" flag: strconv.ParseInt: "
			  "parsing \"%s\": invalid syntax\nSee 'kubectl %s --help' for usage.\n",
			  text, name, text, verb);
		return 1;
	}
	*out = v;
	return 0;
}

void print_aggregate(struct kubectl *k, const struct strbuf *lines, int n)
{
	if (n == 1)
		sb_add(k->err, "error: ");
	if (n > 0)
		sb_add(k->err, lines->data);
}

int usage_error(struct kubectl *k, const char *verb, const char *msg)
{
	sb_printf(k->err, "error: %s\nSee 'kubectl %s -h' for help and examples\n", msg, verb);
	return 1;
}

int split_changes(struct kubectl *k, int argc, char **argv, bool (*is_change)(const char *),
		  const char *what)
{
	int first = 1;

	while (first < argc && !is_change(argv[first]))
		first++;
	for (int i = first; i < argc; i++)
		if (!is_change(argv[i])) {
			sb_printf(k->err,
				  "error: all resources must be specified before %s changes: %s\n",
				  what, argv[i]);
			return -1;
		}
	return first;
}
