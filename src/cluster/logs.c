/*
 * Pod logs: for each pod that wrote anything, per container the text of its
 * latest instance and of the one before. The kubelet serves no older one: its
 * container GC keeps one dead instance per container (MaxPerPodContainer), and
 * `kubectl logs -p` reads lastState.terminated (kubelet_pods.go
 * validateContainerLogStatus).
 */
#include "ksim/cluster.h"

#include <stdlib.h>

#include "internal.h"

struct ctrlog {
	struct strbuf latest;
	struct strbuf previous; /* data NULL until the first restart */
};

struct podlog {
	struct ctrlog *ctr; /* by container index: init containers first */
	uint32_t n;
};

struct logstore {
	struct podlog *bufs; /* by log id; id 0 unused */
	uint32_t count, cap;
	uint32_t *free_ids;
	uint32_t nfree, free_cap;
};

static struct logstore *logs_of(struct cluster *c)
{
	if (!c->logs) {
		c->logs = xcalloc(1, sizeof *c->logs);
		c->logs->count = 1;
	}
	return c->logs;
}

static void podlog_free(struct podlog *pl)
{
	for (uint32_t i = 0; i < pl->n; i++) {
		sb_free(&pl->ctr[i].latest);
		sb_free(&pl->ctr[i].previous);
	}
	free(pl->ctr);
	pl->ctr = NULL;
	pl->n = 0;
}

void cluster_log_append(struct cluster *c, uint32_t pod, uint32_t ctr, const char *line)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct logstore *ls = logs_of(c);
	struct podlog *pl;

	if (!p->log) {
		if (ls->nfree) {
			p->log = ls->free_ids[--ls->nfree];
		} else {
			xgrow(&ls->bufs, &ls->cap, ls->count + 1, sizeof *ls->bufs);
			p->log = ls->count++;
		}
		pl = &ls->bufs[p->log];
		pl->n = (uint32_t)p->ninit + p->ncontainers;
		pl->ctr = xcalloc(pl->n, sizeof *pl->ctr);
		for (uint32_t i = 0; i < pl->n; i++)
			sb_init(&pl->ctr[i].latest);
	}
	pl = &ls->bufs[p->log];
	if (ctr >= pl->n)
		return;
	sb_add(&pl->ctr[ctr].latest, line);
	sb_addc(&pl->ctr[ctr].latest, '\n');
	c->generation++;
}

void cluster_log_restart(struct cluster *c, uint32_t pod, uint32_t ctr)
{
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	struct ctrlog *cl, older;

	if (!p->log || ctr >= c->logs->bufs[p->log].n)
		return; /* nothing written yet: both instances are empty */
	cl = &c->logs->bufs[p->log].ctr[ctr];
	/* The oldest instance's buffer is reused for the new one. */
	older = *cl;
	cl->previous = older.latest;
	cl->latest = older.previous;
	if (cl->latest.data)
		sb_reset(&cl->latest);
	else
		sb_init(&cl->latest);
	c->generation++;
}

const char *cluster_log_text(const struct cluster *c, uint32_t pod, uint32_t ctr, bool previous)
{
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct ctrlog *cl;

	if (!p || !p->log || ctr >= c->logs->bufs[p->log].n)
		return "";
	cl = &c->logs->bufs[p->log].ctr[ctr];
	if (previous)
		return cl->previous.data ? cl->previous.data : "";
	return cl->latest.data;
}

void cluster_log_drop(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct logstore *ls = c->logs;

	if (!p || !p->log)
		return;
	podlog_free(&ls->bufs[p->log]);
	xgrow(&ls->free_ids, &ls->free_cap, ls->nfree + 1, sizeof *ls->free_ids);
	ls->free_ids[ls->nfree++] = p->log;
	p->log = 0;
}

void cluster_logs_free(struct cluster *c)
{
	struct logstore *ls = c->logs;

	if (!ls)
		return;
	for (uint32_t i = 1; i < ls->count; i++)
		podlog_free(&ls->bufs[i]);
	free(ls->bufs);
	free(ls->free_ids);
	free(ls);
}
