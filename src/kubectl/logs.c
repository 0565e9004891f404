/*
 * kubectl logs POD | TYPE/NAME [-c CONTAINER] [--tail N] [-p] [-l SELECTOR].
 * The API server and the kubelet refuse as they do in 1.31: a container
 * still waiting has no logs, -p needs a previous termination, a pod not yet
 * on a node has an empty log. The text is the latest container instance's,
 * with -p lastState.terminated's (kubelet_pods.go validateContainerLogStatus).
 * For a workload the first pod in kubectl's "best for logs" order is used.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct logs_opts {
	const char *container, *tail, *selector;
	bool previous;
	long tail_lines; /* -1: all */
};

/* podutils.ByLogging: scheduled, then Running < Unknown < Pending, then ready, restarts, age. */
static bool better_for_logs(const struct pod *a, const struct pod *b)
{
	static const int phase_rank[] = { [PHASE_PENDING] = 2, [PHASE_UNKNOWN] = 1 };
	uint32_t ra = 0, rb = 0;

	if ((a->node == NONE32) != (b->node == NONE32))
		return a->node != NONE32;
	if (phase_rank[a->phase] != phase_rank[b->phase])
		return phase_rank[a->phase] < phase_rank[b->phase];
	if (api_pod_is_ready(a) != api_pod_is_ready(b))
		return api_pod_is_ready(a);
	for (uint32_t i = 0; i < (uint32_t)a->ninit + a->ncontainers && a->ctrs; i++)
		ra = a->ctrs[i].restarts > ra ? a->ctrs[i].restarts : ra;
	for (uint32_t i = 0; i < (uint32_t)b->ninit + b->ncontainers && b->ctrs; i++)
		rb = b->ctrs[i].restarts > rb ? b->ctrs[i].restarts : rb;
	if (ra != rb)
		return ra > rb;
	return a->meta.created_ms < b->meta.created_ms;
}

/* The pod a workload's logs come from; NONE32 when it has none (after reporting why). */
static uint32_t first_pod(struct kubectl *k, enum kind kind, uint32_t idx)
{
	const struct meta *owner = cluster_meta(k->c, kind, idx);
	const struct selector *own = kind_selector(kind, owner);
	struct selector by_map;
	struct objlist l;
	uint32_t best = NONE32;

	/* A Service selects with a plain label map. */
	selector_init(&by_map);
	if (kind == KIND_SVC)
		by_map.match_labels = ((const struct service *)owner)->selector;
	if (!kind_class(kind)->logs) {
		sb_printf(k->err,
			  "error: cannot get the logs from *v1.%s: selector for *v1.%s not "
			  "implemented\n",
			  kind_info(kind)->kind, kind_info(kind)->kind);
		return NONE32;
	}
	objlist_collect(k, KIND_POD, own ? own : &by_map, &l);
	for (uint32_t i = 0; i < l.n; i++)
		if (best == NONE32 || better_for_logs(cluster_get(k->c, KIND_POD, l.idx[i]),
						      cluster_get(k->c, KIND_POD, best)))
			best = l.idx[i];
	if (l.n > 1)
		sb_printf(k->err, "Found %u pods, using pod/%s\n", l.n,
			  cluster_str(k->c, cluster_meta(k->c, KIND_POD, best)->name));
	if (!l.n)
		sb_add(k->err, "error: timed out waiting for the condition\n");
	objlist_free(&l);
	return best;
}

/* Finds -c among the pod's containers (init ones count); NONE32 if absent. */
static uint32_t container_index(const struct cluster *c, const struct podspec *s, const char *name)
{
	for (uint32_t i = 0; i < s->ninit; i++)
		if (strcmp(cluster_str(c, s->init_containers[i].name), name) == 0)
			return i;
	for (uint32_t i = 0; i < s->ncontainers; i++)
		if (strcmp(cluster_str(c, s->containers[i].name), name) == 0)
			return s->ninit + i;
	return NONE32;
}

/* "Defaulted container "a" out of: a, b, init (init)" when the choice was not obvious. */
static void defaulted_notice(struct kubectl *k, const struct podspec *s)
{
	if (s->ncontainers < 2 && !s->ninit)
		return;
	sb_printf(k->err,
		  "Defaulted container \"%s\" out of: ", cluster_str(k->c, s->containers[0].name));
	for (uint32_t i = 0; i < s->ncontainers; i++)
		sb_printf(k->err, "%s%s", i ? ", " : "", cluster_str(k->c, s->containers[i].name));
	for (uint32_t i = 0; i < s->ninit; i++)
		sb_printf(k->err, ", %s (init)", cluster_str(k->c, s->init_containers[i].name));
	sb_addc(k->err, '\n');
}

static int bad_request(struct kubectl *k, const char *fmt, const char *a, const char *b)
{
	sb_add(k->err, "Error from server (BadRequest): ");
	sb_printf(k->err, fmt, a, b);
	sb_addc(k->err, '\n');
	return 1;
}

static void write_tail(const char *text, long lines, struct strbuf *out)
{
	const char *p = text + strlen(text);

	if (lines < 0) {
		sb_add(out, text);
		return;
	}
	/* Walk back over `lines` newlines; the text ends with one. */
	for (long seen = -1; p > text; p--)
		if (p[-1] == '\n' && ++seen == lines)
			break;
	sb_add(out, p);
}

static int pod_logs(struct kubectl *k, uint32_t pod, const struct logs_opts *o)
{
	const struct pod *p = cluster_get(k->c, KIND_POD, pod);
	const struct podspec *s = cluster_spec(k->c, p->spec);
	const char *pname = cluster_str(k->c, p->meta.name), *cname;
	const struct ctr_status *cs;
	uint32_t i;

	if (o->container) {
		i = container_index(k->c, s, o->container);
		if (i == NONE32)
			return bad_request(k, "container %s is not valid for pod %s", o->container,
					   pname);
	} else {
		defaulted_notice(k, s);
		i = s->ninit;
	}
	cname = cluster_str(k->c, cluster_pod_container(k->c, p, i)->name);
	if (p->node == NONE32 || !p->ctrs)
		return 0; /* no node yet: the API server returns an empty log */
	cs = &p->ctrs[i];
	if (o->previous && !(cs->restarts && api_time_is_set(cs->finished_ms)))
		return bad_request(k, "previous terminated container \"%s\" in pod \"%s\" not found",
				   cname, pname);
	if (!o->previous && (cs->state == CTR_WAITING || cs->state == CTR_BACKOFF) &&
	    !api_time_is_set(cs->finished_ms)) {
		sb_printf(k->err,
			  "Error from server (BadRequest): container \"%s\" in pod \"%s\" is "
			  "waiting to start: %s\n",
			  cname, pname,
			  /* kubelet validateContainerLogStatus */
			  cs->pull != PULL_OK ? "trying and failing to pull image"
					      : ctr_waiting_reason(p->ninit, cs));
		return 1;
	}
	/* In CrashLoopBackOff the dead instance is the latest and also lastState, so -p
	 * shows it too (kubelet_pods.go convertToAPIContainerStatuses). */
	write_tail(cluster_log_text(k->c, pod, i, o->previous && cs->state != CTR_BACKOFF),
		   o->tail_lines, k->out);
	return 0;
}

static int logs_selected(struct kubectl *k, const struct logs_opts *o)
{
	struct selector sel;
	struct ksim_error err;
	struct objlist l;
	int rc = 0;

	selector_init(&sel);
	if (selector_parse(k->c->labels, o->selector, &sel, &err)) {
		sb_printf(k->err, "error: %s\n", err.msg);
		selector_free(&sel);
		return 1;
	}
	objlist_collect(k, KIND_POD, &sel, &l);
	if (!l.n)
		sb_printf(k->err, "No resources found in %s namespace.\n", cluster_str(k->c, k->ns));
	for (uint32_t i = 0; i < l.n; i++)
		rc |= pod_logs(k, l.idx[i], o);
	objlist_free(&l);
	selector_free(&sel);
	return rc;
}

static int logs_exec(struct kubectl *k, int argc, char **argv)
{
	struct logs_opts o = { .tail_lines = -1 };
	const struct kubectl_flag flags[] = {
		{ "c", "container", &o.container, NULL },
		{ NULL, "tail", &o.tail, NULL },
		{ "p", "previous", NULL, &o.previous },
		{ "l", "selector", &o.selector, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct kubectl_target *t = NULL;
	char *pod_words[2], *end;
	int n = 0, rc;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (o.tail) {
		o.tail_lines = strtol(o.tail, &end, 10);
		if (*end || !*o.tail) {
			sb_printf(k->err,
				  "error: invalid argument \"%s\" for \"--tail\" flag: strconv.ParseInt: "
				  "parsing \"%s\": invalid syntax\n",
				  o.tail, o.tail);
			return 1;
		}
	}
	if (o.selector && argc == 1)
		return logs_selected(k, &o);
	if (argc < 2 || argc > 3) {
		sb_add(k->err, "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
			       "POD or TYPE/NAME is a required argument for the logs command\n"
			       "See 'kubectl logs -h' for help and examples\n");
		return 1;
	}
	if (argc == 3)
		o.container = argv[2]; /* "kubectl logs POD CONTAINER" */
	pod_words[0] = (char *)"pods";
	pod_words[1] = argv[1];
	rc = strchr(argv[1], '/') ? kubectl_resolve(k, 1, argv + 1, &t, &n)
				  : kubectl_resolve(k, 2, pod_words, &t, &n);
	if (!rc && n == 1) {
		uint32_t pod = t[0].kind == KIND_POD ? t[0].idx : first_pod(k, t[0].kind, t[0].idx);
		rc = pod == NONE32 ? 1 : pod_logs(k, pod, &o);
	}
	free(t);
	return rc;
}

const struct kubectl_verb kubectl_logs = {
	.name = "logs",
	.usage = "logs (POD | TYPE/NAME) [-c CONTAINER] [--tail N] [-p] | logs -l SELECTOR",
	.summary = "Print the logs for a container in a pod",
	.exec = logs_exec,
};
