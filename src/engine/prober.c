/*
 * The kubelet's prober (pkg/kubelet/prober/worker.go, prober.go,
 * prober_manager.go). Each container probe is a worker with a ticker that
 * starts when the kubelet takes the pod and ticks every periodSeconds; here
 * it is one timer per probe at its next useful tick, so a pod without
 * probes costs nothing and a stopped worker (container not running, held
 * after a failed liveness probe, gated by a startup probe) costs nothing
 * until it resumes. A tick skips while the container has run less than
 * initialDelaySeconds; a result counts once it came successThreshold or
 * failureThreshold times in a row. Readiness starts as a failure, liveness
 * as a success; a startup probe holds the other two back until it
 * succeeds. A failed liveness or startup probe kills the container
 * (kubelet_container_kill), which the restart policy then restarts.
 * When a started container is not ready, the status manager triggers its
 * readiness probe at once (prober_manager.go UpdatePodStatus).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ksim/containerfs.h"

static const char SRC[] = "kubelet";
static const char *const kind_title[PROBE_KINDS] = { "Liveness", "Readiness", "Startup" };
static const char *const kind_word[PROBE_KINDS] = { "liveness", "readiness", "startup" };

static struct probe_status *slot(struct pod *p, uint32_t j, enum probe_kind kind)
{
	return &p->probes[j * PROBE_KINDS + kind];
}

static const struct container *app_container(const struct cluster *c, const struct pod *p,
					      uint32_t j)
{
	return &cluster_spec(c, p->spec)->containers[j];
}

/* Whether container j counts as started: its startup probe succeeded, or it has none. */
static bool ctr_started(const struct cluster *c, struct pod *p, uint32_t j)
{
	return !container_probe(app_container(c, p, j), PROBE_STARTUP) ||
	       slot(p, j, PROBE_STARTUP)->result == PROBE_SUCCESS;
}

/* The first tick of the worker's ticker at or after t. */
static int64_t tick_at_or_after(const struct probe_status *ps, int64_t period_ms, int64_t t)
{
	int64_t since = t - ps->origin_ms;

	if (since <= 0)
		return ps->origin_ms;
	return ps->origin_ms + (since + period_ms - 1) / period_ms * period_ms;
}

static void set_next(struct engine *e, uint32_t pod, struct probe_status *ps, int64_t at)
{
	ps->next_ms = at;
	engine_timer(e, CTRL_PROBER, pod, at);
}

/* Resumes the worker at its first tick at or after from once the initial delay has passed. */
static void arm_tick(struct engine *e, uint32_t pod, uint32_t j, enum probe_kind kind, int64_t from)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);
	const struct probe *pr = &app_container(e->c, p, j)->probes[kind];
	int64_t ready_at = p->ctrs[p->ninit + j].since_ms + (int64_t)pr->initial_delay_s * 1000;

	set_next(e, pod, slot(p, j, kind),
		 tick_at_or_after(slot(p, j, kind), (int64_t)pr->period_s * 1000,
				  from > ready_at ? from : ready_at));
}

/* The status manager's manual trigger of a readiness probe: now if the initial delay has passed. */
static void trigger_readiness(struct engine *e, uint32_t pod, uint32_t j)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);
	const struct probe *pr = &app_container(e->c, p, j)->probes[PROBE_READINESS];

	if (e->c->now_ms >= p->ctrs[p->ninit + j].since_ms + (int64_t)pr->initial_delay_s * 1000)
		set_next(e, pod, slot(p, j, PROBE_READINESS), e->c->now_ms);
	else
		arm_tick(e, pod, j, PROBE_READINESS, e->c->now_ms);
}

void prober_pod_admitted(struct engine *e, uint32_t pod)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);
	const struct podspec *s = cluster_spec(e->c, p->spec);
	bool any = false;

	for (uint32_t j = 0; j < s->ncontainers; j++)
		any |= s->containers[j].probes != NULL;
	if (!any || p->probes)
		return;
	p->probes = xcalloc((size_t)s->ncontainers * PROBE_KINDS, sizeof *p->probes);
	for (uint32_t i = 0; i < s->ncontainers * PROBE_KINDS; i++)
		p->probes[i] = (struct probe_status){ .origin_ms = e->c->now_ms,
						      .next_ms = TIME_NONE,
						      .last_ms = TIME_NONE };
}

bool prober_container_started(struct engine *e, uint32_t pod, uint32_t j)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);
	const struct container *k = app_container(e->c, p, j);
	static const uint8_t initial[PROBE_KINDS] = { PROBE_SUCCESS, PROBE_FAILURE, PROBE_UNKNOWN };

	if (!k->probes || !p->probes)
		return true;
	/* A new container ID: the results manager takes the initial value, probing resumes. */
	for (int kind = 0; kind < PROBE_KINDS; kind++) {
		struct probe_status *ps = slot(p, j, kind);
		ps->on_hold = false;
		ps->result = initial[kind];
		ps->next_ms = TIME_NONE;
	}
	if (container_probe(k, PROBE_STARTUP)) {
		arm_tick(e, pod, j, PROBE_STARTUP, e->c->now_ms);
		return false;
	}
	if (container_probe(k, PROBE_LIVENESS))
		arm_tick(e, pod, j, PROBE_LIVENESS, e->c->now_ms);
	if (!container_probe(k, PROBE_READINESS))
		return true;
	trigger_readiness(e, pod, j);
	return false;
}

/* --- what a probe sees --- */

/* The app container of p listening on port, or -1: its image's own port, else a declared containerPort. */
static int listener(const struct cluster *c, const struct pod *p, int32_t port)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	for (uint32_t j = 0; j < s->ncontainers; j++) {
		const struct container *k = &s->containers[j];
		const char *image = cluster_str(c, k->image);
		int32_t known = image_listen_port(image);
		if (p->ctrs[p->ninit + j].state != CTR_RUNNING || p->ctrs[p->ninit + j].killing)
			continue;
		if (known && k->ncommand) {
			/* A command of its own runs the image's server only when it names it (`etcd ...`). */
			const char *cmd = cluster_str(c, k->command[0]), *slash = strrchr(cmd, '/');
			if (!strstr(image, slash ? slash + 1 : cmd))
				known = 0;
		}
		if (known == port)
			return (int)j;
		for (uint32_t n = 0; !known && n < k->nports; n++)
			if (k->ports[n].container_port == port)
				return (int)j;
	}
	return -1;
}

/* A named port resolves through the probed container's ports (ResolveContainerPort); 0 if absent. */
static int32_t probe_port(const struct container *k, const struct probe *pr)
{
	if (!pr->port.name)
		return pr->port.port;
	for (uint32_t n = 0; n < k->nports; n++)
		if (k->ports[n].name == pr->port.name)
			return k->ports[n].container_port;
	return 0;
}

/* The status the server on container l answers for path; 200 for a server ksim has no pages for. */
static int http_status(const struct cluster *c, const struct pod *p, uint32_t l, const char *path)
{
	const struct container *k = app_container(c, p, l);
	int status = containerfs_http_get(c, p, p->ninit + l, *path ? path : "/", NULL);

	if (status)
		return status;
	/* test/images/agnhost/liveness: /healthz answers 200 for the first 10 s, then 500. */
	if (strstr(cluster_str(c, k->image), "agnhost") && k->nargs &&
	    strcmp(cluster_str(c, k->args[0]), "liveness") == 0) {
		if (strcmp(path, "/healthz") != 0)
			return 404;
		return c->now_ms - p->ctrs[p->ninit + l].since_ms < 10000 ? 200 : 500;
	}
	return 200;
}

/*
 * An exec probe: the command runs at once against the container's files,
 * unless its sleeps outlast timeoutSeconds (ExecProbeTimeout): then it fails
 * as the CRI's ExecSync deadline does (pkg/kubelet/cri/remote/remote_runtime.go).
 */
static enum probe_result probe_exec(const struct cluster *c, const struct pod *p,
				    const struct container *k, const struct probe *pr,
				    struct strbuf *msg)
{
	char *argv[64];
	uint32_t n = pr->ncommand < ARRAY_LEN(argv) ? pr->ncommand : ARRAY_LEN(argv);
	struct program prog;
	int64_t slept = 0;

	for (uint32_t i = 0; i < n; i++)
		argv[i] = (char *)cluster_str(c, pr->command[i]);
	program_compile_words(c, k, argv, n, &prog);
	for (uint32_t i = 0; i < prog.nsteps; i++)
		if (prog.steps[i].op == OP_FOREVER)
			slept = INT64_MAX / 2;
		else if (prog.steps[i].op == OP_SLEEP && slept < INT64_MAX / 2)
			slept += prog.steps[i].ms;
	if (slept > (int64_t)pr->timeout_s * 1000) {
		/* fmt's %q of the words joined with spaces */
		sb_add(msg, "command \"");
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				sb_addc(msg, ' ');
			for (const char *ch = argv[i]; *ch; ch++) {
				if (*ch == '"' || *ch == '\\')
					sb_addc(msg, '\\');
				sb_addc(msg, *ch);
			}
		}
		sb_add(msg, "\" timed out");
		return PROBE_FAILURE;
	}
	return engine_exec(c, p, k, argv, n, msg) == 0 ? PROBE_SUCCESS : PROBE_FAILURE;
}

/* Runs container j's probe; the failure's message (pkg/probe/{exec,http,tcp,grpc}) into msg. */
static enum probe_result probe_run(struct engine *e, const struct pod *p, uint32_t j,
				   const struct probe *pr, struct strbuf *msg)
{
	const struct cluster *c = e->c;
	const struct container *k = app_container(c, p, j);
	int32_t port = probe_port(k, pr);
	char ip[16], host[64];
	int l;

	if (pr->handler == PROBE_EXEC)
		return probe_exec(c, p, k, pr, msg);
	ip_format(p->ip, ip, sizeof ip);
	snprintf(host, sizeof host, "%s:%d", pr->host ? cluster_str(c, pr->host) : ip, port);
	if (!port) {
		sb_printf(msg, "couldn't find port: %s", cluster_str(c, pr->port.name));
		return PROBE_FAILURE;
	}
	l = listener(c, p, port);
	switch ((enum probe_handler)pr->handler) {
	case PROBE_HTTP_GET: {
		const char *scheme = cluster_str(c, pr->scheme);
		const char *path = cluster_str(c, pr->path);
		int status;
		if (l < 0) {
			sb_printf(msg, "Get \"%s://%s%s\": dial tcp %s: connect: connection refused",
				  strcmp(scheme, "HTTPS") == 0 ? "https" : "http", host, path, host);
			return PROBE_FAILURE;
		}
		status = http_status(c, p, (uint32_t)l, path);
		/* pkg/probe/http: 200 to 399 is a success. */
		if (status >= 200 && status < 400)
			return PROBE_SUCCESS;
		sb_printf(msg, "HTTP probe failed with statuscode: %d", status);
		return PROBE_FAILURE;
	}
	case PROBE_TCP_SOCKET:
		if (l >= 0)
			return PROBE_SUCCESS;
		sb_printf(msg, "dial tcp %s: connect: connection refused", host);
		return PROBE_FAILURE;
	case PROBE_GRPC:
		if (l < 0) {
			sb_printf(msg,
				  "timeout: failed to connect service \"%s\" within %ds: context "
				  "deadline exceeded",
				  host, pr->timeout_s);
			return PROBE_FAILURE;
		}
		/* etcd serves grpc.health.v1.Health on its client port (the docs' gRPC example). */
		if (strstr(cluster_str(c, app_container(c, p, (uint32_t)l)->image), "etcd"))
			return PROBE_SUCCESS;
		sb_add(msg, "error: this server does not implement the grpc health protocol "
			    "(grpc.health.v1.Health): unknown service grpc.health.v1.Health");
		return PROBE_FAILURE;
	case PROBE_NONE:
	case PROBE_EXEC:
		break;
	}
	return PROBE_FAILURE;
}

/* --- results --- */

static const char *ordinal_suffix(uint32_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* The kubelet's Unhealthy event for a failed probe, its why naming the count and the threshold. */
static void event_unhealthy(struct engine *e, uint32_t pod, const struct container *k,
			    enum probe_kind kind, const struct probe_status *ps, const char *msg)
{
	struct cluster *c = e->c;
	const struct probe *pr = &k->probes[kind];
	static const char *const then[PROBE_KINDS] = {
		"the kubelet restarts the container",
		"the container is not ready: the pod leaves its Services' endpoints",
		"the kubelet restarts the container",
	};
	struct strbuf why;
	struct event *ev;

	ev = cluster_event(c, KIND_POD, pod, EVENT_WARNING, "Unhealthy", SRC, "%s probe failed: %s",
			   cluster_intern(c, kind_title[kind]), cluster_intern(c, msg));
	sb_init(&why);
	sb_printf(&why, "%sProbe of container %s: %u%s failure in a row, failureThreshold %d",
		  kind_word[kind], cluster_str(c, k->name), ps->run, ordinal_suffix(ps->run),
		  pr->failure_threshold);
	if (ps->run >= (uint32_t)pr->failure_threshold)
		sb_printf(&why, ": %s", then[kind]);
	else
		sb_printf(&why, ": nothing happens before the %d%s", pr->failure_threshold,
			  ordinal_suffix((uint32_t)pr->failure_threshold));
	event_why(ev, "%s", cluster_intern(c, why.data));
	sb_free(&why);
}

/* Liveness or startup failed failureThreshold times: the kubelet kills the container. */
static void kill_container(struct engine *e, uint32_t pod, uint32_t j, enum probe_kind kind)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = app_container(c, p, j);
	const struct probe *pr = &k->probes[kind];
	/* The probe's terminationGracePeriodSeconds wins over the pod's (kuberuntime killContainer). */
	int64_t grace_s = pr->grace_s != INT64_MIN ? pr->grace_s : cluster_spec(c, p->spec)->grace_s;
	struct event *ev;

	ev = cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Killing", SRC,
			   "Container %s failed %s probe, will be restarted", k->name,
			   cluster_intern(c, kind_word[kind]));
	event_why(ev,
		  "%s failed %d times in a row (failureThreshold %d): SIGTERM now, SIGKILL after "
		  "%m (terminationGracePeriodSeconds), then restartPolicy restarts it",
		  cluster_intern(c, kind_word[kind]), (int64_t)pr->failure_threshold,
		  (int64_t)pr->failure_threshold, grace_s * 1000);
	kubelet_container_kill(e, pod, p->ninit + j, grace_s * 1000);
}

/* The results manager took a new value for container j's probe. */
static void result_set(struct engine *e, uint32_t pod, uint32_t j, enum probe_kind kind,
		       enum probe_result result)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = app_container(c, p, j);
	struct probe_status *ps = slot(p, j, kind);
	struct ctr_status *cs = &p->ctrs[p->ninit + j];
	bool was = ps->result == PROBE_SUCCESS;

	ps->result = (uint8_t)result;
	if (result == PROBE_FAILURE && kind != PROBE_READINESS) {
		/* Stop probing until there is a new container (worker.go onHold). */
		ps->on_hold = true;
		ps->run = 0;
		ps->next_ms = TIME_NONE;
		kill_container(e, pod, j, kind);
		return;
	}
	if (kind == PROBE_STARTUP && result == PROBE_SUCCESS && !was) {
		ps->next_ms = TIME_NONE; /* a started container is not probed for startup again */
		if (container_probe(k, PROBE_LIVENESS))
			arm_tick(e, pod, j, PROBE_LIVENESS, c->now_ms + 1);
		if (container_probe(k, PROBE_READINESS)) {
			trigger_readiness(e, pod, j);
		} else {
			cs->ready = true;
			kubelet_pod_update_status(e, pod);
		}
	}
	if (kind == PROBE_READINESS && cs->ready != (result == PROBE_SUCCESS)) {
		cs->ready = result == PROBE_SUCCESS;
		kubelet_pod_update_status(e, pod);
	}
}

/* One tick of container j's probe worker (worker.go doProbe). */
static void probe_tick(struct engine *e, uint32_t pod, uint32_t j, enum probe_kind kind)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = app_container(c, p, j);
	const struct probe *pr = &k->probes[kind];
	struct probe_status *ps = slot(p, j, kind);
	const struct ctr_status *cs = &p->ctrs[p->ninit + j];
	struct strbuf msg;
	enum probe_result result;
	bool started = ctr_started(c, p, j);

	ps->next_ms = TIME_NONE;
	/* Not running, held, or gated: the worker idles until the kubelet resumes it. */
	if (cs->state != CTR_RUNNING || cs->killing || ps->on_hold ||
	    (kind == PROBE_STARTUP) == started) {
		if (kind == PROBE_READINESS && cs->state != CTR_RUNNING)
			ps->result = PROBE_FAILURE;
		return;
	}
	if (c->now_ms < cs->since_ms + (int64_t)pr->initial_delay_s * 1000) {
		arm_tick(e, pod, j, kind, c->now_ms);
		return;
	}
	sb_init(&msg);
	result = probe_run(e, p, j, pr, &msg);
	while (msg.len && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	p = cluster_get(c, KIND_POD, pod);
	ps = slot(p, j, kind);
	ps->last_ms = c->now_ms;
	if (ps->last == result) {
		ps->run++;
	} else {
		ps->last = (uint8_t)result;
		ps->run = 1;
	}
	snprintf(ps->message, sizeof ps->message, "%s", result == PROBE_FAILURE ? msg.data : "");
	arm_tick(e, pod, j, kind, c->now_ms + 1);
	if (result == PROBE_FAILURE)
		event_unhealthy(e, pod, k, kind, ps, msg.data);
	sb_free(&msg);
	if (ps->run >= (uint32_t)(result == PROBE_FAILURE ? pr->failure_threshold
							     : pr->success_threshold))
		result_set(e, pod, j, kind, result);
}

/* A timer is current when some probe of the pod is due at its time. */
static bool prober_due(struct engine *e, uint32_t pod, int64_t at)
{
	const struct pod *p = cluster_get(e->c, KIND_POD, pod);

	if (!p || !p->probes)
		return false;
	for (uint32_t i = 0; i < (uint32_t)p->ncontainers * PROBE_KINDS; i++)
		if (p->probes[i].next_ms == at)
			return true;
	return false;
}

static void prober_reconcile(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);

	const struct node *n;
	bool up;

	if (!p || !p->probes || p->meta.deleted_ms != TIME_NONE || pod_is_terminal(p))
		return;
	n = p->node == NONE32 ? NULL : cluster_get(c, KIND_NODE, p->node);
	up = n && n->kubelet_up;
	e->stats.touched++;
	/* Startup first: its success at this tick lets the other two in. */
	for (uint32_t j = 0; j < p->ncontainers; j++)
		for (int kind = PROBE_STARTUP; kind >= 0; kind--) {
			const struct probe_status *ps;
			p = cluster_get(c, KIND_POD, pod);
			ps = slot(p, j, kind);
			if (!container_probe(app_container(c, p, j), kind) || ps->next_ms == TIME_NONE ||
			    ps->next_ms > c->now_ms)
				continue;
			if (up)
				probe_tick(e, pod, j, kind);
			else /* a kubelet that is down probes nothing; its ticker goes on */
				arm_tick(e, pod, j, kind, c->now_ms + 1);
		}
}

const struct controller controller_prober = {
	.name = "kubelet",
	.kind = KIND_POD,
	.reconcile = prober_reconcile,
	.due = prober_due,
};
