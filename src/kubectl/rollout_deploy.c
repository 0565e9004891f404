/*
 * kubectl rollout for Deployments: the status line
 * (polymorphichelpers/rollout_status.go DeploymentStatusViewer), history
 * and undo (history.go, rollback.go: the ReplicaSets' revision annotations;
 * undo copies the chosen set's template, without its pod-template-hash,
 * into the Deployment), pause and resume (objectpauser.go, objectresumer.go).
 * Kept apart from rollout.c so the verb's own loop can change alone.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

#define A_CAUSE "kubernetes.io/change-cause"

int rollout_deploy_status(const struct cluster *c, const struct deployment *d, struct strbuf *line,
			  bool *done)
{
	const char *name = cluster_str(c, d->meta.name);
	const struct deploy_condition *cond = &d->status.progressing_cond;

	*done = false;
	if (d->meta.generation > d->status.observed_generation) {
		sb_add(line, "Waiting for deployment spec update to be observed...\n");
	} else if (cond->reason && strcmp(cond->reason, "ProgressDeadlineExceeded") == 0) {
		sb_printf(line, "error: deployment \"%s\" exceeded its progress deadline\n", name);
		return 1;
	} else if (d->status.updated < d->replicas) {
		sb_printf(line,
			  "Waiting for deployment \"%s\" rollout to finish: %d out of %d new replicas "
			  "have been updated...\n",
			  name, d->status.updated, d->replicas);
	} else if (d->status.replicas > d->status.updated) {
		sb_printf(line,
			  "Waiting for deployment \"%s\" rollout to finish: %d old replicas are pending "
			  "termination...\n",
			  name, d->status.replicas - d->status.updated);
	} else if (d->status.available < d->status.updated) {
		sb_printf(line,
			  "Waiting for deployment \"%s\" rollout to finish: %d of %d updated replicas "
			  "are available...\n",
			  name, d->status.available, d->status.updated);
	} else {
		sb_printf(line, "deployment \"%s\" successfully rolled out\n", name);
		*done = true;
	}
	return 0;
}

static int64_t revision_of(const struct cluster *c, const struct replicaset *rs)
{
	return cluster_annotation_int(c, rs->meta.annotations, CLUSTER_REVISION_ANNOTATION);
}

/* The Deployment's sets by revision, lowest first, into *idx (the caller frees it). */
static uint32_t list_revisions(const struct cluster *c, const struct deployment *d, uint32_t **out)
{
	uint32_t n = 0, cap = 0, *idx = NULL;

	for (uint32_t i = d->meta.kids; i != NONE32;) {
		const struct replicaset *rs = cluster_get(c, KIND_RS, i);
		if (revision_of(c, rs) >= 0) {
			uint32_t j = n++;
			xgrow(&idx, &cap, n, sizeof *idx);
			for (; j > 0 && revision_of(c, cluster_get(c, KIND_RS, idx[j - 1])) >
					    revision_of(c, rs);
			     j--)
				idx[j] = idx[j - 1];
			idx[j] = i;
		}
		i = rs->meta.sib_next;
	}
	*out = idx;
	return n;
}

static uint32_t find_revision(const struct cluster *c, const struct deployment *d, int64_t rev)
{
	uint32_t found = NONE32;

	for (uint32_t i = d->meta.kids; i != NONE32 && found == NONE32;) {
		const struct replicaset *rs = cluster_get(c, KIND_RS, i);
		if (revision_of(c, rs) == rev)
			found = i;
		i = rs->meta.sib_next;
	}
	return found;
}

int rollout_deploy_history(struct kubectl *k, uint32_t didx, int64_t revision)
{
	const struct cluster *c = k->c;
	const struct deployment *d = cluster_get(c, KIND_DEPLOY, didx);
	uint32_t *idx, n, key = strtab_lookup(c->strings, A_CAUSE);

	if (revision > 0) {
		uint32_t rs = find_revision(c, d, revision);
		if (rs == NONE32) {
			sb_printf(k->err, "error: unable to find the specified revision\n");
			return 1;
		}
		kubectl_object_name(c, KIND_DEPLOY, didx, k->out);
		sb_printf(k->out, " with revision #%lld\n", (long long)revision);
		describe_pod_template(c, &((const struct replicaset *)cluster_get(c, KIND_RS, rs))->tpl,
				      k->out);
		return 0;
	}
	kubectl_operation_print(k, KIND_DEPLOY, didx, "");
	sb_add(k->out, "REVISION  CHANGE-CAUSE\n");
	n = list_revisions(c, d, &idx);
	for (uint32_t i = 0; i < n; i++) {
		const struct replicaset *rs = cluster_get(c, KIND_RS, idx[i]);
		uint32_t v = key == NONE32 ? NONE32 : labels_value(c->labels, rs->meta.annotations, key);
		sb_printf(k->out, "%-8lld  %s\n", (long long)revision_of(c, rs),
			  v == NONE32 ? "<none>" : cluster_str(c, v));
	}
	free(idx);
	sb_add(k->out, "\n");
	return 0;
}

/* The set without one label, as rollback.go strips pod-template-hash. */
static uint32_t labels_without(struct cluster *c, uint32_t set, const char *key)
{
	uint32_t n, kid = strtab_lookup(c->strings, key), m = 0, out;
	const struct label *pairs = labels_get(c->labels, set, &n);
	struct label *keep = xmalloc((n + 1) * sizeof *keep);

	for (uint32_t i = 0; i < n; i++)
		if (pairs[i].key != kid)
			keep[m++] = pairs[i];
	out = labels_intern(c->labels, keep, m);
	free(keep);
	return out;
}

int rollout_deploy_undo(struct kubectl *k, uint32_t didx, int64_t to)
{
	struct cluster *c = k->c;
	struct deployment *d = cluster_get(c, KIND_DEPLOY, didx);
	uint32_t rsidx = NONE32;
	const struct replicaset *rs;
	struct template tpl;
	uint32_t key = strtab_lookup(c->strings, A_CAUSE);

	if (d->paused) {
		sb_printf(k->err,
			  "error: you cannot rollback a paused deployment; resume it first with "
			  "'kubectl rollout resume' and try again\n");
		return 1;
	}
	if (to == 0) {
		uint32_t *idx, n = list_revisions(c, d, &idx);
		if (n >= 2)
			rsidx = idx[n - 2];
		free(idx);
		if (rsidx == NONE32) {
			sb_printf(k->err, "error: no rollout history found for deployment \"%s\"\n",
				  cluster_str(c, d->meta.name));
			return 1;
		}
	} else {
		rsidx = find_revision(c, d, to);
		if (rsidx == NONE32) {
			sb_printf(k->err, "error: unable to find specified revision %lld in history\n",
				  (long long)to);
			return 1;
		}
	}
	rs = cluster_get(c, KIND_RS, rsidx);
	tpl = rs->tpl;
	tpl.labels = labels_without(c, rs->tpl.labels, "pod-template-hash");
	if (cluster_template_hash(c, &tpl) == cluster_template_hash(c, &d->tpl)) {
		kubectl_object_name(c, KIND_DEPLOY, didx, k->out);
		sb_printf(k->out, " skipped rollback (current template already matches revision %lld)\n",
			  (long long)revision_of(c, rs));
		return 0;
	}
	if (key != NONE32 && labels_value(c->labels, rs->meta.annotations, key) != NONE32)
		d->meta.annotations =
		    labels_with(c->labels, d->meta.annotations, key,
				labels_value(c->labels, rs->meta.annotations, key));
	template_release(c, &d->tpl);
	template_copy(c, &d->tpl, &tpl);
	d->meta.generation++;
	cluster_changed(c, KIND_DEPLOY, didx, CHANGE_UPDATED);
	kubectl_operation_print(k, KIND_DEPLOY, didx, "rolled back");
	return 0;
}

int rollout_deploy_pause(struct kubectl *k, uint32_t didx, bool pause)
{
	struct deployment *d = cluster_get(k->c, KIND_DEPLOY, didx);

	if (d->paused == pause) {
		sb_printf(k->err, "error: deployments.apps \"%s\" is %s\n",
			  cluster_str(k->c, d->meta.name), pause ? "already paused" : "not paused");
		return 1;
	}
	d->paused = pause;
	d->meta.generation++;
	cluster_changed(k->c, KIND_DEPLOY, didx, CHANGE_UPDATED);
	kubectl_operation_print(k, KIND_DEPLOY, didx, pause ? "paused" : "resumed");
	return 0;
}
