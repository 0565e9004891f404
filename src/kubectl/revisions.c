/*
 * The ControllerRevisions of DaemonSets and StatefulSets (kept by their
 * controllers, cluster.h struct revision_history): `get controllerrevisions`
 * (printers.go printControllerRevision: NAME CONTROLLER REVISION AGE),
 * `rollout history` (history.go printHistory) and `rollout undo`
 * (rollback.go DaemonSetRollbacker and StatefulSetRollbacker: the chosen
 * revision's template becomes the owner's; --to-revision=0 is the one before
 * the newest).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

/* The owner's history and template, or NULL for a kind without ControllerRevisions. */
static struct revision_history *owner_history(struct cluster *c, enum kind kind, uint32_t idx,
					      struct template **tpl)
{
	if (kind == KIND_DS) {
		struct daemonset *d = cluster_get(c, KIND_DS, idx);
		*tpl = &d->tpl;
		return &d->history;
	}
	if (kind == KIND_STS) {
		struct statefulset *s = cluster_get(c, KIND_STS, idx);
		*tpl = &s->tpl;
		return &s->history;
	}
	return NULL;
}

bool revisions_kept(enum kind kind)
{
	return kind == KIND_DS || kind == KIND_STS;
}

static const struct revision *find(const struct revision_history *h, int64_t number)
{
	for (uint32_t i = 0; i < h->n; i++)
		if (h->v[i].number == number)
			return &h->v[i];
	return NULL;
}

/* The revisions in number order, lowest first (at most 64). */
static uint32_t sorted(const struct revision_history *h, const struct revision **out)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < h->n && n < 64; i++) {
		uint32_t j = n++;
		for (; j > 0 && out[j - 1]->number > h->v[i].number; j--)
			out[j] = out[j - 1];
		out[j] = &h->v[i];
	}
	return n;
}

int revisions_history(struct kubectl *k, enum kind kind, uint32_t idx, int64_t revision)
{
	struct template *tpl = NULL;
	const struct revision_history *h = owner_history(k->c, kind, idx, &tpl);
	const struct revision *v[64];
	uint32_t n = sorted(h, v);

	if (revision > 0) {
		const struct revision *r = find(h, revision);
		if (!r) {
			sb_add(k->err, "error: unable to find the specified revision\n");
			return 1;
		}
		kubectl_object_name(k->c, kind, idx, k->out);
		sb_printf(k->out, " with revision #%lld\n", (long long)revision);
		describe_pod_template(k->c, &r->tpl, k->out);
		return 0;
	}
	print_operation(k, kind, idx, "");
	if (!n) {
		sb_add(k->out, "No rollout history found.\n");
		return 0;
	}
	sb_add(k->out, "REVISION  CHANGE-CAUSE\n");
	for (uint32_t i = 0; i < n; i++)
		sb_printf(k->out, "%-8lld  %s\n", (long long)v[i]->number,
			  v[i]->change_cause ? cluster_str(k->c, v[i]->change_cause) : "<none>");
	sb_add(k->out, "\n");
	return 0;
}

int revisions_undo(struct kubectl *k, enum kind kind, uint32_t idx, int64_t to)
{
	struct template *tpl = NULL;
	const struct revision_history *h = owner_history(k->c, kind, idx, &tpl);
	const struct revision *v[64], *r = NULL;
	uint32_t n = sorted(h, v);

	/* findHistory: 0 is the newest but one, when there are two or more. */
	if (to == 0 && n >= 2)
		r = v[n - 2];
	else if (to > 0)
		r = find(h, to);
	if (!r) {
		sb_printf(k->err, "error: unable to find specified revision %lld in history\n",
			  (long long)to);
		return 1;
	}
	if (cluster_template_hash(k->c, &r->tpl) == cluster_template_hash(k->c, tpl)) {
		kubectl_object_name(k->c, kind, idx, k->out);
		sb_printf(k->out, " skipped rollback (current template already matches revision %lld)\n",
			  (long long)to);
		return 0;
	}
	struct template copy;
	template_copy(k->c, &copy, &r->tpl); /* r lives in the history the controller may prune */
	template_release(k->c, tpl);
	*tpl = copy;
	cluster_meta(k->c, kind, idx)->generation++;
	cluster_changed(k->c, kind, idx, CHANGE_UPDATED);
	print_operation(k, kind, idx, "rolled back");
	return 0;
}

/* One revision's row, or its name alone. */
static void revision_row(const struct kubectl *k, enum kind kind, uint32_t idx,
			 const struct revision *r, bool names, struct strbuf *out)
{
	const struct meta *m = cluster_meta(k->c, kind, idx);

	if (names)
		sb_add(out, "controllerrevision.apps/");
	cluster_revision_name(k->c, m->name, r->hash, out);
	if (names) {
		sb_addc(out, '\n');
		return;
	}
	sb_addc(out, '\t');
	kubectl_object_name(k->c, kind, idx, out); /* formatResourceName: "daemonset.apps/NAME" */
	sb_printf(out, "\t%lld\t", (long long)r->number);
	fmt_age(k->c, r->created_ms, out);
	sb_addc(out, '\n');
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows in name order, as the API server lists them. */
static void sort_lines(struct strbuf *rows)
{
	char **lines = NULL, *text = sb_take(rows);
	uint32_t n = 0, cap = 0;

	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		xgrow(&lines, &cap, n + 1, sizeof *lines);
		lines[n++] = l;
	}
	if (n)
		qsort(lines, n, sizeof *lines, line_cmp);
	sb_init(rows);
	for (uint32_t i = 0; i < n; i++)
		sb_printf(rows, "%s\n", lines[i]);
	free(lines);
	free(text);
}

int revisions_get(struct kubectl *k, int argc, char **argv, const char *output)
{
	static const enum kind owners[] = { KIND_DS, KIND_STS };
	struct strbuf rows, name;
	bool names = output && strcmp(output, "name") == 0;
	int found = 0;

	if (output && !names) {
		sb_printf(k->err, "error: ksim prints controllerrevisions as a table or with -o name, not -o %s\n",
			  output);
		return 1;
	}
	sb_init(&rows);
	sb_init(&name);
	for (size_t o = 0; o < ARRAY_LEN(owners); o++)
		for (uint32_t i = 0; i < cluster_len(k->c, owners[o]); i++) {
			const struct meta *m = cluster_meta(k->c, owners[o], i);
			struct template *tpl = NULL;
			const struct revision_history *h;
			if (!m || !m->live || (!k->all_namespaces && m->ns != k->ns))
				continue;
			h = owner_history(k->c, owners[o], i, &tpl);
			for (uint32_t r = 0; r < h->n; r++) {
				bool wanted = argc == 0;
				sb_reset(&name);
				cluster_revision_name(k->c, m->name, h->v[r].hash, &name);
				for (int a = 0; a < argc && !wanted; a++)
					wanted = strcmp(argv[a], name.data) == 0;
				if (wanted) {
					revision_row(k, owners[o], i, &h->v[r], names, &rows);
					found++;
				}
			}
		}
	sort_lines(&rows);
	for (int a = 0; a < argc; a++) {
		bool seen = strstr(rows.data, argv[a]) != NULL;
		if (!seen)
			sb_printf(k->err,
				  "Error from server (NotFound): controllerrevisions.apps \"%s\" not found\n",
				  argv[a]);
	}
	if (!found && argc == 0)
		sb_printf(k->err, "No resources found in %s namespace.\n", cluster_str(k->c, k->ns));
	else if (names)
		sb_add(k->out, rows.data);
	else if (found) {
		struct strbuf text;
		sb_init(&text);
		sb_add(&text, "NAME\tCONTROLLER\tREVISION\tAGE\n");
		sb_add(&text, rows.data);
		tabwriter_format(text.data, 6, 3, k->out);
		sb_free(&text);
	}
	sb_free(&rows);
	sb_free(&name);
	return found || argc == 0 ? 0 : 1;
}
