/*
 * The ControllerRevisions of DaemonSets and StatefulSets (KIND_CR, kept by
 * their controllers): `rollout history` (history.go printHistory, the
 * change cause from each revision's kubernetes.io/change-cause) and
 * `rollout undo` (rollback.go DaemonSetRollbacker and
 * StatefulSetRollbacker: the chosen revision's template becomes the owner's;
 * --to-revision=0 is the one before the newest).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

bool revisions_kept(enum kind kind)
{
	return kind == KIND_DS || kind == KIND_STS;
}

static struct template *owner_template(struct cluster *c, enum kind kind, uint32_t idx)
{
	return kind == KIND_DS ? &((struct daemonset *)cluster_get(c, KIND_DS, idx))->tpl
			       : &((struct statefulset *)cluster_get(c, KIND_STS, idx))->tpl;
}

static const struct controller_revision *revision_at(const struct cluster *c, uint32_t idx)
{
	return cluster_get(c, KIND_CR, idx);
}

static const struct controller_revision *find(const struct cluster *c, const uint32_t *v,
					      uint32_t n, int64_t number)
{
	for (uint32_t i = 0; i < n; i++)
		if (revision_at(c, v[i])->revision == number)
			return revision_at(c, v[i]);
	return NULL;
}

static const char *change_cause(const struct cluster *c, const struct controller_revision *r)
{
	uint32_t key = strtab_lookup(c->strings, "kubernetes.io/change-cause"), v;

	v = key == NONE32 ? NONE32 : labels_value(c->labels, r->meta.annotations, key);
	return v == NONE32 ? "<none>" : cluster_str(c, v);
}

static int history_print(struct kubectl *k, enum kind kind, uint32_t idx, int64_t revision,
			 const uint32_t *v, uint32_t n)
{
	if (revision > 0) {
		const struct controller_revision *r = find(k->c, v, n, revision);
		if (!r) {
			sb_add(k->err, "error: unable to find the specified revision\n");
			return 1;
		}
		kubectl_object_name(k->c, kind, idx, k->out);
		sb_printf(k->out, " with revision #%lld\n", (long long)revision);
		describe_pod_template(k->c, &r->tpl, k->out);
		return 0;
	}
	kubectl_operation_print(k, kind, idx, "");
	if (!n) {
		sb_add(k->out, "No rollout history found.\n");
		return 0;
	}
	sb_add(k->out, "REVISION  CHANGE-CAUSE\n");
	for (uint32_t i = 0; i < n; i++)
		sb_printf(k->out, "%-8lld  %s\n", (long long)revision_at(k->c, v[i])->revision,
			  change_cause(k->c, revision_at(k->c, v[i])));
	sb_add(k->out, "\n");
	return 0;
}

int revisions_history(struct kubectl *k, enum kind kind, uint32_t idx, int64_t revision)
{
	uint32_t n, *v = cluster_revisions(k->c, kind, idx, &n);
	int rc = history_print(k, kind, idx, revision, v, n);

	free(v);
	return rc;
}

int revisions_undo(struct kubectl *k, enum kind kind, uint32_t idx, int64_t to)
{
	struct template *tpl = owner_template(k->c, kind, idx);
	uint32_t n, *v = cluster_revisions(k->c, kind, idx, &n);
	const struct controller_revision *r = NULL;

	/* findHistory: 0 is the newest but one, when there are two or more. */
	if (to == 0 && n >= 2)
		r = revision_at(k->c, v[n - 2]);
	else if (to > 0)
		r = find(k->c, v, n, to);
	free(v);
	if (!r) {
		sb_printf(k->err, "error: unable to find specified revision %lld in history\n",
			  (long long)to);
		return 1;
	}
	if (cluster_template_hash(k->c, &r->tpl) == cluster_template_hash(k->c, tpl)) {
		kubectl_object_name(k->c, kind, idx, k->out);
		sb_printf(k->out, " skipped rollback (current template already matches revision %lld)\n",
			  (long long)to);
		return 0;
	}
	struct template copy;
	template_copy(k->c, &copy, &r->tpl); /* r lives in the history the controller may prune */
	template_release(k->c, tpl);
	*tpl = copy;
	cluster_meta(k->c, kind, idx)->generation++;
	cluster_changed(k->c, kind, idx, CHANGE_UPDATED);
	kubectl_operation_print(k, kind, idx, "rolled back");
	return 0;
}
