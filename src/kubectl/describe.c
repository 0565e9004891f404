/*
 * kubectl describe: the verb, and the pieces every description shares
 * (labels, annotations, tolerations, containers, pod templates, events).
 * As describe.go does, a description is written as text whose cells end in
 * tabs, then aligned as a whole by a tabwriter with (minwidth 0, padding 2),
 * so a field's column is shared by every neighbouring line that has one.
 * One file per family of kinds holds the describers themselves.
 */
#include "ksim/kubectl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void dwrite(struct strbuf *sb, int level, const char *fmt, ...)
{
	va_list ap;

	for (int i = 0; i < level; i++)
		sb_add(sb, "  ");
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void describe_labels(const struct cluster *c, struct strbuf *sb, const char *indent,
		     const char *title, uint32_t set)
{
	uint32_t n;
	const struct label *l = labels_get(c->labels, set, &n);

	sb_printf(sb, "%s%s:\t", indent, title);
	if (!n)
		sb_add(sb, "<none>\n");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_printf(sb, "%s\t", indent);
		sb_printf(sb, "%s=%s\n", cluster_str(c, l[i].key), cluster_str(c, l[i].val));
	}
}

void describe_annotations(const struct cluster *c, struct strbuf *sb, const char *title, uint32_t set)
{
	enum { MAX_LEN = 140 };
	uint32_t n;
	const struct label *l = labels_get(c->labels, set, &n);

	sb_printf(sb, "%s:\t", title);
	if (!n)
		sb_add(sb, "<none>\n");
	for (uint32_t i = 0; i < n; i++) {
		const char *key = cluster_str(c, l[i].key), *val = cluster_str(c, l[i].val);
		if (i)
			sb_addc(sb, '\t');
		if (strlen(key) + strlen(val) + 2 <= MAX_LEN && !strchr(val, '\n')) {
			sb_printf(sb, "%s: %s\n", key, val);
			continue;
		}
		/* Long or multi-line values go below the key, each line cut at 138 characters. */
		sb_printf(sb, "%s:\n", key);
		for (const char *line = val; *line;) {
			size_t len = strcspn(line, "\n");
			sb_printf(sb, "\t  %.*s%s\n", (int)(len > MAX_LEN - 2 ? MAX_LEN - 2 : len),
				  line, len > MAX_LEN - 2 ? "..." : "");
			line += len + (line[len] == '\n');
		}
	}
}

static int by_tol_key(const void *a, const void *b)
{
	return strcmp(((const struct tol_view *)a)->key, ((const struct tol_view *)b)->key);
}

void describe_tolerations(struct strbuf *sb, const char *title, struct tol_view *t, uint32_t n)
{
	sb_printf(sb, "%s:\t", title);
	if (!n)
		sb_add(sb, "<none>\n");
	/* describe.go sorts by key; a stable sort keeps the spec's order among equal keys. */
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && by_tol_key(&t[j - 1], &t[j]) > 0; j--) {
			struct tol_view tmp = t[j];
			t[j] = t[j - 1];
			t[j - 1] = tmp;
		}
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_addc(sb, '\t');
		sb_add(sb, t[i].key);
		if (*t[i].value)
			sb_printf(sb, "=%s", t[i].value);
		if (*t[i].effect)
			sb_printf(sb, ":%s", t[i].effect);
		if (t[i].exists && !*t[i].value)
			sb_add(sb, *t[i].key || *t[i].effect ? " op=Exists" : "op=Exists");
		if (t[i].seconds >= 0)
			sb_printf(sb, " for %llds", (long long)t[i].seconds);
		sb_addc(sb, '\n');
	}
}

/* --- containers --- */

static void describe_state(struct strbuf *sb, const char *name, const char *state,
			   const char *reason, const struct ctr_status *cs, bool terminated)
{
	dwrite(sb, 2, "%s:\t%s\n", name, state);
	if (reason)
		dwrite(sb, 3, "Reason:\t%s\n", reason);
	if (!terminated)
		return;
	dwrite(sb, 3, "Exit Code:\t%d\n", cs->exit_code);
	dwrite(sb, 3, "Started:\t");
	fmt_rfc1123z(cs->state == CTR_RUNNING ? cs->finished_ms : cs->since_ms, sb);
	dwrite(sb, 0, "\n");
	dwrite(sb, 3, "Finished:\t");
	fmt_rfc1123z(cs->finished_ms, sb);
	dwrite(sb, 0, "\n");
}

static void describe_container_state(const struct pod *p, const struct ctr_status *cs,
				     struct strbuf *sb)
{
	const char *exit_reason = ctr_exit_reason(cs);

	switch ((enum ctr_state)cs->state) {
	case CTR_RUNNING:
		dwrite(sb, 2, "State:\tRunning\n");
		dwrite(sb, 3, "Started:\t");
		fmt_rfc1123z(cs->since_ms, sb);
		sb_addc(sb, '\n');
		break;
	case CTR_WAITING:
		describe_state(sb, "State", "Waiting", ctr_waiting_reason(p->ninit, cs), cs, false);
		break;
	case CTR_BACKOFF:
		describe_state(sb, "State", "Waiting", "CrashLoopBackOff", cs, false);
		break;
	case CTR_TERMINATED:
		describe_state(sb, "State", "Terminated", exit_reason, cs, true);
		break;
	}
	if (cs->restarts && api_time_is_set(cs->finished_ms) && cs->state != CTR_TERMINATED)
		describe_state(sb, "Last State", "Terminated", exit_reason, cs, true);
	dwrite(sb, 2, "Ready:\t%s\n", cs->ready && cs->state == CTR_RUNNING ? "True" : "False");
	dwrite(sb, 2, "Restart Count:\t%u\n", cs->restarts);
}

static void describe_ports(const struct cluster *c, const struct container *k, struct strbuf *sb)
{
	struct strbuf ports, host;

	sb_init(&ports);
	sb_init(&host);
	for (uint32_t i = 0; i < k->nports; i++) {
		const char *proto = api_protocol_name(c, k->ports[i].protocol);
		sb_printf(&ports, "%s%d/%s", i ? ", " : "", k->ports[i].container_port, proto);
		sb_printf(&host, "%s%d/%s", i ? ", " : "", k->ports[i].host_port, proto);
	}
	dwrite(sb, 2, "%s:\t%s\n", k->nports > 1 ? "Ports" : "Port",
	       k->nports ? ports.data : "<none>");
	dwrite(sb, 2, "%s:\t%s\n", k->nports > 1 ? "Host Ports" : "Host Port",
	       k->nports ? host.data : "<none>");
	sb_free(&ports);
	sb_free(&host);
}

static void describe_resources(const struct resources *r, const char *title, struct strbuf *sb)
{
	if (!r->cpu_milli && !r->mem_bytes)
		return;
	dwrite(sb, 2, "%s:\n", title);
	if (r->cpu_milli) {
		dwrite(sb, 3, "cpu:\t");
		api_cpu_format(r->cpu_milli, sb);
		sb_addc(sb, '\n');
	}
	if (r->mem_bytes) {
		dwrite(sb, 3, "memory:\t");
		api_bytes_format(r->mem_bytes, sb);
		sb_addc(sb, '\n');
	}
}

static void describe_words(const struct cluster *c, const char *title, const uint32_t *w,
			   uint32_t n, struct strbuf *sb)
{
	if (!n)
		return;
	dwrite(sb, 2, "%s:\n", title);
	for (uint32_t i = 0; i < n; i++) {
		const char *word = cluster_str(c, w[i]);
		for (const char *line = word;;) {
			size_t len = strcspn(line, "\n");
			dwrite(sb, 3, "%.*s\n", (int)len, line);
			if (!line[len])
				break;
			line += len + 1;
		}
	}
}

void describe_containers(const struct cluster *c, const struct pod *p, bool init,
			 const struct podspec *s, const char *space, struct strbuf *sb)
{
	const struct container *cs = init ? s->init_containers : s->containers;
	uint32_t n = init ? s->ninit : s->ncontainers;

	sb_printf(sb, "%s%s:%s\n", space, init ? "Init Containers" : "Containers",
		  n ? "" : " <none>");
	for (uint32_t i = 0; i < n; i++) {
		const struct container *k = &cs[i];
		const struct ctr_status *st = p && p->ctrs && p->node != NONE32
						  ? &p->ctrs[(init ? 0 : p->ninit) + i]
						  : NULL;
		dwrite(sb, 1, "%s%s:\n", *space ? " " : "", cluster_str(c, k->name));
		if (st) {
			dwrite(sb, 2, "Container ID:\t");
			if (st->started_once)
				api_container_id_format(p, (init ? 0 : p->ninit) + i, sb);
			sb_addc(sb, '\n');
		}
		dwrite(sb, 2, "Image:\t%s\n", cluster_str(c, k->image));
		if (st) {
			dwrite(sb, 2, "Image ID:\t");
			if (st->started_once)
				api_image_id_format(cluster_str(c, k->image), sb);
			sb_addc(sb, '\n');
		}
		describe_ports(c, k, sb);
		describe_words(c, "Command", k->command, k->ncommand, sb);
		describe_words(c, "Args", k->args, k->nargs, sb);
		if (st)
			describe_container_state(p, st, sb);
		describe_resources(&k->limits, "Limits", sb);
		describe_resources(&k->requests, "Requests", sb);
		describe_probes(c, init ? NULL : p, k, i, sb);
		describe_env(c, p, k, sb);
		describe_mounts(c, p, s, k, sb);
	}
}

void describe_pod_template(const struct cluster *c, const struct template *tpl, struct strbuf *sb)
{
	const struct podspec *s = cluster_spec(c, tpl->spec);
	struct tol_view *tols = xcalloc(s->ntolerations + 1, sizeof *tols);
	uint32_t ntols = api_pod_tolerations(c, NULL, s, tols);

	sb_add(sb, "Pod Template:\n");
	describe_labels(c, sb, "", "  Labels", tpl->labels);
	if (tpl->annotations)
		describe_annotations(c, sb, "  Annotations", tpl->annotations);
	if (s->ninit)
		describe_containers(c, NULL, true, s, "  ", sb);
	describe_containers(c, NULL, false, s, "  ", sb);
	describe_volumes(c, NULL, s, "  ", sb);
	describe_labels(c, sb, "", "  Node-Selectors", s->node_selector);
	describe_tolerations(sb, "  Tolerations", tols, ntols);
	free(tols);
}

/* --- events --- */

void describe_events(const struct kubectl *k, enum kind kind, const struct meta *m, struct strbuf *sb)
{
	struct keventlist l;

	events_collect(k, kind, m, &l);
	if (!l.n)
		sb_add(sb, "Events:\t<none>\n");
	else
		sb_add(
		    sb,
		    "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
	for (uint32_t i = 0; i < l.n; i++) {
		const struct kevent *e = &l.v[i];
		dwrite(sb, 1, "%s\t%s\t", e->first->type == EVENT_WARNING ? "Warning" : "Normal",
		       cluster_str(k->c, e->first->reason));
		if (e->count > 1) {
			fmt_age(k->c, e->last->time_ms, sb);
			sb_printf(sb, " (x%u over ", e->count);
			fmt_age(k->c, e->first->time_ms, sb);
			sb_addc(sb, ')');
		} else {
			fmt_age(k->c, e->first->time_ms, sb);
		}
		sb_printf(sb, "\t%s\t%s\n", cluster_str(k->c, e->first->source), e->message);
	}
	events_free(&l);
}

/* "3 Running / 0 Waiting / 0 Succeeded / 0 Failed" over the controller's own pods. */
void describe_pods_status(const struct cluster *c, const struct meta *owner, struct strbuf *sb)
{
	int counts[PHASE_UNKNOWN + 1] = { 0 };

	for (uint32_t i = owner->kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		counts[p->phase]++;
		i = p->meta.sib_next;
	}
	sb_printf(sb, "%d Running / %d Waiting / %d Succeeded / %d Failed\n", counts[PHASE_RUNNING],
		  counts[PHASE_PENDING], counts[PHASE_SUCCEEDED], counts[PHASE_FAILED]);
}

/* --- the verb --- */

/* describe.go's fallback: a name that is not found describes the objects it prefixes. */
static int describe_prefixed(struct kubectl *k, enum kind kind, const char *prefix,
			     struct kubectl_target **t, int *n)
{
	struct objlist l;
	int found = 0;

	objlist_collect(k, kind, NULL, &l);
	for (uint32_t i = 0; i < l.n; i++) {
		const struct meta *m = cluster_meta(k->c, kind, l.idx[i]);
		if (strncmp(cluster_str(k->c, m->name), prefix, strlen(prefix)) != 0)
			continue;
		*t = xrealloc(*t, (size_t)(*n + 1) * sizeof **t);
		(*t)[(*n)++] = (struct kubectl_target){ kind, l.idx[i] };
		found++;
	}
	objlist_free(&l);
	if (!found)
		kubectl_not_found(k, kind, prefix);
	return found ? 0 : 1;
}

static int collect_named(struct kubectl *k, enum kind kind, int argc, char **argv,
			 struct kubectl_target **t, int *n)
{
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		uint32_t idx = kubectl_find(k, kind, argv[i]);
		if (idx == NONE32) {
			rc |= describe_prefixed(k, kind, argv[i], t, n);
			continue;
		}
		*t = xrealloc(*t, (size_t)(*n + 1) * sizeof **t);
		(*t)[(*n)++] = (struct kubectl_target){ kind, idx };
	}
	return rc;
}

static int collect_listed(struct kubectl *k, enum kind kind, const char *selector,
			  struct kubectl_target **t, int *n)
{
	struct selector sel;
	struct ksim_error err;
	struct objlist l;

	selector_init(&sel);
	if (selector && selector_parse(k->c->labels, selector, &sel, &err)) {
		sb_printf(k->err, "error: %s\n", err.msg);
		selector_free(&sel);
		return 1;
	}
	objlist_collect(k, kind, selector ? &sel : NULL, &l);
	*t = xrealloc(*t, ((size_t)*n + l.n + 1) * sizeof **t);
	for (uint32_t i = 0; i < l.n; i++)
		(*t)[(*n)++] = (struct kubectl_target){ kind, l.idx[i] };
	objlist_free(&l);
	selector_free(&sel);
	return 0;
}

static int describe_exec(struct kubectl *k, int argc, char **argv)
{
	const char *selector = NULL;
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &selector, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct kubectl_target *t = NULL;
	enum kind kinds[KIND_COUNT];
	int n = 0, nkinds = 0, rc = 0;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (argc < 2) {
		sb_add(k->err,
		       "error: You must specify the type of resource to describe. Use "
		       "\"kubectl api-resources\" for a complete list of supported resources.\n");
		return 1;
	}
	if (strchr(argv[1], '/'))
		rc = kubectl_resolve(k, argc - 1, argv + 1, &t, &n);
	else if (kubectl_parse_kinds(k, argv[1], kinds, &nkinds))
		return 1;
	for (int i = 0; i < nkinds; i++)
		rc |= argc > 2 ? collect_named(k, kinds[i], argc - 2, argv + 2, &t, &n)
			       : collect_listed(k, kinds[i], selector, &t, &n);
	for (int i = 0; i < n; i++) {
		struct strbuf text;
		sb_init(&text);
		describe_object(k, t[i].kind, t[i].idx, &text);
		if (i)
			sb_add(k->out, "\n\n");
		tabwriter_format(text.data, 0, 2, k->out);
		sb_free(&text);
	}
	if (!n && !rc) {
		if (k->all_namespaces)
			sb_add(k->err, "No resources found\n");
		else
			sb_printf(k->err, "No resources found in %s namespace.\n",
				  cluster_str(k->c, k->ns));
	}
	free(t);
	return rc;
}

const struct kubectl_verb kubectl_describe = {
	.name = "describe",
	.usage = "describe TYPE [NAME_PREFIX...] | TYPE/NAME... [-l SELECTOR]",
	.summary = "Show details of a specific resource or group of resources",
	.exec = describe_exec,
};
