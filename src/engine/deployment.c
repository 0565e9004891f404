/*
 * Deployment (pkg/controller/deployment: deployment_controller.go, sync.go,
 * rolling.go, recreate.go, progress.go and util/deployment_util.go). One
 * ReplicaSet per pod-template revision, named <deployment>-<pod-template-hash>;
 * RollingUpdate steps the new set up within maxSurge and the old ones down
 * within maxUnavailable (reconcileNewReplicaSet, reconcileOldReplicaSets with
 * cleanupUnhealthyReplicas); Recreate scales the old sets to 0 and creates
 * the new one when their pods are gone; a scale in the middle of a rollout
 * is spread proportionally (sync.go scale()). Conditions Available and
 * Progressing are written as syncRolloutStatus writes them, and a rollout
 * without progress for progressDeadlineSeconds is ProgressDeadlineExceeded.
 *
 * The pod-template-hash: the real controller hashes the template as Go's
 * object printer renders it (fnv32a), which cannot be reproduced byte for
 * byte. ksim feeds fnv32a the 8 bytes (little-endian) of the template's
 * content hash (cluster_template_hash), then collisionCount as 4 bytes
 * little-endian when it is set, as ComputeHash does; the uint32 is printed
 * in decimal and each digit goes through rand.SafeEncodeString's alphabet,
 * so names are at most 10 characters and stable for equal templates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define A_REVISION CLUSTER_REVISION_ANNOTATION
#define A_DESIRED "deployment.kubernetes.io/desired-replicas"
#define A_MAX "deployment.kubernetes.io/max-replicas"
#define A_HISTORY "deployment.kubernetes.io/revision-history"
#define MAX_HISTORY_CHARS 2000 /* sync.go maxRevHistoryLengthInChars */
#define L_HASH "pod-template-hash"
#define SOURCE "deployment-controller"

/* --- the arithmetic of util/deployment_util.go (public for the tests) --- */

/* intstr.GetScaledValueFromIntOrPercent: v, or v% of total rounded up or down. */
static int32_t scaled_value(int32_t v, bool pct, int32_t total, bool round_up)
{
	int64_t num = (int64_t)v * total;

	if (!pct)
		return v;
	return (int32_t)(round_up ? (num + 99) / 100 : num / 100);
}

/* ResolveFenceposts: both 0 after scaling makes maxUnavailable 1. */
static void fenceposts(const struct deployment *d, int32_t *surge, int32_t *unavailable)
{
	*surge = scaled_value(d->max_surge, d->max_surge_pct, d->replicas, true);
	*unavailable =
	    scaled_value(d->max_unavailable, d->max_unavailable_pct, d->replicas, false);
	if (*surge == 0 && *unavailable == 0)
		*unavailable = 1;
}

int32_t engine_deploy_max_surge(const struct deployment *d)
{
	int32_t surge, unavailable;

	if (d->strategy != DEPLOY_ROLLING_UPDATE)
		return 0;
	fenceposts(d, &surge, &unavailable);
	return surge;
}

int32_t engine_deploy_max_unavailable(const struct deployment *d)
{
	int32_t surge, unavailable;

	if (d->strategy != DEPLOY_ROLLING_UPDATE || d->replicas == 0)
		return 0;
	fenceposts(d, &surge, &unavailable);
	return unavailable > d->replicas ? d->replicas : unavailable;
}

int32_t engine_deploy_new_rs_replicas(const struct deployment *d, int32_t all, int32_t current)
{
	int32_t max_total, up;

	if (d->strategy == DEPLOY_RECREATE)
		return d->replicas;
	max_total = d->replicas + engine_deploy_max_surge(d);
	if (all >= max_total)
		return current;
	up = max_total - all;
	if (up > d->replicas - current)
		up = d->replicas - current;
	return current + up;
}

/* GetProportion with getReplicaSetFraction; annotated < 0 when the set has no max-replicas. */
int32_t engine_deploy_proportion(const struct deployment *d, int32_t rs_replicas, int32_t annotated,
				 int32_t to_add, int32_t added)
{
	int32_t fraction, allowed = to_add - added;
	double size;

	if (rs_replicas == 0 || to_add == 0 || to_add == added)
		return 0;
	if (annotated < 0)
		annotated = d->status.replicas;
	if (d->replicas == 0) {
		fraction = -rs_replicas;
	} else if (annotated == 0) {
		/* upstream assumes it never is (it would divide by 0): the budget bounds the step */
		fraction = allowed;
	} else {
		size = (double)rs_replicas * (d->replicas + engine_deploy_max_surge(d)) / annotated;
		/* integer.RoundToInt32: half away from zero */
		fraction = (int32_t)(size < 0 ? size - 0.5 : size + 0.5) - rs_replicas;
	}
	if (to_add > 0)
		return fraction < allowed ? fraction : allowed;
	return fraction > allowed ? fraction : allowed;
}

void engine_deploy_hash(const struct cluster *c, const struct template *tpl, int32_t collisions,
			char out[11])
{
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	uint64_t content = cluster_template_hash(c, tpl);
	uint32_t h = 2166136261u;
	char digits[16];
	int n;

	for (int i = 0; i < 8; i++)
		h = (h ^ (uint8_t)(content >> (8 * i))) * 16777619u;
	for (int i = 0; collisions > 0 && i < 4; i++)
		h = (h ^ (uint8_t)((uint32_t)collisions >> (8 * i))) * 16777619u;
	n = snprintf(digits, sizeof digits, "%u", h);
	for (int i = 0; i < n; i++)
		out[i] = alphabet[(unsigned char)digits[i] % (sizeof alphabet - 1)];
	out[n] = '\0';
}

/* --- annotations --- */

static uint32_t annotation_set(struct cluster *c, uint32_t set, const char *key, int64_t value)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)value);
	return labels_with(c->labels, set, cluster_intern(c, key), cluster_intern(c, buf));
}

/* SetNewReplicaSetAnnotations copies the Deployment's own, except these. */
static bool annotation_skipped(const char *key)
{
	return strcmp(key, "kubectl.kubernetes.io/last-applied-configuration") == 0 ||
	       strncmp(key, "deployment.kubernetes.io/", 25) == 0;
}

static uint32_t annotations_copied(struct cluster *c, uint32_t from, uint32_t into)
{
	uint32_t n;
	const struct label *pairs = labels_get(c->labels, from, &n);
	struct label *keep = xmalloc((n + 1) * sizeof *keep);
	uint32_t nkeep = 0, set;

	for (uint32_t i = 0; i < n; i++)
		if (!annotation_skipped(cluster_str(c, pairs[i].key)))
			keep[nkeep++] = pairs[i];
	set = labels_intern(c->labels, keep, nkeep);
	free(keep);
	/* labels_with may grow the table: fetch into's pairs again after each */
	labels_get(c->labels, into, &n);
	for (uint32_t i = 0; i < n; i++) {
		struct label l = labels_get(c->labels, into, &n)[i];
		if (annotation_skipped(cluster_str(c, l.key)))
			set = labels_with(c->labels, set, l.key, l.val);
	}
	return set;
}

/* --- conditions (util.SetDeploymentCondition) --- */

/* Same status and reason: nothing changes; a new status moves lastTransitionTime. */
static bool cond_set(struct deploy_condition *cur, uint8_t status, const char *reason,
		     const char *message, uint32_t rs_name, int64_t now)
{
	if (cur->status == status && cur->reason && strcmp(cur->reason, reason) == 0)
		return false;
	if (cur->status != status)
		cur->transition_ms = now;
	cur->status = status;
	cur->reason = reason;
	cur->message = message;
	cur->rs_name = rs_name;
	cur->update_ms = now;
	return true;
}

static bool cond_progress(struct deployment *d, uint8_t status, const char *reason,
			  const char *message, uint32_t rs_name, int64_t now)
{
	return cond_set(&d->status.progressing_cond, status, reason, message, rs_name, now);
}

/* --- the Deployment's ReplicaSets --- */

struct sets {
	uint32_t didx;
	uint32_t n, cap;
	uint32_t *idx;   /* owned sets, oldest first; owned */
	uint32_t new_rs;      /* NONE32 when no set has the current template */
};

static struct deployment *D(struct engine *e, uint32_t idx)
{
	return cluster_get(e->c, KIND_DEPLOY, idx);
}

static struct replicaset *RS(struct engine *e, uint32_t idx)
{
	return cluster_get(e->c, KIND_RS, idx);
}

/* ReplicaSetsByCreationTimestamp: older first, then by name. */
static int by_creation(struct engine *e, uint32_t a, uint32_t b)
{
	const struct replicaset *x = RS(e, a), *y = RS(e, b);

	if (x->meta.created_ms != y->meta.created_ms)
		return x->meta.created_ms < y->meta.created_ms ? -1 : 1;
	return strcmp(cluster_str(e->c, x->meta.name), cluster_str(e->c, y->meta.name));
}

static void sort_sets(struct engine *e, uint32_t *v, uint32_t n,
		      int (*cmp)(struct engine *, uint32_t, uint32_t))
{
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && cmp(e, v[j - 1], v[j]) > 0; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/*
 * EqualIgnoreHash: the set's template is the Deployment's plus its
 * pod-template-hash label. Labels and annotations are interned sets, so
 * their ids compare; a shared podspec is the same spec, and only specs
 * held apart (a manifest, an edit) are hashed.
 */
static bool template_matches(const struct cluster *c, const struct deployment *d,
			     const struct replicaset *rs)
{
	uint32_t key = strtab_lookup(c->strings, L_HASH);
	uint32_t val = key == NONE32 ? NONE32 : labels_value(c->labels, rs->tpl.labels, key);
	struct template want = d->tpl;

	if (val != NONE32)
		want.labels = labels_with(c->labels, d->tpl.labels, key, val);
	if (want.labels != rs->tpl.labels || want.annotations != rs->tpl.annotations)
		return false;
	return want.spec == rs->tpl.spec ||
	       cluster_template_hash(c, &want) == cluster_template_hash(c, &rs->tpl);
}

uint32_t engine_deploy_new_set(const struct cluster *c, uint32_t deploy)
{
	const struct deployment *d = cluster_get(c, KIND_DEPLOY, deploy);
	uint32_t best = NONE32;

	for (uint32_t i = d->meta.kids; i != NONE32;) {
		const struct replicaset *rs = cluster_get(c, KIND_RS, i);
		if (template_matches(c, d, rs) &&
		    (best == NONE32 ||
		     rs->meta.created_ms < ((const struct replicaset *)cluster_get(c, KIND_RS, best))->meta.created_ms))
			best = i;
		i = rs->meta.sib_next;
	}
	return best;
}

/* Orphan sets in the namespace that match become the Deployment's (ClaimReplicaSets). */
static void adopt_sets(struct engine *e, uint32_t didx)
{
	struct cluster *c = e->c;

	D(e, didx)->ctl.adopt_pending = false;
	for (uint32_t i = 0; i < cluster_len(c, KIND_RS); i++) {
		const struct deployment *d = D(e, didx);
		const struct replicaset *rs = RS(e, i);
		e->stats.touched += rs != NULL;
		if (!rs || rs->meta.ns != d->meta.ns || rs->meta.owner_kind != KIND_NONE ||
		    rs->meta.deleted_ms != TIME_NONE ||
		    !selector_matches(c->labels, &d->sel, rs->meta.labels))
			continue;
		cluster_set_owner(c, KIND_RS, i, KIND_DEPLOY, didx);
		cluster_changed(c, KIND_RS, i, CHANGE_UPDATED);
	}
}

static void list_sets(struct engine *e, uint32_t didx, struct sets *s)
{
	const struct deployment *d = D(e, didx);

	s->didx = didx;
	s->n = s->cap = 0;
	s->idx = NULL;
	s->new_rs = NONE32;
	for (uint32_t i = d->meta.kids; i != NONE32;) {
		const struct replicaset *rs = RS(e, i);
		e->stats.touched++;
		if (rs->meta.deleted_ms == TIME_NONE) {
			xgrow(&s->idx, &s->cap, s->n + 1, sizeof *s->idx);
			s->idx[s->n++] = i;
		}
		i = rs->meta.sib_next;
	}
	sort_sets(e, s->idx, s->n, by_creation);
	for (uint32_t i = 0; i < s->n && s->new_rs == NONE32; i++)
		if (template_matches(e->c, d, RS(e, s->idx[i])))
			s->new_rs = s->idx[i];
}

static int32_t sum_replicas(struct engine *e, const struct sets *s, bool old_only)
{
	int32_t n = 0;

	for (uint32_t i = 0; i < s->n; i++)
		if (!old_only || s->idx[i] != s->new_rs)
			n += RS(e, s->idx[i])->replicas;
	return n;
}

static int32_t sum_available(struct engine *e, const struct sets *s)
{
	int32_t n = 0;

	for (uint32_t i = 0; i < s->n; i++)
		n += RS(e, s->idx[i])->status.available;
	return n;
}

static int64_t max_old_revision(struct engine *e, const struct sets *s)
{
	int64_t max = 0;

	for (uint32_t i = 0; i < s->n; i++) {
		int64_t r = cluster_annotation_int(e->c, RS(e, s->idx[i])->meta.annotations, A_REVISION);
		if (s->idx[i] != s->new_rs && r > max)
			max = r;
	}
	return max;
}

/* SetReplicasAnnotations; true when they changed. */
static bool set_replicas_annotations(struct engine *e, struct replicaset *rs,
				     const struct deployment *d)
{
	uint32_t a = annotation_set(e->c, rs->meta.annotations, A_DESIRED, d->replicas);

	a = annotation_set(e->c, a, A_MAX, d->replicas + engine_deploy_max_surge(d));
	if (a == rs->meta.annotations)
		return false;
	rs->meta.annotations = a;
	return true;
}

/* scaleReplicaSet: spec.replicas and the annotations, one ScalingReplicaSet event; why names the budget. */
static bool scale_set(struct engine *e, uint32_t didx, uint32_t rsidx, int32_t to, const char *why)
{
	struct cluster *c = e->c;
	struct deployment *d = D(e, didx);
	struct replicaset *rs = RS(e, rsidx);
	int32_t from = rs->replicas;
	bool annotations = set_replicas_annotations(e, rs, d);
	struct event *ev;

	if (from == to && !annotations)
		return false;
	rs->replicas = to;
	if (from != to)
		rs->meta.generation++;
	rs->ctl.scaled = true;
	cluster_changed(c, KIND_RS, rsidx, CHANGE_UPDATED);
	if (from == to)
		return false;
	/* sync.go scaleReplicaSet, 1.27 and later: "Scaled up replica set x to 3 from 2" */
	ev = cluster_event(c, KIND_DEPLOY, didx, EVENT_NORMAL, "ScalingReplicaSet", SOURCE,
			   "Scaled %s replica set %s to %d from %d",
			   cluster_intern(c, to > from ? "up" : "down"), RS(e, rsidx)->meta.name,
			   (int64_t)to, (int64_t)from);
	event_why(ev, "%s", cluster_intern(c, why));
	return true;
}

static bool scale_with_why(struct engine *e, uint32_t didx, uint32_t rsidx, int32_t to,
			   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool scale_with_why(struct engine *e, uint32_t didx, uint32_t rsidx, int32_t to,
			   const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return scale_set(e, didx, rsidx, to, why);
}

/* getNewReplicaSet with createIfNotExisted: the set of the current template, made when missing. */
static void create_new_set(struct engine *e, struct sets *s)
{
	struct cluster *c = e->c;
	struct deployment *d = D(e, s->didx);
	int32_t replicas = engine_deploy_new_rs_replicas(d, sum_replicas(e, s, false), 0);
	int64_t revision = max_old_revision(e, s) + 1;
	char hash[11];
	struct strbuf name;
	uint32_t idx = NONE32, hkey = cluster_intern(c, L_HASH), hval;
	struct replicaset *rs;

	sb_init(&name);
	for (int tries = 0; tries < 8 && idx == NONE32; tries++) {
		d = D(e, s->didx);
		engine_deploy_hash(c, &d->tpl, d->status.collision_count, hash);
		sb_reset(&name);
		sb_printf(&name, "%s-%s", cluster_str(c, d->meta.name), hash);
		idx = cluster_add(c, KIND_RS, d->meta.ns, cluster_intern(c, name.data));
		if (idx == NONE32)
			d->status.collision_count++; /* the name is another template's */
	}
	sb_free(&name);
	if (idx == NONE32)
		return;
	d = D(e, s->didx);
	rs = RS(e, idx);
	hval = cluster_intern(c, hash);
	template_copy(c, &rs->tpl, &d->tpl);
	rs->tpl.labels = labels_with(c->labels, d->tpl.labels, hkey, hval);
	selector_copy(&rs->sel, &d->sel);
	rs->sel.match_labels = labels_with(c->labels, d->sel.match_labels, hkey, hval);
	rs->meta.labels = rs->tpl.labels;
	rs->meta.annotations = annotation_set(
	    c, annotations_copied(c, d->meta.annotations, 0), A_REVISION, revision);
	set_replicas_annotations(e, rs, d);
	rs->replicas = replicas;
	rs->min_ready_s = d->min_ready_s;
	cluster_set_owner(c, KIND_RS, idx, KIND_DEPLOY, s->didx);
	d->meta.annotations = annotation_set(c, d->meta.annotations, A_REVISION, revision);
	cond_progress(d, COND_TRUE, "NewReplicaSetCreated", "Created new replica set \"%s\"",
		      rs->meta.name, c->now_ms);
	cluster_changed(c, KIND_RS, idx, CHANGE_ADDED);
	cluster_touch(c, KIND_DEPLOY, s->didx);
	if (replicas > 0) {
		struct event *ev =
		    cluster_event(c, KIND_DEPLOY, s->didx, EVENT_NORMAL, "ScalingReplicaSet", SOURCE,
				  "Scaled up replica set %s to %d", RS(e, idx)->meta.name,
				  (int64_t)replicas);
		event_why(ev, "a new pod template (revision %d): the new set starts at %d",
			  revision, (int64_t)replicas);
	}
	xgrow(&s->idx, &s->cap, s->n + 1, sizeof *s->idx);
	s->idx[s->n++] = idx;
	s->new_rs = idx;
}

/*
 * SetNewReplicaSetAnnotations on a set rolled back to: the revision it held
 * joins revision-history ("1,3"), oldest dropped past 2000 characters.
 */
static uint32_t history_with(struct cluster *c, uint32_t set, int64_t old)
{
	uint32_t k = cluster_intern(c, A_HISTORY), v = labels_value(c->labels, set, k);
	const char *was = v == NONE32 ? "" : cluster_str(c, v);
	const char *keep;
	struct strbuf h;

	sb_init(&h);
	sb_printf(&h, "%s%s%lld", was, *was ? "," : "", (long long)old);
	for (keep = h.data; strlen(keep) > MAX_HISTORY_CHARS && strchr(keep, ',');)
		keep = strchr(keep, ',') + 1;
	set = labels_with(c->labels, set, k, cluster_intern(c, keep));
	sb_free(&h);
	return set;
}

/* getNewReplicaSet for a set that exists: its revision moves past the old ones (a rollback). */
static void found_new_set(struct engine *e, struct sets *s)
{
	struct cluster *c = e->c;
	struct deployment *d = D(e, s->didx);
	struct replicaset *rs = RS(e, s->new_rs);
	int64_t want = max_old_revision(e, s) + 1;
	uint32_t before = rs->meta.annotations, dbefore = d->meta.annotations;

	int64_t had = cluster_annotation_int(c, rs->meta.annotations, A_REVISION);

	rs->meta.annotations = annotations_copied(c, d->meta.annotations, rs->meta.annotations);
	if (had >= 0 && had < want)
		rs->meta.annotations = history_with(c, rs->meta.annotations, had);
	if (had < want)
		rs->meta.annotations = annotation_set(c, rs->meta.annotations, A_REVISION, want);
	if (rs->meta.annotations != before)
		cluster_touch(c, KIND_RS, s->new_rs);
	d->meta.annotations =
	    annotation_set(c, d->meta.annotations, A_REVISION,
			   cluster_annotation_int(c, rs->meta.annotations, A_REVISION));
	if (d->status.progressing_cond.status == COND_UNSET)
		cond_progress(d, COND_TRUE, "FoundNewReplicaSet", "Found new replica set \"%s\"",
			      rs->meta.name, c->now_ms);
	if (d->meta.annotations != dbefore)
		cluster_touch(c, KIND_DEPLOY, s->didx);
}

/* --- RollingUpdate (rolling.go) --- */

static bool reconcile_new(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	const struct replicaset *rs = RS(e, s->new_rs);
	int32_t all = sum_replicas(e, s, false), want = d->replicas, to;

	if (rs->replicas == want)
		return false;
	if (rs->replicas > want)
		return scale_with_why(e, s->didx, s->new_rs, want,
				      "the new set has %d replicas for %d desired", rs->replicas,
				      want);
	to = engine_deploy_new_rs_replicas(d, all, rs->replicas);
	return scale_with_why(e, s->didx, s->new_rs, to,
			      "maxSurge %d: %d pods for %d desired, so the new set may grow to %d",
			      engine_deploy_max_surge(d), all, want, to);
}

/* cleanupUnhealthyReplicas: unavailable old pods go first, they cost no availability. */
static int32_t cleanup_unhealthy(struct engine *e, const struct sets *s, int32_t max)
{
	int32_t total = 0;

	for (uint32_t i = 0; i < s->n && total < max; i++) {
		const struct replicaset *rs = RS(e, s->idx[i]);
		int32_t r = rs->replicas, a = rs->status.available, down;
		if (s->idx[i] == s->new_rs || r == 0 || r == a)
			continue;
		down = max - total < r - a ? max - total : r - a;
		scale_with_why(e, s->didx, s->idx[i], r - down,
			       "%d of its %d pods are not available: removing them costs no "
			       "availability",
			       r - a, r);
		total += down;
	}
	return total;
}

/* scaleDownOldReplicaSetsForRollingUpdate: oldest first, down to minAvailable. */
static int32_t scale_down_old(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	int32_t maxu = engine_deploy_max_unavailable(d), min_avail = d->replicas - maxu;
	int32_t avail = sum_available(e, s), want, total = 0;

	if (avail <= min_avail)
		return 0;
	want = avail - min_avail;
	for (uint32_t i = 0; i < s->n && total < want; i++) {
		const struct replicaset *rs = RS(e, s->idx[i]);
		int32_t r = rs->replicas, down = r < want - total ? r : want - total;
		if (s->idx[i] == s->new_rs || r == 0)
			continue;
		scale_with_why(e, s->didx, s->idx[i], r - down,
			       "maxUnavailable %d: %d pods available for %d desired, so %d old may go",
			       maxu, avail, d->replicas, want);
		total += down;
	}
	return total;
}

static bool reconcile_old(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	int32_t all = sum_replicas(e, s, false), min_avail, new_unavail = 0, max_down;

	if (sum_replicas(e, s, true) == 0)
		return false;
	min_avail = d->replicas - engine_deploy_max_unavailable(d);
	if (s->new_rs != NONE32)
		new_unavail = RS(e, s->new_rs)->replicas - RS(e, s->new_rs)->status.available;
	max_down = all - min_avail - new_unavail;
	if (max_down <= 0)
		return false;
	return cleanup_unhealthy(e, s, max_down) + scale_down_old(e, s) > 0;
}

/* --- Recreate (recreate.go) --- */

static bool old_pods_running(struct engine *e, const struct sets *s)
{
	for (uint32_t i = 0; i < s->n; i++) {
		const struct replicaset *rs = RS(e, s->idx[i]);
		if (s->idx[i] == s->new_rs)
			continue;
		if (rs->status.replicas > 0)
			return true;
		for (uint32_t k = rs->meta.kids; k != NONE32;) {
			const struct pod *p = cluster_get(e->c, KIND_POD, k);
			if (!pod_is_terminal(p))
				return true;
			k = p->meta.sib_next;
		}
	}
	return false;
}

static void rollout_recreate(struct engine *e, struct sets *s)
{
	bool down = false;

	for (uint32_t i = 0; i < s->n; i++)
		if (s->idx[i] != s->new_rs && RS(e, s->idx[i])->replicas > 0)
			down |= scale_set(e, s->didx, s->idx[i], 0,
					  "strategy Recreate: every old pod goes before a new one "
					  "is made");
	if (down || old_pods_running(e, s))
		return;
	if (s->new_rs == NONE32)
		create_new_set(e, s);
	else
		scale_set(e, s->didx, s->new_rs, D(e, s->didx)->replicas,
			  "strategy Recreate: the old pods are gone, the new set takes every replica");
}

/* --- scaling and pausing (sync.go) --- */

static int32_t desired_annotation(struct engine *e, uint32_t rsidx)
{
	return (int32_t)cluster_annotation_int(e->c, RS(e, rsidx)->meta.annotations, A_DESIRED);
}

static bool is_scaling_event(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);

	for (uint32_t i = 0; i < s->n; i++) {
		int32_t want = desired_annotation(e, s->idx[i]);
		if (RS(e, s->idx[i])->replicas > 0 && want >= 0 && want != d->replicas)
			return true;
	}
	return false;
}

/* ReplicaSetsBySizeNewer / BySizeOlder: larger first, then newer (or older) first. */
static int by_size_newer(struct engine *e, uint32_t a, uint32_t b)
{
	int32_t x = RS(e, a)->replicas, y = RS(e, b)->replicas;

	return x != y ? (x > y ? -1 : 1) : -by_creation(e, a, b);
}

static int by_size_older(struct engine *e, uint32_t a, uint32_t b)
{
	int32_t x = RS(e, a)->replicas, y = RS(e, b)->replicas;

	return x != y ? (x > y ? -1 : 1) : by_creation(e, a, b);
}

static void scale_proportionally(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	uint32_t *act = xmalloc((s->n + 1) * sizeof *act), n = 0;
	int32_t all = 0, allowed, to_add, added = 0, *size = xmalloc((s->n + 1) * sizeof *size);

	for (uint32_t i = 0; i < s->n; i++)
		if (RS(e, s->idx[i])->replicas > 0) {
			act[n++] = s->idx[i];
			all += RS(e, s->idx[i])->replicas;
		}
	allowed = d->replicas > 0 ? d->replicas + engine_deploy_max_surge(d) : 0;
	to_add = allowed - all;
	sort_sets(e, act, n, to_add > 0 ? by_size_newer : by_size_older);
	for (uint32_t i = 0; i < n; i++) {
		const struct replicaset *rs = RS(e, act[i]);
		int32_t p = engine_deploy_proportion(
		    d, rs->replicas, (int32_t)cluster_annotation_int(e->c, rs->meta.annotations, A_MAX),
		    to_add, added);
		size[i] = rs->replicas + p;
		added += p;
	}
	if (n && to_add != 0 && (size[0] += to_add - added) < 0)
		size[0] = 0;
	for (uint32_t i = 0; i < n; i++)
		scale_with_why(e, s->didx, act[i], size[i],
			       "proportional scaling: %d to %s over %u sets, shared by their size",
			       to_add < 0 ? -to_add : to_add, to_add < 0 ? "remove" : "add", n);
	free(act);
	free(size);
}

/* sync.go scale(): one active set takes the new size; several share it. */
static void scale(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	uint32_t nactive = 0, one = NONE32;
	const struct replicaset *nrs;

	for (uint32_t i = 0; i < s->n; i++)
		if (RS(e, s->idx[i])->replicas > 0) {
			nactive++;
			one = s->idx[i];
		}
	if (nactive <= 1) {
		if (!nactive)
			one = s->new_rs != NONE32 ? s->new_rs : s->n ? s->idx[s->n - 1] : NONE32;
		if (one != NONE32 && RS(e, one)->replicas != d->replicas)
			scale_set(e, s->didx, one, d->replicas,
				  "spec.replicas changed and this is the one active set");
		return;
	}
	nrs = s->new_rs != NONE32 ? RS(e, s->new_rs) : NULL;
	if (nrs && desired_annotation(e, s->new_rs) == d->replicas &&
	    nrs->replicas == d->replicas && nrs->status.available == d->replicas) {
		for (uint32_t i = 0; i < s->n; i++)
			if (s->idx[i] != s->new_rs && RS(e, s->idx[i])->replicas > 0)
				scale_set(e, s->didx, s->idx[i], 0,
					  "the new set is saturated: old sets go to 0");
		return;
	}
	if (d->strategy == DEPLOY_ROLLING_UPDATE)
		scale_proportionally(e, s);
}

/* --- status (progress.go, sync.go calculateStatus) --- */

static bool reason_is(const struct deploy_condition *cond, const char *reason)
{
	return cond->reason && strcmp(cond->reason, reason) == 0;
}

static void check_paused(struct engine *e, uint32_t didx)
{
	struct deployment *d = D(e, didx);
	const struct deploy_condition *cond = &d->status.progressing_cond;
	bool paused_cond = reason_is(cond, "DeploymentPaused");
	bool changed = false;

	if (reason_is(cond, "ProgressDeadlineExceeded"))
		return;
	if (d->paused && !paused_cond)
		changed = cond_progress(d, COND_UNKNOWN, "DeploymentPaused", "Deployment is paused",
					0, e->c->now_ms);
	else if (!d->paused && paused_cond)
		changed = cond_progress(d, COND_UNKNOWN, "DeploymentResumed",
					"Deployment is resumed", 0, e->c->now_ms);
	if (changed)
		cluster_touch(e->c, KIND_DEPLOY, didx);
}

static bool complete(const struct deployment *d)
{
	return d->status.updated == d->replicas && d->status.replicas == d->replicas &&
	       d->status.available == d->replicas &&
	       d->status.observed_generation >= d->meta.generation;
}

/* syncRolloutStatus's Progressing condition, given the status before this sync. */
static void progress(struct engine *e, uint32_t didx, uint32_t rs_name, int32_t old_updated,
		     int32_t old_old, int32_t old_ready, int32_t old_available)
{
	struct deployment *d = D(e, didx);
	struct deploy_condition *cond = &d->status.progressing_cond;
	int64_t now = e->c->now_ms, at;

	if (d->status.replicas == d->status.updated && reason_is(cond, "NewReplicaSetAvailable"))
		return;
	if (complete(d)) {
		cond_progress(d, COND_TRUE, "NewReplicaSetAvailable",
			      "ReplicaSet \"%s\" has successfully progressed.", rs_name, now);
	} else if (d->status.updated > old_updated ||
		   d->status.replicas - d->status.updated < old_old ||
		   d->status.ready > old_ready || d->status.available > old_available) {
		int64_t since = cond->status == COND_TRUE ? cond->transition_ms : now;
		*cond = (struct deploy_condition){ COND_TRUE, "ReplicaSetUpdated",
						   "ReplicaSet \"%s\" is progressing.", rs_name,
						   now, since };
	} else if (cond->status != COND_UNSET && !reason_is(cond, "NewReplicaSetAvailable") &&
		   cond->update_ms + (int64_t)d->progress_deadline_s * 1000 < now) {
		cond_progress(d, COND_FALSE, "ProgressDeadlineExceeded",
			      "ReplicaSet \"%s\" has timed out progressing.", rs_name, now);
	}
	/*
	 * requeueStuckDeployment: look again when the deadline passes. One timer
	 * per Deployment: a pending one that fires first reschedules itself then.
	 */
	cond = &d->status.progressing_cond;
	at = cond->update_ms + (int64_t)d->progress_deadline_s * 1000 + 1;
	if (cond->status != COND_UNSET && !reason_is(cond, "NewReplicaSetAvailable") &&
	    !reason_is(cond, "ProgressDeadlineExceeded") && !complete(d) &&
	    (d->ctl.progress_timer_ms == 0 || d->ctl.progress_timer_ms > at)) {
		engine_timer(e, CTRL_DEPLOY, didx, at);
		d->ctl.progress_timer_ms = at;
	}
}

static bool cond_equal(const struct deploy_condition *a, const struct deploy_condition *b)
{
	return a->status == b->status && a->reason == b->reason && a->message == b->message &&
	       a->rs_name == b->rs_name && a->update_ms == b->update_ms &&
	       a->transition_ms == b->transition_ms;
}

static bool status_equal(const struct deployment *d, const struct deployment *was)
{
	return d->status.replicas == was->status.replicas &&
	       d->status.updated == was->status.updated && d->status.ready == was->status.ready &&
	       d->status.available == was->status.available &&
	       d->status.unavailable == was->status.unavailable &&
	       d->status.collision_count == was->status.collision_count &&
	       d->status.observed_generation == was->status.observed_generation &&
	       cond_equal(&d->status.available_cond, &was->status.available_cond) &&
	       cond_equal(&d->status.progressing_cond, &was->status.progressing_cond) &&
	       cond_equal(&d->status.failure_cond, &was->status.failure_cond);
}

/*
 * getReplicaFailures: the new set's ReplicaFailure, else an old set's,
 * becomes the Deployment's (its message is the set's, as the format's %s);
 * none removes it.
 */
static void copy_failure(struct engine *e, const struct sets *s)
{
	struct deployment *d = D(e, s->didx);
	const struct replicaset *failed = NULL;

	if (s->new_rs != NONE32 && RS(e, s->new_rs)->status.failure)
		failed = RS(e, s->new_rs);
	for (uint32_t i = 0; i < s->n && !failed; i++)
		if (RS(e, s->idx[i])->status.failure)
			failed = RS(e, s->idx[i]);
	if (!failed) {
		d->status.failure_cond = (struct deploy_condition){ 0 };
		return;
	}
	if (d->status.failure_cond.rs_name != failed->status.failure)
		d->status.failure_cond = (struct deploy_condition){
			COND_TRUE, "FailedCreate", "%s", failed->status.failure,
			failed->status.failure_ms, failed->status.failure_ms
		};
}

/* syncRolloutStatus / syncDeploymentStatus: written (a new resourceVersion) only when it changed. */
static void update_status(struct engine *e, const struct sets *s, bool rollout)
{
	struct deployment *d = D(e, s->didx), was = *d;
	int32_t old_updated = d->status.updated, old_old = d->status.replicas - d->status.updated;
	int32_t old_ready = d->status.ready, old_available = d->status.available;
	int32_t replicas = 0, ready = 0, avail = sum_available(e, s), total = sum_replicas(e, s, false);
	uint32_t rs_name = s->new_rs != NONE32 ? RS(e, s->new_rs)->meta.name : d->meta.name;

	for (uint32_t i = 0; i < s->n; i++) {
		replicas += RS(e, s->idx[i])->status.replicas;
		ready += RS(e, s->idx[i])->status.ready;
	}
	d->status.replicas = replicas;
	d->status.updated = s->new_rs != NONE32 ? RS(e, s->new_rs)->status.replicas : 0;
	d->status.ready = ready;
	d->status.available = avail;
	d->status.unavailable = total - avail > 0 ? total - avail : 0;
	d->status.observed_generation = d->meta.generation;
	if (avail >= d->replicas - engine_deploy_max_unavailable(d))
		cond_set(&d->status.available_cond, COND_TRUE, "MinimumReplicasAvailable",
			 "Deployment has minimum availability.", 0, e->c->now_ms);
	else
		cond_set(&d->status.available_cond, COND_FALSE, "MinimumReplicasUnavailable",
			 "Deployment does not have minimum availability.", 0, e->c->now_ms);
	copy_failure(e, s);
	if (rollout)
		progress(e, s->didx, rs_name, old_updated, old_old, old_ready, old_available);
	if (!status_equal(D(e, s->didx), &was))
		cluster_touch(e->c, KIND_DEPLOY, s->didx);
}

static int64_t revision_of(struct engine *e, uint32_t rsidx)
{
	return cluster_annotation_int(e->c, RS(e, rsidx)->meta.annotations, A_REVISION);
}

static int by_revision(struct engine *e, uint32_t a, uint32_t b)
{
	int64_t x = revision_of(e, a), y = revision_of(e, b);

	return x != y ? (x < y ? -1 : 1) : by_creation(e, a, b);
}

/* cleanupDeployment: old sets at 0 beyond revisionHistoryLimit go, oldest revision first. */
static void cleanup(struct engine *e, const struct sets *s)
{
	const struct deployment *d = D(e, s->didx);
	uint32_t *old = xmalloc((s->n + 1) * sizeof *old), n = 0;
	int32_t diff;

	for (uint32_t i = 0; i < s->n; i++)
		if (s->idx[i] != s->new_rs)
			old[n++] = s->idx[i];
	diff = (int32_t)n - d->history_limit;
	if (diff > 0) /* nothing to prune: no sort on every sync of a finished rollout */
		sort_sets(e, old, n, by_revision);
	for (int32_t i = 0; i < diff; i++) {
		const struct replicaset *rs = RS(e, old[i]);
		if (rs->status.replicas || rs->replicas ||
		    rs->meta.generation > rs->status.observed_generation)
			continue;
		engine_delete(e, KIND_RS, old[i], PROPAGATE_BACKGROUND, -1);
	}
	free(old);
}

/* sync(): paused, or a scaling event: no new set is made. */
static void sync_only(struct engine *e, struct sets *s)
{
	if (s->new_rs != NONE32)
		found_new_set(e, s);
	scale(e, s);
	update_status(e, s, false);
	if (D(e, s->didx)->paused)
		cleanup(e, s);
}

static void rollout_rolling(struct engine *e, struct sets *s)
{
	bool done;

	if (s->new_rs == NONE32)
		create_new_set(e, s);
	else
		found_new_set(e, s);
	if (s->new_rs == NONE32)
		return;
	if (reconcile_new(e, s) || reconcile_old(e, s)) {
		update_status(e, s, true);
		return;
	}
	done = complete(D(e, s->didx));
	update_status(e, s, true);
	if (done)
		cleanup(e, s);
}

static void sync_sets(struct engine *e, struct sets *s)
{
	if (D(e, s->didx)->paused || is_scaling_event(e, s)) {
		sync_only(e, s);
	} else if (D(e, s->didx)->strategy == DEPLOY_RECREATE) {
		rollout_recreate(e, s);
		update_status(e, s, true);
	} else {
		rollout_rolling(e, s);
	}
}

static void reconcile(struct engine *e, uint32_t didx)
{
	struct deployment *d = D(e, didx);
	struct sets s;

	if (!d || d->meta.deleted_ms != TIME_NONE)
		return;
	e->stats.touched++;
	if (d->ctl.progress_timer_ms <= e->c->now_ms)
		d->ctl.progress_timer_ms = 0; /* it fired: this is its sync */
	check_paused(e, didx);
	if (d->ctl.adopt_pending)
		adopt_sets(e, didx);
	list_sets(e, didx, &s);
	sync_sets(e, &s);
	free(s.idx);
}

/* An orphan set wakes the Deployments of its namespace that select it. */
static void offer_set(struct engine *e, const struct replicaset *rs)
{
	struct cluster *c = e->c;

	for (uint32_t i = 0; i < cluster_len(c, KIND_DEPLOY); i++) {
		struct deployment *d = D(e, i);
		if (d && d->meta.ns == rs->meta.ns &&
		    selector_matches(c->labels, &d->sel, rs->meta.labels)) {
			d->ctl.adopt_pending = true;
			engine_enqueue(e, CTRL_DEPLOY, i);
		}
	}
}

static void watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_DEPLOY && change != CHANGE_DELETED) {
		D(e, idx)->ctl.adopt_pending = true; /* new, or its selector may have changed */
		engine_enqueue(e, CTRL_DEPLOY, idx);
	} else if (kind == KIND_RS) {
		const struct replicaset *rs = RS(e, idx);
		if (rs->meta.owner_kind == KIND_DEPLOY && cluster_owner(c, &rs->meta))
			engine_enqueue(e, CTRL_DEPLOY, rs->meta.owner);
		else if (rs->meta.owner_kind == KIND_NONE && change != CHANGE_DELETED)
			offer_set(e, rs);
	} else if (kind == KIND_POD && change == CHANGE_DELETED) {
		/* deletePod: Recreate waits for the old pods to be gone. */
		const struct pod *p = cluster_get(c, KIND_POD, idx);
		const struct meta *rs = p->meta.owner_kind == KIND_RS ? cluster_owner(c, &p->meta) : NULL;
		const struct deployment *d =
		    rs && rs->owner_kind == KIND_DEPLOY ? (const void *)cluster_owner(c, rs) : NULL;
		if (d && d->strategy == DEPLOY_RECREATE)
			engine_enqueue(e, CTRL_DEPLOY, rs->owner);
	}
}

const struct controller controller_deploy = {
	.name = SOURCE,
	.kind = KIND_DEPLOY,
	.reconcile = reconcile,
	.watch = watch,
};
