/*
 * What kubectl derives from an object's status for its tables, following
 * printers.go: a pod's STATUS, READY and RESTARTS (printPod), a node's
 * STATUS and ROLES (printNode). ksim keeps container states as enum
 * ctr_state; the reasons the kubelet would report are spelled out here.
 */
#include "ksim/kubectl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A container status as the kubelet would report it. */
struct ctr_view {
	const char *waiting;    /* State.Waiting.Reason, or NULL */
	const char *terminated; /* State.Terminated.Reason, or NULL */
	bool running, ready;
	int64_t last_finished; /* LastTerminationState.Terminated.FinishedAt, TIME_NONE if none */
};

static struct ctr_view ctr_view(const struct pod *p, uint32_t i)
{
	const struct ctr_status *s = &p->ctrs[i];
	struct ctr_view v = { .last_finished = TIME_NONE };

	if (s->restarts > 0 && s->finished_ms != TIME_NONE && s->finished_ms > 0)
		v.last_finished = s->finished_ms;
	switch ((enum ctr_state)s->state) {
	case CTR_WAITING:
		v.waiting = ctr_waiting_reason(p->ninit, s);
		break;
	case CTR_BACKOFF:
		v.waiting = "CrashLoopBackOff";
		if (s->finished_ms != TIME_NONE)
			v.last_finished = s->finished_ms;
		break;
	case CTR_RUNNING:
		v.running = true;
		v.ready = s->ready;
		break;
	case CTR_TERMINATED:
		v.terminated = ctr_exit_reason(s);
		break;
	}
	return v;
}

/* Everything printPod computes in one pass. */
struct pod_summary {
	char reason[64];
	int ready, total, restarts;
	int64_t last_restart; /* TIME_NONE when unknown */
};

static void note_restart(struct pod_summary *s, const struct ctr_status *cs, const struct ctr_view *v)
{
	s->restarts += (int)cs->restarts;
	if (v->last_finished != TIME_NONE &&
	    (s->last_restart == TIME_NONE || v->last_finished > s->last_restart))
		s->last_restart = v->last_finished;
}

/* The init containers; returns true while the pod is still initializing. */
static bool summarize_init(const struct pod *p, struct pod_summary *s)
{
	for (uint32_t i = 0; i < p->ninit; i++) {
		const struct ctr_status *cs = &p->ctrs[i];
		struct ctr_view v = ctr_view(p, i);

		note_restart(s, cs, &v);
		if (v.terminated && cs->exit_code == 0)
			continue;
		if (v.terminated)
			snprintf(s->reason, sizeof s->reason, "Init:%s", v.terminated);
		else if (v.waiting && strcmp(v.waiting, "PodInitializing") != 0)
			snprintf(s->reason, sizeof s->reason, "Init:%s", v.waiting);
		else
			snprintf(s->reason, sizeof s->reason, "Init:%u/%u", i, (unsigned)p->ninit);
		return true;
	}
	return false;
}

static void summarize_main(const struct pod *p, struct pod_summary *s)
{
	bool has_running = false;

	s->restarts = 0;
	s->last_restart = TIME_NONE;
	/* printPod walks the containers backwards, so the first one's reason wins. */
	for (uint32_t i = p->ncontainers; i-- > 0;) {
		const struct ctr_status *cs = &p->ctrs[p->ninit + i];
		struct ctr_view v = ctr_view(p, p->ninit + i);

		note_restart(s, cs, &v);
		if (v.waiting) {
			snprintf(s->reason, sizeof s->reason, "%s", v.waiting);
		} else if (v.terminated) {
			snprintf(s->reason, sizeof s->reason, "%s", v.terminated);
		} else if (v.ready && v.running) {
			has_running = true;
			s->ready++;
		}
	}
	if (strcmp(s->reason, "Completed") == 0 && has_running)
		snprintf(s->reason, sizeof s->reason, "%s",
			 api_pod_is_ready(p) ? "Running" : "NotReady");
}

static void summarize(const struct pod *p, struct pod_summary *s)
{
	bool initializing = false;

	memset(s, 0, sizeof *s);
	s->last_restart = TIME_NONE;
	s->total = p->ncontainers;
	snprintf(s->reason, sizeof s->reason, "%s", api_pod_phase_name((enum pod_phase)p->phase));
	if (api_pod_has_statuses(p)) {
		initializing = summarize_init(p, s);
		if (!initializing || p->init_done >= p->ninit)
			summarize_main(p, s);
	}
	/* Taint-based eviction sets no NodeLost reason: a lost node's evicted pods show Terminating (k/k #72226). */
	if (p->meta.deleted_ms != TIME_NONE && p->phase != PHASE_SUCCEEDED && p->phase != PHASE_FAILED)
		snprintf(s->reason, sizeof s->reason, "Terminating");
}

void kubectl_pod_status(const struct cluster *c, const struct pod *p, char *buf, size_t size)
{
	struct pod_summary s;

	(void)c;
	summarize(p, &s);
	snprintf(buf, size, "%s", s.reason);
}

void kubectl_pod_ready(const struct cluster *c, const struct pod *p, char *buf, size_t size)
{
	struct pod_summary s;

	(void)c;
	summarize(p, &s);
	snprintf(buf, size, "%d/%d", s.ready, s.total);
}

void kubectl_pod_restarts(const struct cluster *c, const struct pod *p, char *buf, size_t size)
{
	struct pod_summary s;
	char ago[32];

	summarize(p, &s);
	if (s.restarts == 0 || s.last_restart == TIME_NONE) {
		snprintf(buf, size, "%d", s.restarts);
		return;
	}
	duration_human(c->now_ms - s.last_restart, ago, sizeof ago);
	snprintf(buf, size, "%d (%s ago)", s.restarts, ago);
}

void kubectl_node_status(const struct node *n, char *buf, size_t size)
{
	/* A Ready condition that is False or Unknown both print NotReady. */
	snprintf(buf, size, "%s%s", n->ready == NODE_READY ? "Ready" : "NotReady",
		 n->unschedulable ? ",SchedulingDisabled" : "");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void kubectl_node_roles(const struct cluster *c, const struct node *n, struct strbuf *out)
{
	static const char prefix[] = "node-role.kubernetes.io/";
	uint32_t npairs, nroles = 0;
	const struct label *l = labels_get(c->labels, n->meta.labels, &npairs);
	const char **roles = xcalloc(npairs + 1, sizeof *roles);

	for (uint32_t i = 0; i < npairs; i++) {
		const char *key = cluster_str(c, l[i].key);
		if (strncmp(key, prefix, sizeof prefix - 1) == 0 && key[sizeof prefix - 1])
			roles[nroles++] = key + sizeof prefix - 1;
		else if (strcmp(key, "kubernetes.io/role") == 0 && l[i].val)
			roles[nroles++] = cluster_str(c, l[i].val);
	}
	xqsort(roles, nroles, sizeof *roles, cmp_str);
	for (uint32_t i = 0; i < nroles; i++) {
		if (i && strcmp(roles[i], roles[i - 1]) == 0)
			continue; /* a set, as kubectl keeps them */
		if (i)
			sb_addc(out, ',');
		sb_add(out, roles[i]);
	}
	if (!nroles)
		sb_add(out, "<none>");
	free(roles);
}
