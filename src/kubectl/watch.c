/*
 * kubectl get -w: after the list, a line for each watch event of the one
 * type watched (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go watch): an
 * object added, modified (a new resourceVersion) or deleted, printed alone
 * as the event's object, with no header. kubectl flushes its tabwriter
 * after each event, so each row is aligned on its own. An object that
 * stops matching the label or field selector is a deletion for the watcher,
 * as the API server's watch cache reports it. The watch keeps no pointer
 * into the cluster: objects by uid, names as text.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct seen {
	uint32_t uid, idx;
	uint64_t rv;
	char *row; /* its last line, printed again when it goes */
};

struct kubectl_watch {
	enum kind kind; /* KIND_NONE: events */
	uint64_t event_seq; /* events: the newest printed */
	char *ns; /* NULL: all namespaces (-A, or a cluster-scoped kind) */
	char *labels, *fields;
	uint32_t only_uid; /* a named object: 0 for a list */
	struct watch_format fmt;
	uint32_t n, cap;
	struct seen *seen;
};

void kubectl_watch_free(struct kubectl_watch *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->n; i++)
		free(w->seen[i].row);
	free(w->seen);
	free(w->ns);
	free(w->labels);
	free(w->fields);
	free(w);
}

/* The event's line: the object as the watch prints it. */
static char *event_line(struct kubectl *k, const struct kubectl_watch *w, uint32_t idx)
{
	struct strbuf out;
	struct objlist one = { &idx, 1 };
	struct print_opts po = { .wide = w->fmt.wide,
				 .show_ns = w->fmt.show_ns,
				 .show_labels = w->fmt.show_labels,
				 .no_headers = true };

	sb_init(&out);
	if (w->fmt.name) {
		kubectl_object_name(k->c, w->kind, idx, &out);
		sb_addc(&out, '\n');
	} else if (w->fmt.yaml || w->fmt.json) {
		struct tree *t = api_object_tree(k->c, w->kind, idx);
		if (w->fmt.yaml)
			sb_add(&out, "---\n");
		(w->fmt.yaml ? tree_yaml : tree_json)(t, &out);
		tree_free(t);
	} else {
		print_table(k, w->kind, &one, &po, &out);
	}
	return sb_take(&out);
}

static void track(struct kubectl_watch *w, const struct cluster *c, uint32_t idx, char *row)
{
	const struct meta *m = cluster_meta(c, w->kind, idx);

	xgrow(&w->seen, &w->cap, w->n + 1, sizeof *w->seen);
	w->seen[w->n++] = (struct seen){ m->uid, idx, m->rv, row };
}

/* The objects the watch selects now, as indexes (the caller frees the list). */
static void current(struct kubectl *k, const struct kubectl_watch *w, struct objlist *l)
{
	struct selector sel;
	struct field_selector fs;
	struct strbuf why;
	uint32_t n = 0;

	selector_init(&sel);
	sb_init(&why);
	selector_parse(k->c->labels, w->labels ? w->labels : "", &sel, &(struct ksim_error){ 0 });
	field_selector_parse(w->fields ? w->fields : "", &fs, &why);
	objlist_collect(k, w->kind, w->labels ? &sel : NULL, l);
	for (uint32_t i = 0; i < l->n; i++) {
		const struct meta *m = cluster_meta(k->c, w->kind, l->idx[i]);
		if ((!w->only_uid || m->uid == w->only_uid) &&
		    field_selector_matches(k->c, w->kind, l->idx[i], &fs))
			l->idx[n++] = l->idx[i];
	}
	l->n = n;
	field_selector_free(&fs);
	sb_free(&why);
	selector_free(&sel);
}

/* A kubectl for reading the cluster the way the watch was asked. */
static struct kubectl reader(const struct kubectl_watch *w, struct cluster *c, struct strbuf *out)
{
	uint32_t ns = w->ns ? strtab_lookup(c->strings, w->ns) : NONE32;

	return (struct kubectl){ .c = c,
				 .out = out,
				 .err = out,
				 .ns = ns == NONE32 ? c->s.default_ns : ns,
				 .all_namespaces = !w->ns,
				 .base_dir = "" };
}

struct kubectl_watch *watch_new(struct kubectl *k, enum kind kind, const char *labels,
				const char *fields, const struct objlist *listed, bool named,
				const struct watch_format *fmt)
{
	struct kubectl_watch *w = xcalloc(1, sizeof *w);

	w->kind = kind;
	if (!k->all_namespaces && (kind == KIND_NONE || kind_info(kind)->namespaced))
		w->ns = xstrdup(cluster_str(k->c, k->ns));
	if (kind == KIND_NONE && k->c->events.count) /* the list showed every event so far */
		w->event_seq = cluster_event_at(k->c, k->c->events.count - 1)->seq;
	w->labels = labels ? xstrdup(labels) : NULL;
	w->fields = fields ? xstrdup(fields) : NULL;
	w->fmt = *fmt;
	for (uint32_t i = 0; listed && i < listed->n; i++)
		track(w, k->c, listed->idx[i], event_line(k, w, listed->idx[i]));
	if (named && listed && listed->n == 1)
		w->only_uid = w->seen[0].uid;
	return w;
}

/* Events are only ever added: each new one in scope is a line. */
static void poll_events(struct kubectl_watch *w, struct kubectl *k)
{
	const struct cluster *c = k->c;
	struct print_opts po = { .wide = w->fmt.wide, .show_ns = !w->ns, .no_headers = true };
	uint32_t i = c->events.count;
	struct field_selector fs;
	struct strbuf why;

	sb_init(&why);
	field_selector_parse(w->fields ? w->fields : "", &fs, &why);

	while (i > 0 && cluster_event_at(c, i - 1)->seq > w->event_seq)
		i--;
	for (; i < c->events.count; i++) {
		const struct event *ev = cluster_event_at(c, i);
		w->event_seq = ev->seq;
		if (w->ns && api_event_ns(c, ev) != k->ns)
			continue;
		struct strbuf msg;
		sb_init(&msg);
		event_text_render(c, &ev->msg, &msg);
		struct kevent one = { ev, ev, 1, sb_take(&msg) };
		struct keventlist l = { &one, 1 };
		if (!field_selector_event_matches(c, &one, &fs)) {
			free(one.message);
			continue;
		}
		if (w->fmt.name) {
			sb_add(k->out, "event/");
			api_event_name(c, &one, k->out);
			sb_addc(k->out, '\n');
		} else {
			print_events(k, &l, &po, k->out);
		}
		free(one.message);
	}
	field_selector_free(&fs);
	sb_free(&why);
}

void kubectl_watch_poll(struct kubectl_watch *w, struct cluster *c, struct strbuf *out)
{
	struct kubectl k = reader(w, c, out);
	struct objlist now;
	uint32_t kept = 0;

	if (w->kind == KIND_NONE) {
		poll_events(w, &k);
		return;
	}
	if (w->only_uid && !w->n)
		return; /* the named object is gone: nothing can come back under its uid */
	current(&k, w, &now);
	/* deleted, or no longer selected: its last line, once */
	for (uint32_t i = 0; i < w->n; i++) {
		struct seen *s = &w->seen[i];
		const struct meta *m = cluster_meta(c, w->kind, s->idx);
		bool still = false;
		for (uint32_t j = 0; m && m->uid == s->uid && j < now.n && !still; j++)
			still = now.idx[j] == s->idx;
		if (!still) {
			sb_add(out, s->row);
			free(s->row);
			continue;
		}
		if (m->rv != s->rv) {
			free(s->row);
			s->row = event_line(&k, w, s->idx);
			s->rv = m->rv;
			sb_add(out, s->row);
		}
		w->seen[kept++] = *s;
	}
	w->n = kept;
	/* added, or newly selected */
	for (uint32_t j = 0; j < now.n; j++) {
		bool known = false;
		for (uint32_t i = 0; i < w->n && !known; i++)
			known = w->seen[i].idx == now.idx[j];
		if (!known) {
			track(w, c, now.idx[j], event_line(&k, w, now.idx[j]));
			sb_add(out, w->seen[w->n - 1].row);
		}
	}
	objlist_free(&now);
}

bool kubectl_line_watches(const char *line)
{
	int argc;
	char **argv;
	struct ksim_error err;
	bool get, watch = false;

	if (kubectl_split(line, &argc, &argv, &err))
		return false;
	int verb = argc > 1 && strcmp(argv[0], "kubectl") == 0;
	get = verb < argc && strcmp(argv[verb], "get") == 0;
	for (int i = verb + 1; get && i < argc && strcmp(argv[i], "--") != 0; i++)
		watch |= strcmp(argv[i], "-w") == 0 || strcmp(argv[i], "--watch") == 0 ||
			 strcmp(argv[i], "--watch=true") == 0;
	kubectl_split_free(argc, argv);
	return get && watch;
}
