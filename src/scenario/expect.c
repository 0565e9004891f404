/*
 * Expectations: the checks a demo's timeline makes, read from the cluster
 * at the instant of their step. A field is read from the object as
 * `kubectl get -o json` renders it, a pod's status as kubectl's STATUS
 * column shows it, and an output as the command prints it, so a demo
 * states what a learner would see.
 */
#include "ksim/scenario.h"

#include <stdio.h>
#include <string.h>

#include "ksim/api.h"
#include "ksim/kubectl.h"

/* A value as a reader wants it: bare when it is one plain word, else quoted and cut short. */
static void put_value(struct strbuf *out, const char *s)
{
	size_t n = 0;

	if (*s && !strpbrk(s, " \t\n\"\\")) {
		sb_add(out, s);
		return;
	}
	sb_addc(out, '"');
	for (; *s && n < 72; s++, n++) {
		if (*s == '\n')
			sb_add(out, "\\n");
		else if (*s == '"' || *s == '\\')
			sb_printf(out, "\\%c", *s);
		else
			sb_addc(out, *s);
	}
	sb_add(out, *s ? "...\"" : "\"");
}

/* ` == V` or ` contains V`. */
static void put_comparison(struct strbuf *out, const struct scenario_expect *x)
{
	sb_add(out, x->equals ? " == " : " contains ");
	put_value(out, x->equals ? x->equals : x->contains);
}

/* "pods -n ns -l app=web on k8s-node1 phase=Running status=Completed" */
static void put_filters(struct strbuf *out, const struct scenario_expect *x)
{
	sb_add(out, x->target);
	if (x->ns)
		sb_printf(out, " -n %s", x->ns);
	if (x->selector)
		sb_printf(out, " -l %s", x->selector);
	if (x->node)
		sb_printf(out, " on %s", x->node);
	if (x->phase)
		sb_printf(out, " phase=%s", x->phase);
	if (x->status)
		sb_printf(out, " status=%s", x->status);
}

void scenario_expect_describe(const struct scenario_expect *x, struct strbuf *out)
{
	switch (x->kind) {
	case EXPECT_GET:
		put_filters(out, x);
		sb_printf(out, " %s", x->field);
		put_comparison(out, x);
		break;
	case EXPECT_COUNT:
		sb_add(out, "count ");
		put_filters(out, x);
		sb_printf(out, " == %lld", (long long)x->number);
		break;
	case EXPECT_EVENT:
		sb_printf(out, "event %s", x->reason);
		if (x->target)
			sb_printf(out, " on %s", x->target);
		if (x->message) {
			sb_add(out, " with message ");
			put_value(out, x->message);
		}
		if (x->number >= 0)
			sb_printf(out, " %lld time%s", (long long)x->number,
				  x->number == 1 ? "" : "s");
		break;
	case EXPECT_OUTPUT:
		sb_add(out, "output of ");
		put_value(out, x->target);
		put_comparison(out, x);
		break;
	}
}

/* The namespace id a check looks in (0 for cluster-scoped kinds); NONE32 if never seen. */
static uint32_t ns_of(const struct cluster *c, const struct scenario_expect *x, enum kind kind)
{
	if (!kind_info(kind)->namespaced)
		return 0;
	return x->ns ? strtab_lookup(c->strings, x->ns) : c->s.default_ns;
}

/* "job/job-2" into a kind and the name after the slash (validated when the demo was read). */
static enum kind split_ref(const char *ref, const char **name)
{
	const char *slash = strchr(ref, '/');
	char kind[64];

	snprintf(kind, sizeof kind, "%.*s", (int)(slash - ref), ref);
	*name = slash + 1;
	return kind_parse(kind);
}

static bool compare(const struct scenario_expect *x, const char *seen)
{
	size_t n = strlen(seen), m;

	if (x->contains)
		return strstr(seen, x->contains) != NULL;
	/* A block scalar's final newline is not part of what is meant. */
	m = strlen(x->equals);
	while (n && seen[n - 1] == '\n')
		n--;
	while (m && x->equals[m - 1] == '\n')
		m--;
	return n == m && strncmp(seen, x->equals, n) == 0;
}

/* The pod's node, phase (as -o json shows it) and STATUS column against the check's. */
static bool pod_matches(const struct cluster *c, uint32_t idx, const struct scenario_expect *x)
{
	const struct pod *p = cluster_get(c, KIND_POD, idx);
	char status[64];
	bool ok = true;

	if (x->node) {
		const struct node *n = p->node == NONE32 ? NULL : cluster_get(c, KIND_NODE, p->node);
		ok = n && strcmp(cluster_str(c, n->meta.name), x->node) == 0;
	}
	if (ok && x->phase) {
		struct strbuf phase;
		sb_init(&phase);
		ok = api_object_field(c, KIND_POD, idx, "status.phase", &phase) == 0 &&
		     strcmp(phase.data, x->phase) == 0;
		sb_free(&phase);
	}
	if (ok && x->status) {
		kubectl_pod_status(c, p, status, sizeof status);
		ok = strcmp(status, x->status) == 0;
	}
	return ok;
}

/* How many objects of the kind the check's filters pick; *first is the first one. */
static uint32_t select_objects(const struct cluster *c, const struct scenario_expect *x,
			       enum kind kind, uint32_t *first)
{
	uint32_t ns = ns_of(c, x, kind), n = 0;
	struct selector sel;
	struct ksim_error err;

	*first = NONE32;
	selector_init(&sel);
	/* The selector parsed when the demo was read; it cannot fail now. */
	if (x->selector)
		selector_parse(c->labels, x->selector, &sel, &err);
	for (uint32_t i = 0; ns != NONE32 && i < cluster_len(c, kind); i++) {
		const struct meta *m = cluster_meta(c, kind, i);

		if (!m || m->ns != ns || !selector_matches(c->labels, &sel, m->labels) ||
		    (kind == KIND_POD && !pod_matches(c, i, x)))
			continue;
		*first = n++ ? *first : i;
	}
	selector_free(&sel);
	return n;
}

/* The object a get check reads: the named one, or the only one its filters pick. */
static uint32_t get_target(const struct cluster *c, const struct scenario_expect *x,
			   enum kind *kind, struct strbuf *seen)
{
	const char *name;
	uint32_t ns, id, idx, n;

	if (!strchr(x->target, '/')) {
		*kind = kind_parse(x->target);
		n = select_objects(c, x, *kind, &idx);
		if (n != 1)
			sb_printf(seen, "%u %s", n, kind_info(*kind)->plural);
		return n == 1 ? idx : NONE32;
	}
	*kind = split_ref(x->target, &name);
	ns = ns_of(c, x, *kind);
	id = strtab_lookup(c->strings, name);
	idx = ns == NONE32 || id == NONE32 ? NONE32 : cluster_find(c, *kind, ns, id);
	if (idx == NONE32)
		sb_printf(seen, "no %s", x->target);
	return idx;
}

static bool eval_get(struct session *s, const struct scenario_expect *x, struct strbuf *seen)
{
	enum kind kind;
	uint32_t idx = get_target(s->c, x, &kind, seen);
	struct strbuf value;
	bool ok;

	if (idx == NONE32)
		return false;
	/* As in jq, a path that leads nowhere reads as null. */
	sb_init(&value);
	if (api_object_field(s->c, kind, idx, x->field, &value))
		sb_add(&value, "null");
	put_value(seen, value.data);
	ok = compare(x, value.data);
	sb_free(&value);
	return ok;
}

static bool eval_count(struct session *s, const struct scenario_expect *x, struct strbuf *seen)
{
	uint32_t first, n = select_objects(s->c, x, kind_parse(x->target), &first);

	sb_printf(seen, "%u", n);
	return n == x->number;
}

static bool event_matches(struct session *s, const struct event *ev,
			  const struct scenario_expect *x, struct strbuf *text)
{
	const struct cluster *c = s->c;
	const char *name;

	if (strcmp(cluster_str(c, ev->reason), x->reason) != 0)
		return false;
	if (x->target &&
	    (split_ref(x->target, &name) != ev->kind || strcmp(cluster_str(c, ev->name), name) != 0))
		return false;
	if (x->ns && (!ev->ns || strcmp(cluster_str(c, ev->ns), x->ns) != 0))
		return false;
	if (!x->message)
		return true;
	sb_reset(text);
	event_text_render(c, &ev->msg, text);
	return strstr(text->data, x->message) != NULL;
}

static bool eval_event(struct session *s, const struct scenario_expect *x, struct strbuf *seen)
{
	struct strbuf text;
	int64_t n = 0;

	sb_init(&text);
	for (uint32_t i = 0; i < s->c->events.count; i++)
		n += event_matches(s, cluster_event_at(s->c, i), x, &text);
	sb_free(&text);
	sb_printf(seen, "%lld event%s", (long long)n, n == 1 ? "" : "s");
	return x->number < 0 ? n > 0 : n == x->number;
}

/* What a terminal would show: output and errors in one buffer, in the order written. */
static bool eval_output(const struct scenario *sc, struct session *s,
			const struct scenario_expect *x, struct strbuf *seen)
{
	struct strbuf text;
	bool ok;

	sb_init(&text);
	scenario_exec(sc, s, x->target, &text, &text);
	put_value(seen, text.data);
	ok = compare(x, text.data);
	sb_free(&text);
	return ok;
}

bool scenario_expect_eval(const struct scenario *sc, struct session *s,
			  const struct scenario_expect *x, struct strbuf *seen)
{
	switch (x->kind) {
	case EXPECT_GET:
		return eval_get(s, x, seen);
	case EXPECT_COUNT:
		return eval_count(s, x, seen);
	case EXPECT_EVENT:
		return eval_event(s, x, seen);
	case EXPECT_OUTPUT:
		return eval_output(sc, s, x, seen);
	}
	return false;
}
