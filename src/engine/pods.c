/* Pods as the API server and every controller see them: create, delete, tolerate. */
#include <assert.h>
#include <string.h>

#include "internal.h"

bool pod_is_terminal(const struct pod *p)
{
	return p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED;
}

bool pod_is_active(const struct pod *p)
{
	return !pod_is_terminal(p) && p->meta.deleted_ms == TIME_NONE;
}

bool pod_is_ready(const struct pod *p)
{
	if (p->phase != PHASE_RUNNING || (p->flags & POD_NODE_LOST))
		return false;
	for (uint32_t i = 0; i < p->ncontainers; i++)
		if (!p->ctrs[p->ninit + i].ready)
			return false;
	return true;
}

bool node_is_ready(const struct node *n)
{
	return n->ready == NODE_READY;
}

static const char refusal_why[] = "the pod template names a service account that does not exist; "
				  "only \"default\" does in ksim";

/* The API server's refusal of a pod from tpl named pod, as an interned message, else 0. */
static uint32_t refusal(struct cluster *c, const struct meta *o, const struct template *tpl,
			const char *pod)
{
	struct strbuf why;
	uint32_t msg = 0;

	sb_init(&why);
	if (cluster_pod_forbidden(c, o->ns, cluster_spec(c, tpl->spec), pod, &why))
		msg = cluster_intern(c, why.data);
	sb_free(&why);
	return msg;
}

uint32_t pod_refused(struct engine *e, enum kind owner_kind, uint32_t owner,
		     const struct template *tpl, uint32_t name, const char *source)
{
	struct cluster *c = e->c;
	const struct meta *o = cluster_meta(c, owner_kind, owner);
	uint32_t owner_name = o->name, msg;
	struct strbuf pod;
	struct event *ev;

	sb_init(&pod);
	if (name)
		sb_add(&pod, cluster_str(c, name));
	else
		sb_printf(&pod, "%s-", cluster_str(c, owner_name));
	msg = refusal(c, o, tpl, pod.data);
	sb_free(&pod);
	if (!msg)
		return 0;
	/* stateful_pod_control.go recordPodEvent; the others' "Error creating: %v" */
	if (owner_kind == KIND_STS)
		ev = cluster_event(c, owner_kind, owner, EVENT_WARNING, "FailedCreate", source,
				   "create Pod %s in StatefulSet %s failed error: %s", name,
				   owner_name, msg);
	else
		ev = cluster_event(c, owner_kind, owner, EVENT_WARNING, "FailedCreate", source,
				   "Error creating: %s", msg);
	event_why(ev, "%s", refusal_why);
	return msg;
}

uint32_t pod_create(struct engine *e, enum kind owner_kind, uint32_t owner,
		    const struct template *tpl, uint32_t name)
{
	struct cluster *c = e->c;
	const struct meta *o = cluster_meta(c, owner_kind, owner);
	uint32_t idx;
	struct pod *p;

	if (!name) {
		struct strbuf prefix;
		sb_init(&prefix);
		sb_printf(&prefix, "%s-", cluster_str(c, o->name));
		name = cluster_generate_name(c, KIND_POD, o->ns, prefix.data);
		sb_free(&prefix);
	}
	idx = cluster_add(c, KIND_POD, o->ns, name);
	if (idx == NONE32)
		return NONE32;
	p = cluster_get(c, KIND_POD, idx);
	p->spec = tpl->spec;
	cluster_spec_ref(c, tpl->spec);
	p->meta.labels = tpl->labels;
	p->meta.annotations = tpl->annotations;
	cluster_pod_setup(c, idx);
	cluster_set_owner(c, KIND_POD, idx, owner_kind, owner);
	cluster_changed(c, KIND_POD, idx, CHANGE_ADDED);
	return idx;
}

uint32_t template_revision(const struct cluster *c, const struct template *tpl)
{
	return (uint32_t)cluster_template_hash(c, tpl);
}

void pod_delete(struct engine *e, uint32_t pod, int64_t grace_s)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct node *n;

	if (!p)
		return;
	if (grace_s < 0)
		grace_s = cluster_spec(c, p->spec)->grace_s;
	n = p->node != NONE32 ? cluster_get(c, KIND_NODE, p->node) : NULL;
	/* Nothing to stop, or a forced delete: the API server removes the object at once. */
	if (!n || grace_s == 0 || (pod_is_terminal(p) && n->kubelet_up)) {
		pod_finalize(e, pod);
		return;
	}
	if (p->meta.deleted_ms != TIME_NONE && p->meta.grace_ms <= grace_s * 1000)
		return; /* already terminating with a grace at least as short */
	if (p->meta.deleted_ms == TIME_NONE)
		p->meta.deleted_ms = c->now_ms;
	p->meta.grace_ms = grace_s * 1000;
	cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
	engine_enqueue(e, CTRL_KUBELET, pod);
}

void pod_finalize(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	enum kind owner_kind = (enum kind)p->meta.owner_kind;
	uint32_t owner = p->meta.owner;

	cluster_remove(c, KIND_POD, pod);
	if (owner_kind != KIND_NONE)
		gc_child_removed(e, owner_kind, owner);
}

bool toleration_matches(const struct toleration *tol, const struct taint *t)
{
	if (tol->effect != EFFECT_ALL && tol->effect != t->effect)
		return false;
	if (tol->key == 0 && tol->op == TOL_EXISTS)
		return true;
	if (tol->key != t->key)
		return false;
	return tol->op == TOL_EXISTS || tol->value == t->value;
}

bool pod_tolerates(const struct engine *e, const struct pod *p, const struct podspec *s,
		   const struct taint *t, int64_t *seconds)
{
	struct toleration added[CLUSTER_NADDED_TOLERATIONS];
	uint32_t n;

	*seconds = -1;
	/* The first toleration that matches is the one used (v1helper.GetMatchingTolerations). */
	for (uint32_t i = 0; i < s->ntolerations; i++)
		if (toleration_matches(&s->tolerations[i], t)) {
			*seconds = s->tolerations[i].seconds;
			return true;
		}
	n = cluster_pod_added_tolerations(e->c, p, s, added);
	for (uint32_t i = 0; i < n; i++)
		if (toleration_matches(&added[i], t)) {
			*seconds = added[i].seconds;
			return true;
		}
	return false;
}

void count_pods_per_node(const struct cluster *c, const struct meta *o, uint32_t *count)
{
	for (uint32_t i = o ? o->kids : NONE32; i != NONE32;) {
		const struct pod *q = cluster_get(c, KIND_POD, i);
		if (q->node != NONE32 && pod_is_active(q))
			count[q->node]++;
		i = q->meta.sib_next;
	}
}

void uncount_pods_per_node(struct engine *e, const struct meta *o)
{
	struct cluster *c = e->c;

	for (uint32_t i = o ? o->kids : NONE32; i != NONE32;) {
		const struct pod *q = cluster_get(c, KIND_POD, i);
		if (q->node != NONE32)
			e->scratch[q->node] = 0;
		i = q->meta.sib_next;
	}
}

const struct ref *orphan_pods(struct engine *e, uint32_t *n)
{
	uint32_t m = 0;

	/* Compact: drop pods that were adopted, finished or removed since they were listed. */
	for (uint32_t i = 0; i < e->norphans; i++) {
		struct pod *p = (struct pod *)cluster_deref(e->c, KIND_POD, e->orphans[i]);
		if (!p)
			continue;
		if (p->meta.owner_kind != KIND_NONE || !pod_is_active(p)) {
			p->ctl.flags &= (uint8_t)~POD_ORPHAN_LISTED;
			continue;
		}
		e->orphans[m++] = e->orphans[i];
	}
	e->norphans = m;
	*n = m;
	return e->orphans;
}
