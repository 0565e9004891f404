/*
 * The Scenario document of a demo file, decoded with the same tables and
 * error style as a manifest: cluster nodes (pushed as Node objects, so the
 * session applies them like any other), start time, seed, speed, teaching
 * overrides and the timeline with its expectations. The result is the
 * scenario module's struct, which owns copies of its strings: it outlives
 * the cluster the file was loaded into.
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/keys.h"
#include "ksim/demo.h"

/* --- values --- */

/* How a collection reads in "expected ..., got X". */
static const char *shape(const yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE ? "a mapping" : "a list";
}

/* FIELD_FN: a string into an owned char * (the scenario outlives the cluster). */
static int decode_text(struct dec *d, yaml_node_t *n, void *ptr)
{
	char **out = ptr;
	const char *s;

	if (dec_string(d, n, &s))
		return -1;
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* FIELD_FN: any scalar as written (`equals: 2`, `equals: true`, `equals: "a b"`). */
static int decode_scalar(struct dec *d, yaml_node_t *n, void *ptr)
{
	char **out = ptr;

	if (n->type != YAML_SCALAR_NODE)
		return dec_fail(d, n, NULL, "expected a number or a string, got %s", shape(n));
	free(*out);
	*out = xstrdup(dec_text(n));
	return 0;
}

static int decode_time(struct dec *d, yaml_node_t *n, void *ptr)
{
	const char *s;

	if (dec_string(d, n, &s))
		return -1;
	if (time_parse_rfc3339(s, ptr))
		return dec_fail(
		    d, n, NULL,
		    "Invalid value: %s: expected an RFC 3339 time such as 2026-01-01T00:00:00Z",
		    dec_quote(d, s));
	return 0;
}

static int decode_duration(struct dec *d, yaml_node_t *n, void *ptr)
{
	const char *s = dec_text(n);

	if (!s)
		return dec_fail(d, n, NULL, "expected a duration such as 40s or 2m, got %s",
				shape(n));
	if (dec_class(n) == SC_BOOL || duration_parse(s, ptr))
		return dec_fail(d, n, NULL,
				"Invalid value: %s: expected a duration such as 40s or 2m",
				dec_quote(d, s));
	return 0;
}

static int decode_speed(struct dec *d, yaml_node_t *n, void *ptr)
{
	enum scalar_class sc = dec_class(n);
	double *speed = ptr;

	if (n->type != YAML_SCALAR_NODE || (sc != SC_INT && sc != SC_FLOAT))
		return dec_fail(d, n, NULL, "expected a number, got %s",
				n->type == YAML_SCALAR_NODE ? dec_quote(d, dec_text(n)) : shape(n));
	*speed = strtod(dec_text(n), NULL);
	if (!(*speed > 0 && *speed <= 10000))
		return dec_fail(d, n, NULL,
				"Invalid value: %s: must be more than 0 and at most 10000",
				dec_text(n));
	return 0;
}

/* "job/job-2": a kind kubectl knows, a slash, a name. */
static int check_object_ref(struct dec *d, yaml_node_t *node, const char *key, const char *ref)
{
	const char *slash = strchr(ref, '/');
	char kind[64];

	if (!slash || slash == ref || !slash[1] || strchr(slash + 1, '/'))
		return dec_fail(d, node, key,
				"Invalid value: %s: expected KIND/NAME, such as job/job-2",
				dec_quote(d, ref));
	snprintf(kind, sizeof kind, "%.*s", (int)(slash - ref), ref);
	if (kind_parse(kind) == KIND_NONE)
		return dec_fail(d, node, key,
				"Invalid value: %s: the server doesn't have a resource type %s",
				dec_quote(d, ref), dec_quote(d, kind));
	return 0;
}

/* The first two of names[] (bar those in skip) that the mapping sets, in the order written; -1 for none. */
static void first_two(struct dec *d, yaml_node_t *node, const char *const *names, size_t n,
		      unsigned skip, int two[2])
{
	int k = 0;

	two[0] = two[1] = -1;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     p < node->data.mapping.pairs.top && k < 2; p++) {
		const char *key = dec_text(dec_node(d, p->key));

		for (size_t i = 0; key && i < n; i++)
			if (!(skip & 1u << i) && strcmp(key, names[i]) == 0 &&
			    !dec_is_null(dec_node(d, p->value)))
				two[k++] = (int)i;
	}
}

/* --- expectations --- */

/* kubectl -l syntax, parsed once here so that a bad selector is an input error. */
static int check_selector(struct dec *d, yaml_node_t *node, const char *text)
{
	struct selector sel;
	struct ksim_error err;
	int rc = 0;

	selector_init(&sel);
	if (selector_parse(d->c->labels, text, &sel, &err))
		rc = dec_fail(d, node, "selector", "Invalid value: %s: %s", dec_quote(d, text),
			      err.msg);
	selector_free(&sel);
	return rc;
}

static const struct enum_value pod_phases[] = {
	{ "Pending", PHASE_PENDING },     { "Running", PHASE_RUNNING },
	{ "Succeeded", PHASE_SUCCEEDED }, { "Failed", PHASE_FAILED },
	{ "Unknown", PHASE_UNKNOWN },     { NULL, 0 },
};

/* FIELD_FN: a pod phase, kept as written. */
static int decode_phase(struct dec *d, yaml_node_t *n, void *ptr)
{
	int phase, rc = dec_enum(d, n, pod_phases, &phase);

	return rc ? rc : decode_text(d, n, ptr);
}

static void expect_init(void *obj)
{
	struct scenario_expect *x = obj;

	x->number = -1;
}

#define EXPECT_TEXT(key, member)                                                             \
	FIELD_OF(key, FIELD_FN, struct scenario_expect, member, .fn = decode_text)

/* get, count, event and output name the check; expect_check reads them once it knows which. */
static const struct field expect_fields[] = {
	{ .name = "get", .type = FIELD_IGNORE },
	{ .name = "count", .type = FIELD_IGNORE },
	{ .name = "event", .type = FIELD_IGNORE },
	{ .name = "output", .type = FIELD_IGNORE },
	EXPECT_TEXT("field", field),
	EXPECT_TEXT("selector", selector),
	EXPECT_TEXT("namespace", ns),
	EXPECT_TEXT("node", node),
	EXPECT_TEXT("status", status),
	FIELD_OF("phase", FIELD_FN, struct scenario_expect, phase, .fn = decode_phase),
	EXPECT_TEXT("object", target),
	EXPECT_TEXT("message", message),
	FIELD_OF("equals", FIELD_FN, struct scenario_expect, equals, .fn = decode_scalar),
	EXPECT_TEXT("contains", contains),
};

#define K(kind) (1u << (kind))

/* Which checks take which keys, besides the one that names the check. */
static const struct {
	const char *key;
	unsigned kinds;
} expect_keys[] = {
	{ "field", K(EXPECT_GET) },
	{ "selector", K(EXPECT_GET) | K(EXPECT_COUNT) },
	{ "namespace", K(EXPECT_GET) | K(EXPECT_COUNT) | K(EXPECT_EVENT) },
	{ "node", K(EXPECT_GET) | K(EXPECT_COUNT) },
	{ "status", K(EXPECT_GET) | K(EXPECT_COUNT) },
	{ "phase", K(EXPECT_GET) | K(EXPECT_COUNT) },
	{ "object", K(EXPECT_EVENT) },
	{ "message", K(EXPECT_EVENT) },
	{ "equals", K(EXPECT_GET) | K(EXPECT_COUNT) | K(EXPECT_OUTPUT) },
	{ "contains", K(EXPECT_GET) | K(EXPECT_OUTPUT) },
};

static const char *const expect_names[] = {
	[EXPECT_GET] = "get",
	[EXPECT_COUNT] = "count",
	[EXPECT_EVENT] = "event",
	[EXPECT_OUTPUT] = "output",
};

/* The key that names the check; next to event, count is the number of events. */
static int expect_kind_of(struct dec *d, yaml_node_t *node, enum expect_kind *out)
{
	bool event = !dec_is_null(dec_lookup(d, node, "event"));
	int two[2];

	first_two(d, node, expect_names, ARRAY_LEN(expect_names), event ? 1u << EXPECT_COUNT : 0,
		  two);
	if (two[1] >= 0)
		return dec_fail(d, node, expect_names[two[1]],
				"a check is one of get, count, event or output: this one has %s and %s",
				expect_names[two[0]], expect_names[two[1]]);
	if (two[0] < 0)
		return dec_fail(d, node, NULL,
				"Required value: a check needs one of get, count, event or output");
	*out = (enum expect_kind)two[0];
	return 0;
}

/* The value under key, a string, copied into *out. */
static int read_key(struct dec *d, yaml_node_t *node, const char *key, char **out)
{
	yaml_node_t *val = dec_lookup(d, node, key);
	struct dec_frame fr = dec_enter(d, val, key);
	int rc = decode_text(d, val, out);

	dec_leave(d, fr);
	return rc;
}

/* The integer under key (>= 0) into *out. */
static int read_count(struct dec *d, yaml_node_t *node, const char *key, int64_t *out)
{
	yaml_node_t *val = dec_lookup(d, node, key);
	struct dec_frame fr = dec_enter(d, val, key);
	int rc = dec_int64(d, val, out);

	if (rc == 0 && *out < 0)
		rc = dec_fail(d, val, NULL, "Invalid value: %lld: must be greater than or equal to 0",
			      (long long)*out);
	dec_leave(d, fr);
	return rc;
}

/* The first pod filter the check sets (node, status, phase; with_selector: selector first), or NULL. */
static const char *pod_filter(const struct scenario_expect *x, bool with_selector)
{
	if (with_selector && x->selector)
		return "selector";
	return x->node ? "node" : x->status ? "status" : x->phase ? "phase" : NULL;
}

/* A kind with filters: a count, or a get of the one object they pick. */
static int check_filters(struct dec *d, yaml_node_t *node, const char *key,
			 const struct scenario_expect *x)
{
	enum kind kind = kind_parse(x->target);

	if (kind == KIND_NONE)
		return dec_fail(
		    d, node, key, "Invalid value: %s: the server doesn't have a resource type %s%s",
		    dec_quote(d, x->target), dec_quote(d, x->target),
		    x->kind == EXPECT_GET ? " (get takes KIND/NAME, or KIND with a selector)" : "");
	if (x->selector && check_selector(d, node, x->selector))
		return -1;
	if (kind != KIND_POD && pod_filter(x, false))
		return dec_fail(d, node, pod_filter(x, false),
				"only pods have a node, a status and a phase");
	if (x->kind == EXPECT_GET && !x->selector && !x->node)
		return dec_fail(
		    d, node, "selector",
		    "Required value: get %s without a name needs a selector or a node that picks one object",
		    x->target);
	return 0;
}

static int expect_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct scenario_expect *x = obj;
	const char *name;

	if (expect_kind_of(d, node, &x->kind))
		return -1;
	/* `equals: null` (or empty) checks that a field is absent, as jq reads it. */
	if (!x->equals && dec_lookup(d, node, "equals"))
		x->equals = xstrdup("null");
	name = expect_names[x->kind];
	x->line = (int)node->start_mark.line + 1;
	x->col = (int)node->start_mark.column + 1;
	for (size_t i = 0; i < ARRAY_LEN(expect_keys); i++)
		if (!(expect_keys[i].kinds & K(x->kind)) &&
		    !dec_is_null(dec_lookup(d, node, expect_keys[i].key)))
			return dec_fail(d, node, expect_keys[i].key, "a %s check does not take %s",
					name, expect_keys[i].key);
	if (x->kind == EXPECT_EVENT) {
		if (read_key(d, node, "event", &x->reason) ||
		    (x->target && check_object_ref(d, node, "object", x->target)))
			return -1;
		return dec_is_null(dec_lookup(d, node, "count"))
			   ? 0
			   : read_count(d, node, "count", &x->number);
	}
	if (read_key(d, node, name, &x->target))
		return -1;
	if (x->kind == EXPECT_GET && strchr(x->target, '/')) {
		if (check_object_ref(d, node, name, x->target))
			return -1;
		if (pod_filter(x, true))
			return dec_fail(
			    d, node, pod_filter(x, true),
			    "a get of a named object takes no selector, node, status or phase");
	} else if (x->kind == EXPECT_GET || x->kind == EXPECT_COUNT) {
		if (check_filters(d, node, name, x))
			return -1;
	}
	if (x->kind == EXPECT_COUNT) {
		if (!x->equals)
			return dec_fail(d, node, "equals",
					"Required value: the number of objects expected");
		return read_count(d, node, "equals", &x->number);
	}
	if (x->kind == EXPECT_GET && !x->field)
		return dec_fail(d, node, "field", "Required value: a path such as status.succeeded");
	if (!x->equals == !x->contains)
		return dec_fail(d, node, x->equals ? "contains" : "equals",
				x->equals
				    ? "a check takes equals or contains, not both"
				    : "Required value: what to compare with (equals or contains)");
	return 0;
}

static const struct decoder expect_decoder = DECODER(expect_fields,
						     .size = sizeof(struct scenario_expect),
						     .init = expect_init, .check = expect_check);

static int expect_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	struct scenario_step *st = ctx;

	return dec_spend(d, item) ? -1 : dec_map(d, item, &st->expect[i], &expect_decoder);
}

/* FIELD_FN on a step: one check (a mapping) or a list of them. */
static int decode_expects(struct dec *d, yaml_node_t *n, void *ptr)
{
	struct scenario_step *st = ptr;

	if (n->type == YAML_MAPPING_NODE) {
		st->nexpect = 1;
		st->expect = xcalloc(1, sizeof *st->expect);
		return dec_map(d, n, st->expect, &expect_decoder);
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return dec_expect(d, n, YAML_MAPPING_NODE);
	st->nexpect = (uint32_t)dec_len(n);
	st->expect = xcalloc(st->nexpect, sizeof *st->expect);
	return dec_each(d, n, expect_item, st);
}

/* --- the timeline --- */

static const char *const step_actions[] = {
	[STEP_RUN] = "run",     [STEP_KEY] = "key",       [STEP_SAY] = "say",
	[STEP_PAUSE] = "pause", [STEP_EXPECT] = "expect",
};

#define STEP_TEXT(key)                                                                      \
	{                                                                                   \
		.name = key, .type = FIELD_FN, .off = offsetof(struct scenario_step, text), \
		.fn = decode_text                                                           \
	}

static const struct field step_fields[] = {
	{ .name = "at",
	  .type = FIELD_IGNORE }, /* read by decode_timeline, which knows the previous step */
	STEP_TEXT("run"),
	STEP_TEXT("key"),
	STEP_TEXT("say"),
	{ .name = "pause", .type = FIELD_IGNORE }, /* read by step_check */
	{ .name = "expect", .type = FIELD_FN, .fn = decode_expects },
};

/* A key: the dashboard would not answer; the message lists the ones it would. */
static int key_fail(struct dec *d, yaml_node_t *node, const char *text)
{
	struct strbuf keys;
	int rc;

	sb_init(&keys);
	keys_demo_valid(&keys);
	rc = dec_fail(d, node, "key",
		      "Unsupported value: %s: not a dashboard key: press one of %s, or name its "
		      "action as keys.yaml does (next-panel, fail-node, ...)",
		      dec_quote(d, text), keys.data);
	sb_free(&keys);
	return rc;
}

/* A step does one thing; `pause: false` does nothing. */
static int step_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct scenario_step *st = obj;
	yaml_node_t *pause = dec_lookup(d, node, "pause");
	bool on = true;
	int two[2];

	if (!dec_is_null(pause)) {
		struct dec_frame fr = dec_enter(d, pause, "pause");
		int rc = dec_bool(d, pause, &on);

		dec_leave(d, fr);
		if (rc)
			return -1;
	}
	first_two(d, node, step_actions, ARRAY_LEN(step_actions), on ? 0 : 1u << STEP_PAUSE, two);
	if (two[1] >= 0)
		return dec_fail(
		    d, node, step_actions[two[1]],
		    "a step does one thing: this one has %s and %s (give each its own step)",
		    step_actions[two[0]], step_actions[two[1]]);
	if (two[0] < 0)
		return dec_fail(d, node, NULL,
				"Required value: a step needs one of run, key, say, pause or expect");
	st->action = (enum step_action)two[0];
	if (st->action == STEP_KEY && !keys_demo_action(st->text))
		return key_fail(d, node, st->text);
	st->line = (int)node->start_mark.line + 1;
	st->col = (int)node->start_mark.column + 1;
	return 0;
}

static const struct decoder step_decoder = DECODER(step_fields, .check = step_check);

/* `at:` 30s, 2m, 1h30m from the start, or +10s after the previous step; absent: with it. */
static int read_at(struct dec *d, yaml_node_t *item, int64_t prev, int64_t *at)
{
	yaml_node_t *val = dec_lookup(d, item, "at");
	const char *s = dec_text(val);
	struct dec_frame fr;
	int64_t v;
	int rc = 0;

	*at = prev;
	if (dec_is_null(val))
		return 0;
	fr = dec_enter(d, val, "at");
	if (!s)
		rc = dec_fail(d, val, NULL, "expected a time such as 30s or +10s, got %s",
			      shape(val));
	else if (dec_class(val) == SC_BOOL || duration_parse(s + (*s == '+'), &v))
		rc = dec_fail(
		    d, val, NULL,
		    "Invalid value: %s: expected a time from the start such as 30s, 2m or 1h30m, or +10s after the previous step",
		    dec_quote(d, s));
	else if (*s != '+' && v < prev)
		rc = dec_fail(
		    d, val, NULL,
		    "Invalid value: %s: before the previous step; steps go in time order (write +10s for \"10 s later\")",
		    dec_quote(d, s));
	else
		*at = *s == '+' ? prev + v : v;
	dec_leave(d, fr);
	return rc;
}

struct timeline {
	struct scenario *sc;
	int64_t prev;
};

static int step_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	struct timeline *t = ctx;
	struct scenario_step *st = &t->sc->steps[i];
	int rc = dec_spend(d, item) ? -1 : dec_map(d, item, st, &step_decoder);

	if (rc == 0)
		rc = read_at(d, item, t->prev, &st->at_ms);
	t->prev = st->at_ms;
	return rc;
}

static int decode_timeline(struct dec *d, yaml_node_t *n, void *ptr)
{
	struct timeline t = { ptr, 0 };

	if (dec_expect(d, n, YAML_SEQUENCE_NODE))
		return -1;
	t.sc->nsteps = (uint32_t)dec_len(n);
	t.sc->steps = xcalloc(t.sc->nsteps, sizeof *t.sc->steps);
	return dec_each(d, n, step_item, &t);
}

/* --- the cluster --- */

static int node_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	struct demo_node dn = { 0 };
	struct node *node;

	(void)i;
	(void)ctx;
	if (dec_spend(d, item) || dec_map(d, item, &dn, &decode_demo_node)) {
		cluster_object_release(d->c, KIND_NODE, &dn.node);
		return -1;
	}
	node = xmalloc(sizeof *node);
	*node = dn.node;
	dec_push_object(d, KIND_NODE, node, item);
	return 0;
}

/* Each node is decoded as a Node would be and added to the manifest. */
static int decode_nodes(struct dec *d, yaml_node_t *n, void *ptr)
{
	return dec_each(d, n, node_item, ptr);
}

static const struct field cluster_fields[] = {
	{ .name = "nodes", .type = FIELD_FN, .fn = decode_nodes },
};
static const struct decoder cluster_decoder = DECODER(cluster_fields);

static const struct enum_value panels[] = {
	{ "daemonsets", SCENARIO_PANEL_DAEMONSETS },   { "jobs", SCENARIO_PANEL_JOBS },
	{ "cronjobs", SCENARIO_PANEL_CRONJOBS },       { "statefulsets", SCENARIO_PANEL_SETS },
	{ "replicasets", SCENARIO_PANEL_SETS },        { "deployments", SCENARIO_PANEL_DEPLOYMENTS },
	{ NULL, 0 },
};

static const struct field spec_fields[] = {
	{ .name = "cluster", .type = FIELD_MAP, .sub = &cluster_decoder },
	{ .name = "panel", .type = FIELD_ENUM, .off = offsetof(struct scenario, panel), .values = panels },
	{ .name = "start",
	  .type = FIELD_FN,
	  .off = offsetof(struct scenario, start_ms),
	  .fn = decode_time },
	{ .name = "seed", .type = FIELD_INT64, .off = offsetof(struct scenario, seed), .flags = F_NONNEG },
	{ .name = "speed", .type = FIELD_FN, .off = offsetof(struct scenario, speed), .fn = decode_speed },
	{ .name = "nodeMonitorGracePeriod",
	  .type = FIELD_FN,
	  .off = offsetof(struct scenario, node_monitor_grace_ms),
	  .fn = decode_duration },
	{ .name = "tolerationSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct scenario, toleration_s),
	  .flags = F_NONNEG },
	{ .name = "timeline", .type = FIELD_FN, .fn = decode_timeline },
};
static const struct decoder spec_decoder = DECODER(spec_fields);

static int metadata_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct scenario *sc = obj;

	if (!sc->name || !*sc->name)
		return dec_fail(d, node, "name", "Required value: name is required");
	return dec_check_name(d, node, "name", NAME_DNS_SUBDOMAIN, sc->name);
}

static const struct field metadata_fields[] = {
	{ .name = "name", .type = FIELD_FN, .off = offsetof(struct scenario, name), .fn = decode_text },
	{ .name = "labels", .type = FIELD_IGNORE },
	{ .name = "annotations", .type = FIELD_IGNORE },
};
static const struct decoder metadata_decoder = DECODER(metadata_fields, .check = metadata_check);

static void scenario_init(void *obj)
{
	struct scenario *sc = obj;

	sc->start_ms = SESSION_DEFAULT_START_MS;
	sc->seed = SESSION_DEFAULT_SEED;
	sc->speed = 1;
	sc->node_monitor_grace_ms = -1;
	sc->toleration_s = -1;
}

static const struct field scenario_fields[] = {
	{ .name = "apiVersion", .type = FIELD_IGNORE },
	{ .name = "kind", .type = FIELD_IGNORE },
	{ .name = "metadata", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &metadata_decoder },
	{ .name = "description",
	  .type = FIELD_FN,
	  .off = offsetof(struct scenario, description),
	  .fn = decode_text },
	{ .name = "spec", .type = FIELD_MAP, .sub = &spec_decoder },
};
static const struct decoder scenario_decoder = DECODER(scenario_fields, .init = scenario_init);

static void expect_free(struct scenario_expect *x)
{
	free(x->target);
	free(x->reason);
	free(x->field);
	free(x->selector);
	free(x->ns);
	free(x->node);
	free(x->status);
	free(x->phase);
	free(x->equals);
	free(x->contains);
	free(x->message);
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (uint32_t i = 0; i < sc->nsteps; i++) {
		for (uint32_t j = 0; j < sc->steps[i].nexpect; j++)
			expect_free(&sc->steps[i].expect[j]);
		free(sc->steps[i].expect);
		free(sc->steps[i].text);
	}
	free(sc->steps);
	free(sc->file);
	free(sc->dir);
	free(sc->name);
	free(sc->description);
	free(sc);
}

int decode_scenario(struct dec *d, yaml_node_t *node)
{
	struct scenario *sc = xcalloc(1, sizeof *sc);

	_Static_assert(sizeof sc->seed == sizeof(int64_t), "FIELD_INT64 writes the seed");
	if (dec_map(d, node, sc, &scenario_decoder)) {
		scenario_free(sc);
		return -1;
	}
	d->m->scenario.decoded = sc;
	return 0;
}
