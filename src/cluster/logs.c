/* Pod logs: one text buffer per pod that wrote anything. */
#include "ksim/cluster.h"

#include <stdlib.h>

#include "internal.h"

struct logstore {
	struct strbuf *bufs; /* by log id; id 0 unused */
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

void cluster_log_append(struct cluster *c, uint32_t pod, const char *line)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct logstore *ls = logs_of(c);

	if (!p->log) {
		if (ls->nfree) {
			p->log = ls->free_ids[--ls->nfree];
		} else {
			xgrow(&ls->bufs, &ls->cap, ls->count + 1, sizeof *ls->bufs);
			p->log = ls->count++;
		}
		sb_init(&ls->bufs[p->log]);
	}
	sb_add(&ls->bufs[p->log], line);
	sb_addc(&ls->bufs[p->log], '\n');
	c->generation++;
}

const char *cluster_log_text(const struct cluster *c, uint32_t pod)
{
	const struct pod *p = cluster_get(c, KIND_POD, pod);

	return p && p->log ? c->logs->bufs[p->log].data : "";
}

void cluster_log_drop(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct logstore *ls = c->logs;

	if (!p || !p->log)
		return;
	sb_free(&ls->bufs[p->log]);
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
		sb_free(&ls->bufs[i]);
	free(ls->bufs);
	free(ls->free_ids);
	free(ls);
}
