/*
 * The StatefulSet controller (pkg/controller/statefulset, 1.29-1.31). Each
 * pod has a stable identity: the name <set>-<ordinal> for ordinals.start up
 * to start+replicas-1, hostname = its name, subdomain = serviceName, and one
 * claim per volumeClaimTemplate, <template>-<pod>, created before the pod
 * and kept when the pod goes unless persistentVolumeClaimRetentionPolicy
 * says Delete. OrderedReady walks the ordinals upward and creates the first
 * missing pod only once every lower one is Running and Ready (and available
 * for minReadySeconds); it scales down from the highest ordinal, one pod at
 * a time, while the others are healthy. Parallel creates and deletes all at
 * once. A pod that ends Failed or Succeeded is deleted and comes back under
 * the same name once its object is gone (so a pod on a lost node, stuck
 * Terminating, is not replaced). A new template rolls from the highest
 * ordinal down to the partition, one pod at a time (RollingUpdate), or waits
 * for deletions (OnDelete).
 *
 * Each pod gets its own copy of the template's spec with that identity
 * written in (hostname, subdomain, claim volumes), as the real pods carry
 * it: it stays with the pod when the set goes (--cascade=orphan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char SRC[] = "statefulset-controller";

static bool terminating(const struct pod *p)
{
	return p->meta.deleted_ms != TIME_NONE;
}

/* isHealthy: Running and Ready, not terminating. */
static bool healthy(const struct pod *p)
{
	return pod_is_ready(p) && !terminating(p);
}

/* isRunningAndAvailable: Ready for at least minReadySeconds. */
static bool available(const struct cluster *c, const struct statefulset *s, const struct pod *p)
{
	return pod_is_ready(p) && p->ready_ms + (int64_t)s->min_ready_s * 1000 <= c->now_ms;
}

static uint32_t intern_printf(struct cluster *c, const char *fmt, const char *a, const char *b)
{
	struct strbuf sb;
	uint32_t id;

	sb_init(&sb);
	sb_printf(&sb, fmt, a, b);
	id = cluster_intern(c, sb.data);
	sb_free(&sb);
	return id;
}

/* "<set>-<hash>": the ControllerRevision name pods carry as controller-revision-hash. */
static uint32_t revision_name(struct cluster *c, const struct statefulset *s, uint32_t rev)
{
	struct strbuf sb;
	uint32_t id;

	sb_init(&sb);
	cluster_revision_name(c, s->meta.name, rev, &sb);
	id = cluster_intern(c, sb.data);
	sb_free(&sb);
	return id;
}

static uint32_t claim_name(struct cluster *c, const struct claim_template *ct, uint32_t pod_name)
{
	return intern_printf(c, "%s-%s", cluster_str(c, ct->name), cluster_str(c, pod_name));
}

/* getParentNameAndOrdinal: a member is named "<set>-<digits>"; -1 otherwise. */
static int32_t member_ordinal(const struct cluster *c, const struct statefulset *s,
			      const struct pod *p)
{
	const char *name = cluster_str(c, p->meta.name), *set = cluster_str(c, s->meta.name);
	size_t n = strlen(set);
	char *end;
	long ord;

	if (strncmp(name, set, n) != 0 || name[n] != '-' || name[n + 1] < '0' || name[n + 1] > '9')
		return -1;
	ord = strtol(name + n + 1, &end, 10);
	return *end || ord > INT32_MAX ? -1 : (int32_t)ord;
}

/* --- claims --- */

static uint32_t find_claim(const struct cluster *c, uint32_t ns, uint32_t name)
{
	return cluster_find(c, KIND_PVC, ns, name);
}

/* One PVC per volumeClaimTemplate that does not exist yet (createPersistentVolumeClaims). */
static void create_claims(struct engine *e, uint32_t sts, uint32_t pod_name)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);

	for (uint32_t i = 0; i < s->nclaims; i++) {
		const struct claim_template *ct = &s->claims[i];
		uint32_t name = claim_name(c, ct, pod_name), labels = ct->labels, n, idx;
		const struct label *sel = labels_get(c->labels, s->sel.match_labels, &n);
		struct label *copy = xmalloc((n + 1) * sizeof *copy);
		struct pvc *pvc;

		if (find_claim(c, s->meta.ns, name) != NONE32) {
			free(copy);
			continue;
		}
		/* The claim carries the template's labels and the selector's matchLabels. */
		memcpy(copy, sel, n * sizeof *copy);
		for (uint32_t k = 0; k < n; k++)
			labels = labels_with(c->labels, labels, copy[k].key, copy[k].val);
		free(copy);
		idx = cluster_add(c, KIND_PVC, s->meta.ns, name);
		pvc = cluster_get(c, KIND_PVC, idx);
		pvc->meta.labels = labels;
		pvc->request_bytes = ct->request_bytes;
		pvc->access_modes = ct->access_modes;
		pvc->storage_class = ct->storage_class;
		cluster_changed(c, KIND_PVC, idx, CHANGE_ADDED);
		struct event *ev = cluster_event(c, KIND_STS, sts, EVENT_NORMAL, "SuccessfulCreate",
						 SRC,
						 "create Claim %s Pod %s in StatefulSet %s success",
						 name, pod_name, s->meta.name);
		event_why(ev,
			  "volumeClaimTemplate %s: every pod gets its own claim, made before the pod",
			  ct->name);
	}
}

/*
 * UpdatePodClaimForRetentionPolicy: with whenScaled Delete, a condemned
 * pod's claims get an ownerReference to it, so the garbage collector takes
 * them once the pod is gone; a pod back inside spec.replicas drops it.
 */
static void set_claims_owner(struct engine *e, uint32_t sts, const struct pod *p, bool condemned)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);

	for (uint32_t i = 0; i < s->nclaims; i++) {
		uint32_t idx = find_claim(c, s->meta.ns, claim_name(c, &s->claims[i], p->meta.name));
		struct pvc *pvc = idx == NONE32 ? NULL : cluster_get(c, KIND_PVC, idx);
		uint32_t owner = condemned ? p->meta.name : 0, uid = condemned ? p->meta.uid : 0;
		if (!pvc || (pvc->owner_pod == owner && pvc->owner_pod_uid == uid))
			continue;
		pvc->owner_pod = owner;
		pvc->owner_pod_uid = uid;
		cluster_changed(c, KIND_PVC, idx, CHANGE_UPDATED);
	}
}

/*
 * PodClaimIsStale: with whenScaled Delete, a claim still going away (it
 * belonged to the pod that was scaled down) must be gone before the pod
 * comes back.
 */
static bool claims_stale(struct engine *e, const struct statefulset *s, uint32_t pod_name)
{
	struct cluster *c = e->c;

	for (uint32_t i = 0; s->delete_claims_when_scaled && i < s->nclaims; i++) {
		uint32_t idx = find_claim(c, s->meta.ns, claim_name(c, &s->claims[i], pod_name));
		if (idx != NONE32 &&
		    ((struct pvc *)cluster_get(c, KIND_PVC, idx))->meta.deleted_ms != TIME_NONE)
			return true;
	}
	return false;
}

void sts_delete_claims(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);
	const char *set = cluster_str(c, s->meta.name);

	if (!s->delete_claims_when_deleted)
		return;
	/* The claims the set made: "<template>-<set>-<ordinal>" in its namespace. */
	for (uint32_t i = 0; i < cluster_len(c, KIND_PVC); i++) {
		const struct pvc *pvc = cluster_get(c, KIND_PVC, i);
		if (!pvc || pvc->meta.ns != s->meta.ns)
			continue;
		for (uint32_t k = 0; k < s->nclaims; k++) {
			const char *name = cluster_str(c, pvc->meta.name),
				   *tpl = cluster_str(c, s->claims[k].name);
			size_t lt = strlen(tpl), ls = strlen(set);
			if (strncmp(name, tpl, lt) == 0 && name[lt] == '-' &&
			    strncmp(name + lt + 1, set, ls) == 0 && name[lt + 1 + ls] == '-' &&
			    name[lt + 2 + ls] &&
			    strspn(name + lt + 2 + ls, "0123456789") == strlen(name + lt + 2 + ls)) {
				volumes_claim_delete(e, i);
				break;
			}
		}
	}
}

/* --- pods --- */

static bool is_claim_template(const struct statefulset *s, uint32_t name)
{
	for (uint32_t i = 0; i < s->nclaims; i++)
		if (s->claims[i].name == name)
			return true;
	return false;
}

/*
 * updateStorage: one volume per claim template, named after it, using the
 * pod's own claim, then the template's volumes that do not share a name
 * with a claim template (those are replaced).
 */
static void update_storage(struct cluster *c, const struct statefulset *s, struct podspec *spec,
			   uint32_t pod_name)
{
	struct volume *vols;
	uint32_t n = 0;

	if (!s->nclaims)
		return;
	vols = xcalloc(s->nclaims + spec->nvolumes, sizeof *vols);
	for (uint32_t i = 0; i < s->nclaims; i++) {
		vols[n].name = s->claims[i].name;
		vols[n].source = VOLUME_PVC;
		vols[n++].pvc.claim_name = claim_name(c, &s->claims[i], pod_name);
	}
	for (uint32_t i = 0; i < spec->nvolumes; i++)
		if (!is_claim_template(s, spec->volumes[i].name))
			vols[n++] = spec->volumes[i];
	free(spec->volumes);
	spec->volumes = vols;
	spec->nvolumes = n;
}

static void create_pod(struct engine *e, uint32_t sts, int32_t ordinal, const char *why)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);
	/* newVersionedStatefulSetPod: below the partition a new pod keeps the current revision. */
	bool old = s->strategy == STS_ROLLING_UPDATE && ordinal < s->ordinals_start + s->partition;
	struct template tpl = old ? s->status.current_tpl : s->tpl;
	uint32_t rev = old ? s->status.current_revision : s->status.update_revision, pod, name;
	struct podspec *spec;
	char num[16];
	struct pod *p;

	snprintf(num, sizeof num, "%d", ordinal);
	name = intern_printf(c, "%s-%s", cluster_str(c, s->meta.name), num);
	if (claims_stale(e, s, name))
		return;
	create_claims(e, sts, name);
	s = cluster_get(c, KIND_STS, sts);
	/* updateIdentity and updateStorage: the pod's spec gets its hostname, subdomain and claims. */
	spec = podspec_clone(cluster_spec(c, tpl.spec));
	spec->hostname = name;
	spec->subdomain = s->service_name;
	update_storage(c, s, spec, name);
	tpl.spec = cluster_spec_add(c, spec);
	tpl.labels = labels_with(c->labels, tpl.labels, cluster_intern(c, "controller-revision-hash"),
				 revision_name(c, s, rev));
	tpl.labels = labels_with(c->labels, tpl.labels,
				 cluster_intern(c, "statefulset.kubernetes.io/pod-name"), name);
	tpl.labels = labels_with(c->labels, tpl.labels,
				 cluster_intern(c, "apps.kubernetes.io/pod-index"),
				 cluster_intern(c, num));
	pod = pod_refused(e, KIND_STS, sts, &tpl, name, SRC)
		  ? NONE32
		  : pod_create(e, KIND_STS, sts, &tpl, name);
	cluster_spec_unref(c, tpl.spec);
	if (pod == NONE32)
		return; /* refused, or the name is taken by a pod that is not the set's: AlreadyExists */
	p = cluster_get(c, KIND_POD, pod);
	p->ordinal = (uint32_t)ordinal;
	p->revision = rev;
	struct event *ev = cluster_event(c, KIND_STS, sts, EVENT_NORMAL, "SuccessfulCreate", SRC,
					 "create Pod %s in StatefulSet %s successful", name,
					 s->meta.name);
	event_why(ev, why, name);
}

static void delete_pod(struct engine *e, uint32_t sts, uint32_t pod, const char *why)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	struct event *ev = cluster_event(c, KIND_STS, sts, EVENT_NORMAL, "SuccessfulDelete", SRC,
					 "delete Pod %s in StatefulSet %s successful", p->meta.name,
					 s->meta.name);

	event_why(ev, why, p->meta.name, (int64_t)s->replicas, (int64_t)s->partition);
	pod_delete(e, pod, -1);
}

/* ClaimPods: adopts orphans that match and are named as members, releases pods that no longer match. */
static void claim_pods(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);
	const struct ref *orphans;
	uint32_t n;

	for (uint32_t i = s->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->meta.sib_next;
		if (!terminating(p) && !selector_matches(c->labels, &s->sel, p->meta.labels)) {
			cluster_clear_owner(c, KIND_POD, i);
			cluster_changed(c, KIND_POD, i, CHANGE_UPDATED);
		}
		i = next;
	}
	orphans = orphan_pods(e, &n);
	for (uint32_t k = 0; k < n; k++) {
		struct pod *p = (struct pod *)cluster_deref(c, KIND_POD, orphans[k]);
		int32_t ord;
		if (!p || p->meta.ns != s->meta.ns || p->meta.owner_kind != KIND_NONE ||
		    !selector_matches(c->labels, &s->sel, p->meta.labels) ||
		    (ord = member_ordinal(c, s, p)) < 0)
			continue;
		p->ordinal = (uint32_t)ord;
		cluster_set_owner(c, KIND_POD, orphans[k].idx, KIND_STS, sts);
		cluster_changed(c, KIND_POD, orphans[k].idx, CHANGE_UPDATED);
	}
}

/* --- one sync (UpdateStatefulSet) --- */

struct member {
	int32_t ordinal;
	struct ref pod;
};

static int by_ordinal_desc(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return x->ordinal > y->ordinal ? -1 : x->ordinal < y->ordinal;
}

/*
 * The set's pods, as handles (a pod deleted during the sync may free its
 * slot): replicas by ordinal - start (idx NONE32 when missing), the rest
 * condemned.
 */
struct census {
	int32_t start, n;
	struct ref *replicas;
	struct member *condemned; /* highest ordinal first */
	uint32_t ncondemned, cap;
	struct ref first_unhealthy; /* by ordinal; idx NONE32 if a missing pod or none comes first */
};

static const struct pod *census_pod(const struct cluster *c, struct ref r)
{
	return r.idx == NONE32 ? NULL : (const struct pod *)cluster_deref(c, KIND_POD, r);
}

static void take_census(struct engine *e, uint32_t sts, struct census *cs)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);

	memset(cs, 0, sizeof *cs);
	cs->start = s->ordinals_start;
	cs->n = s->replicas;
	cs->replicas = xmalloc(((size_t)cs->n + 1) * sizeof *cs->replicas);
	for (int32_t i = 0; i < cs->n; i++)
		cs->replicas[i] = (struct ref){ NONE32, 0 };
	for (uint32_t i = s->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		int32_t ord = (int32_t)p->ordinal;
		e->stats.touched++;
		if (ord >= cs->start && ord - cs->start < cs->n) {
			cs->replicas[ord - cs->start] = cluster_ref(c, KIND_POD, i);
		} else {
			xgrow(&cs->condemned, &cs->cap, cs->ncondemned + 1, sizeof *cs->condemned);
			cs->condemned[cs->ncondemned++] = (struct member){
				ord, cluster_ref(c, KIND_POD, i)
			};
		}
		i = p->meta.sib_next;
	}
	xqsort(cs->condemned, cs->ncondemned, sizeof *cs->condemned, by_ordinal_desc);
	cs->first_unhealthy = (struct ref){ NONE32, 0 };
	for (int32_t i = 0; i < cs->n; i++) {
		const struct pod *p = census_pod(c, cs->replicas[i]);
		if (!p)
			return;
		if (!healthy(p)) {
			cs->first_unhealthy = cs->replicas[i];
			return;
		}
	}
	for (uint32_t k = cs->ncondemned; k-- > 0;)
		if (!healthy(census_pod(c, cs->condemned[k].pod))) {
			cs->first_unhealthy = cs->condemned[k].pod;
			return;
		}
}

static void census_free(struct census *cs)
{
	free(cs->replicas);
	free(cs->condemned);
}

/* Waits for a Ready pod to become available: true (blocked) until minReadySeconds have passed. */
static bool wait_available(struct engine *e, uint32_t sts, const struct pod *p)
{
	const struct statefulset *s = cluster_get(e->c, KIND_STS, sts);

	if (available(e->c, s, p))
		return false;
	if (pod_is_ready(p))
		engine_timer(e, CTRL_STS, sts, p->ready_ms + (int64_t)s->min_ready_s * 1000);
	return true;
}

/* processReplica for the pod at ordinal start+i: true when an ordered walk must stop there. */
static bool process_replica(struct engine *e, uint32_t sts, const struct census *cs, int32_t i,
			    bool monotonic)
{
	struct cluster *c = e->c;
	const struct pod *p = census_pod(c, cs->replicas[i]);

	if (cs->replicas[i].idx == NONE32) {
		create_pod(e, sts, cs->start + i,
			   monotonic
			       ? "OrderedReady: every lower ordinal is Running and Ready, so %s comes next"
			       : "Parallel: every missing pod is created at once, %s among them");
		return true;
	}
	if (!p)
		return true; /* removed during this sync: made again in the next */
	if (pod_is_terminal(p)) {
		if (!terminating(p))
			delete_pod(
			    e, sts, cs->replicas[i].idx,
			    "%s has finished (Failed or Succeeded): it is deleted and made again under the same name");
		return true;
	}
	/* A pending pod gets back any claim that went missing. */
	if (p->phase == PHASE_PENDING)
		create_claims(e, sts, p->meta.name);
	p = census_pod(c, cs->replicas[i]);
	if (((const struct statefulset *)cluster_get(c, KIND_STS, sts))->delete_claims_when_scaled)
		set_claims_owner(e, sts, p, false);
	return monotonic && (terminating(p) || !pod_is_ready(p) || wait_available(e, sts, p));
}

/* processCondemned, highest ordinal first: true when an ordered walk must stop. */
static bool process_condemned(struct engine *e, uint32_t sts, const struct census *cs, uint32_t k,
			      bool monotonic)
{
	struct cluster *c = e->c;
	struct ref pod = cs->condemned[k].pod;
	const struct pod *p = census_pod(c, pod);
	bool first = pod.idx == cs->first_unhealthy.idx && pod.gen == cs->first_unhealthy.gen;

	if (!p || terminating(p))
		return monotonic;
	/* Ordered scale-down waits for the others to be healthy, the first unhealthy pod excepted. */
	if (monotonic && !first && (!pod_is_ready(p) || wait_available(e, sts, p)))
		return true;
	delete_pod(e, sts, pod.idx,
		   "%s is above spec.replicas (%d): scale-down removes the highest ordinal first");
	return monotonic;
}

/* RollingUpdate: the highest ordinal not at the update revision goes, down to the partition. */
static void rolling_update(struct engine *e, uint32_t sts, const struct census *cs)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);

	if (s->strategy != STS_ROLLING_UPDATE)
		return;
	for (int32_t target = cs->n - 1; target >= s->partition; target--) {
		const struct pod *p = census_pod(c, cs->replicas[target]);
		if (!p)
			return; /* made or removed in this sync: wait for it */
		if (p->revision != s->status.update_revision && !terminating(p)) {
			delete_pod(e, sts, cs->replicas[target].idx,
				   "rolling update: %s runs an old template; with %d replicas and partition %d, "
				   "pods are replaced one at a time from the highest ordinal down");
			return;
		}
		if (!healthy(p))
			return;
	}
}

static void update_status(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	struct statefulset *s = cluster_get(c, KIND_STS, sts);
	int32_t replicas = 0, ready = 0, available_n = 0, current = 0, updated = 0;
	bool changed;

	for (uint32_t i = s->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		replicas++;
		ready += pod_is_ready(p);
		available_n += available(c, s, p);
		current += !terminating(p) && p->revision == s->status.current_revision;
		updated += !terminating(p) && p->revision == s->status.update_revision;
		i = p->meta.sib_next;
	}
	/* completeRollingUpdate: every pod updated and ready makes the update revision current. */
	if (s->strategy == STS_ROLLING_UPDATE && updated == replicas && ready == replicas &&
	    s->status.current_revision != s->status.update_revision) {
		s->status.current_revision = s->status.update_revision;
		template_release(c, &s->status.current_tpl);
		template_copy(c, &s->status.current_tpl, &s->tpl);
		current = updated;
	}
	changed = s->status.replicas != replicas || s->status.ready != ready ||
		  s->status.available != available_n || s->status.current != current ||
		  s->status.updated != updated ||
		  s->status.observed_generation != s->meta.generation;
	s->status.replicas = replicas;
	s->status.ready = ready;
	s->status.available = available_n;
	s->status.current = current;
	s->status.updated = updated;
	s->status.observed_generation = s->meta.generation;
	if (changed)
		cluster_touch(c, KIND_STS, sts);
}

/* The revisions: update = the template's; current = the first one seen, until a rollout completes. */
static void set_revisions(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	struct statefulset *s = cluster_get(c, KIND_STS, sts);
	uint32_t rev = template_revision(c, &s->tpl);

	history_record(e, KIND_STS, sts, &s->tpl);
	s = cluster_get(c, KIND_STS, sts);
	if (s->status.update_revision != rev)
		cluster_touch(c, KIND_STS, sts);
	s->status.update_revision = rev;
	if (!s->status.current_tpl.spec) {
		template_copy(c, &s->status.current_tpl, &s->tpl);
		s->status.current_revision = rev;
	}
}

/* truncateHistory: the current and update revisions and those pods run are kept. */
static void prune_history(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	struct statefulset *s = cluster_get(c, KIND_STS, sts);
	uint32_t live[64], n = history_live(c, &s->meta, live, ARRAY_LEN(live) - 2);

	live[n++] = s->status.current_revision;
	live[n++] = s->status.update_revision;
	history_prune(e, KIND_STS, sts, s->history_limit, live, n);
}

static void sts_reconcile(struct engine *e, uint32_t sts)
{
	struct cluster *c = e->c;
	const struct statefulset *s = cluster_get(c, KIND_STS, sts);
	struct census cs;
	bool monotonic, blocked = false;

	if (!s)
		return;
	e->stats.touched++;
	set_revisions(e, sts);
	/* A set being deleted (foreground) only updates its status. */
	if (s->meta.deleted_ms == TIME_NONE) {
		claim_pods(e, sts);
		take_census(e, sts, &cs);
		monotonic = s->pod_management == PODS_ORDERED_READY;
		/* Condemned pods' claims are handed to them first, whatever blocks below. */
		for (uint32_t k = 0; s->delete_claims_when_scaled && k < cs.ncondemned; k++)
			if (census_pod(c, cs.condemned[k].pod))
				set_claims_owner(e, sts, census_pod(c, cs.condemned[k].pod), true);
		for (int32_t i = 0; i < cs.n && !blocked; i++)
			blocked = process_replica(e, sts, &cs, i, monotonic) && monotonic;
		for (uint32_t k = 0; k < cs.ncondemned && !blocked; k++)
			blocked = process_condemned(e, sts, &cs, k, monotonic) && monotonic;
		/* Scaling comes first; OnDelete waits for the user to delete pods. */
		if (!blocked)
			rolling_update(e, sts, &cs);
		census_free(&cs);
	}
	update_status(e, sts);
	prune_history(e, sts);
}

static void sts_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_STS && change != CHANGE_DELETED) {
		engine_enqueue(e, CTRL_STS, idx);
	} else if (kind == KIND_POD) {
		const struct pod *p = cluster_get(c, KIND_POD, idx);
		if (p->meta.owner_kind == KIND_STS) {
			if (cluster_owner(c, &p->meta))
				engine_enqueue(e, CTRL_STS, p->meta.owner);
			return;
		}
		if (p->meta.owner_kind != KIND_NONE || change == CHANGE_DELETED || !pod_is_active(p))
			return;
		/* An orphan: the sets in its namespace that select it may adopt it. */
		for (uint32_t i = 0; i < cluster_len(c, KIND_STS); i++) {
			const struct statefulset *s = cluster_get(c, KIND_STS, i);
			if (s && s->meta.ns == p->meta.ns &&
			    selector_matches(c->labels, &s->sel, p->meta.labels))
				engine_enqueue(e, CTRL_STS, i);
		}
	} else if (kind == KIND_PVC && change == CHANGE_DELETED) {
		/* A pending pod's claim is gone: its set makes it again. */
		const struct pvc *pvc = cluster_get(c, KIND_PVC, idx);
		for (uint32_t i = 0; i < cluster_len(c, KIND_STS); i++) {
			const struct statefulset *s = cluster_get(c, KIND_STS, i);
			if (s && s->nclaims && s->meta.ns == pvc->meta.ns)
				engine_enqueue(e, CTRL_STS, i);
		}
	}
}

const struct controller controller_sts = {
	.name = "statefulset-controller",
	.kind = KIND_STS,
	.reconcile = sts_reconcile,
	.watch = sts_watch,
};
