/*
 * Storage: the PersistentVolume controller (pkg/controller/volume/
 * persistentvolume/pv_controller.go), a dynamic provisioner and PVC
 * protection. A Pending claim binds to the smallest volume of its storage
 * class that no other claim holds and whose access modes and capacity
 * satisfy it; both become Bound. When a bound claim goes, its volume is
 * Released and kept (Retain) or deleted (Delete). A claim is only deleted
 * once no scheduled pod refers to it (kubernetes.io/pvc-protection); until
 * then it shows Terminating.
 *
 * ksim has no StorageClass kind. Every cluster has one default class,
 * `standard` (provisioner rancher.io/local-path, reclaimPolicy Delete,
 * volumeBindingMode Immediate, no node affinity, so a pod can move with its
 * claim): the provisioner makes pvc-<claim uid> of the requested size two
 * seconds after it is asked. A claim that names no class is given the
 * default the way the PV controller's retroactive assignment does it, after
 * no class-less volume fits, not at creation as the DefaultStorageClass
 * admission plugin would: so the course's claim without a class binds to its
 * class-less NFS volume, as on the course's cluster, which had no default
 * class. storageClassName "" only binds to class-less volumes
 * (FailedBinding until one comes); any other class does not exist
 * (ProvisioningFailed).
 */
#include <string.h>

#include "internal.h"

static const char SRC[] = "persistentvolume-controller";
static const char DEFAULT_CLASS[] = "standard";
static const char PROVISIONER[] = "rancher.io/local-path";
/* The provisioner pod's identity, as its events name their source. */
static const char PROVISIONER_SRC[] =
    "rancher.io/local-path_local-path-provisioner-6c5f6b4d9c-7wq2z_3f9b2c1e-8d4a-4e6f-b5a7-2c0d9e8f1a6b";
#define PROVISION_MS 2000

/* --- binding --- */

static uint32_t find_pv(const struct cluster *c, uint32_t name)
{
	return name ? cluster_find(c, KIND_PV, 0, name) : NONE32;
}

/* The claim's class for matching: unset and "" both mean no class until a default is given. */
static uint32_t wanted_class(const struct pvc *pvc)
{
	return pvc->storage_class == NONE32 ? 0 : pvc->storage_class;
}

static bool held_by_other(const struct pv *pv, const struct pvc *pvc)
{
	return pv->claim_name && (pv->claim_ns != pvc->meta.ns || pv->claim_name != pvc->meta.name ||
				  (pv->claim_uid && pv->claim_uid != pvc->meta.uid));
}

static bool satisfies(const struct pv *pv, const struct pvc *pvc)
{
	return pv->storage_class == wanted_class(pvc) &&
	       (pv->access_modes & pvc->access_modes) == pvc->access_modes &&
	       pv->capacity_bytes >= pvc->request_bytes;
}

/* findBestMatchForClaim: a volume pre-bound to the claim, else the smallest that fits. */
static uint32_t best_match(struct engine *e, const struct pvc *pvc)
{
	struct cluster *c = e->c;
	uint32_t best = NONE32;

	for (uint32_t i = 0; i < cluster_len(c, KIND_PV); i++) {
		const struct pv *pv = cluster_get(c, KIND_PV, i);
		e->stats.touched++;
		if (!pv || pv->meta.deleted_ms != TIME_NONE || held_by_other(pv, pvc) ||
		    !satisfies(pv, pvc))
			continue;
		if (pv->claim_name)
			return i;
		if (best == NONE32 ||
		    pv->capacity_bytes < ((struct pv *)cluster_get(c, KIND_PV, best))->capacity_bytes)
			best = i;
	}
	return best;
}

/* bind(): the volume's claimRef and the claim's volumeName, both Bound. */
static void bind(struct engine *e, uint32_t pv_idx, uint32_t pvc_idx)
{
	struct cluster *c = e->c;
	struct pv *pv = cluster_get(c, KIND_PV, pv_idx);
	struct pvc *pvc = cluster_get(c, KIND_PVC, pvc_idx);

	pv->claim_ns = pvc->meta.ns;
	pv->claim_name = pvc->meta.name;
	pv->claim_uid = pvc->meta.uid;
	pv->phase = VOL_BOUND;
	pvc->volume = pv->meta.name;
	pvc->capacity_bytes = pv->capacity_bytes;
	pvc->phase = VOL_BOUND;
	pvc->ctl.provision_ms = 0;
	cluster_changed(c, KIND_PV, pv_idx, CHANGE_UPDATED);
	cluster_changed(c, KIND_PVC, pvc_idx, CHANGE_UPDATED);
}

/* --- provisioning --- */

static void provision(struct engine *e, uint32_t pvc_idx)
{
	struct cluster *c = e->c;
	struct pvc *pvc = cluster_get(c, KIND_PVC, pvc_idx);
	struct strbuf name;
	uint32_t idx;
	struct pv *pv;

	if (!pvc->ctl.provision_ms) {
		pvc->ctl.provision_ms = c->now_ms + PROVISION_MS;
		cluster_touch(c, KIND_PVC, pvc_idx);
		struct event *ev = cluster_event(
		    c, KIND_PVC, pvc_idx, EVENT_NORMAL, "ExternalProvisioning", SRC,
		    "Waiting for a volume to be created either by the external provisioner '%s' or "
		    "manually by the system administrator. If volume creation is delayed, please verify "
		    "that the provisioner is running and correctly registered.",
		    cluster_intern(c, PROVISIONER));
		event_why(ev, "no volume fits and storage class %s provisions one",
			  pvc->storage_class);
		cluster_event(c, KIND_PVC, pvc_idx, EVENT_NORMAL, "Provisioning", PROVISIONER_SRC,
			      "External provisioner is provisioning volume for claim \"%s/%s\"",
			      pvc->meta.ns, pvc->meta.name);
		engine_timer(e, CTRL_PVC, pvc_idx, pvc->ctl.provision_ms);
		return;
	}
	if (c->now_ms < pvc->ctl.provision_ms)
		return;
	sb_init(&name);
	sb_add(&name, "pvc-");
	cluster_uid_format(pvc->meta.uid, &name);
	idx = cluster_add(c, KIND_PV, 0, cluster_intern(c, name.data));
	sb_free(&name);
	if (idx == NONE32)
		return;
	pv = cluster_get(c, KIND_PV, idx);
	pvc = cluster_get(c, KIND_PVC, pvc_idx);
	pv->meta.annotations = labels_with(c->labels, 0,
					   cluster_intern(c, "pv.kubernetes.io/provisioned-by"),
					   cluster_intern(c, PROVISIONER));
	pv->capacity_bytes = pvc->request_bytes;
	pv->access_modes = pvc->access_modes;
	pv->reclaim = RECLAIM_DELETE;
	pv->storage_class = pvc->storage_class;
	pv->ctl.provisioned = true;
	cluster_changed(c, KIND_PV, idx, CHANGE_ADDED);
	cluster_event(c, KIND_PVC, pvc_idx, EVENT_NORMAL, "ProvisioningSucceeded", PROVISIONER_SRC,
		      "Successfully provisioned volume %s", pv->meta.name);
	bind(e, idx, pvc_idx);
}

/* --- claims --- */

/* podUsesPVC: a scheduled pod (even a finished one) with a volume from the claim. */
static bool claim_in_use(struct engine *e, const struct pvc *pvc)
{
	struct cluster *c = e->c;

	for (uint32_t i = 0; i < cluster_len(c, KIND_POD); i++) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		const struct podspec *s;
		if (!p || p->node == NONE32 || p->meta.ns != pvc->meta.ns)
			continue;
		s = cluster_spec(c, p->spec);
		for (uint32_t k = 0; k < s->nvolumes; k++)
			if (volume_claim(&s->volumes[k]) == pvc->meta.name)
				return true;
	}
	return false;
}

void volumes_claim_delete(struct engine *e, uint32_t pvc_idx)
{
	struct cluster *c = e->c;
	struct pvc *pvc = cluster_get(c, KIND_PVC, pvc_idx);

	if (!pvc || pvc->meta.deleted_ms != TIME_NONE)
		return;
	if (!claim_in_use(e, pvc)) {
		cluster_remove(c, KIND_PVC, pvc_idx);
		return;
	}
	pvc->meta.deleted_ms = c->now_ms;
	cluster_changed(c, KIND_PVC, pvc_idx, CHANGE_UPDATED);
}

/* syncUnboundClaim without a volumeName: bind, provision, or say why not. */
static void sync_unbound(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct pvc *pvc = cluster_get(c, KIND_PVC, idx);
	uint32_t pv = best_match(e, pvc), standard = cluster_intern(c, DEFAULT_CLASS);

	if (pv == NONE32 && pvc->storage_class == NONE32) {
		/* Retroactive default StorageClass assignment, then another look. */
		pvc->storage_class = standard;
		cluster_touch(c, KIND_PVC, idx);
		pv = best_match(e, pvc);
	}
	if (pv != NONE32) {
		bind(e, pv, idx);
	} else if (pvc->storage_class == standard) {
		provision(e, idx);
	} else if (pvc->storage_class == 0) {
		struct event *ev = cluster_event(
		    c, KIND_PVC, idx, EVENT_NORMAL, "FailedBinding", SRC,
		    "no persistent volumes available for this claim and no "
		    "storage class is set");
		event_why(ev, "storageClassName is \"\": only a class-less volume with the access modes "
			      "and at least the requested size will do");
	} else {
		cluster_event(c, KIND_PVC, idx, EVENT_WARNING, "ProvisioningFailed", SRC,
			      "storageclass.storage.k8s.io \"%s\" not found", pvc->storage_class);
	}
}

/* syncUnboundClaim with a volumeName: that volume or none. */
static void sync_prebound(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	const struct pvc *pvc = cluster_get(c, KIND_PVC, idx);
	uint32_t pv_idx = find_pv(c, pvc->volume);
	const struct pv *pv = pv_idx == NONE32 ? NULL : cluster_get(c, KIND_PV, pv_idx);

	if (!pv || held_by_other(pv, pvc))
		return; /* Pending until the volume exists and is free */
	if (!pv->claim_name && !satisfies(pv, pvc)) {
		cluster_event(c, KIND_PVC, idx, EVENT_WARNING, "VolumeMismatch", SRC,
			      "Cannot bind to requested volume \"%s\": requested PV is too small, or its "
			      "storage class or access modes do not match",
			      pv->meta.name);
		return;
	}
	bind(e, pv_idx, idx);
}

/* The garbage collector's view: the pod the claim's ownerReference names is gone. */
static bool owner_pod_gone(const struct cluster *c, const struct pvc *pvc)
{
	uint32_t idx;

	if (!pvc->owner_pod)
		return false;
	idx = cluster_find(c, KIND_POD, pvc->meta.ns, pvc->owner_pod);
	return idx == NONE32 || cluster_meta(c, KIND_POD, idx)->uid != pvc->owner_pod_uid;
}

static void claim_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct pvc *pvc = cluster_get(c, KIND_PVC, idx);

	if (!pvc)
		return;
	e->stats.touched++;
	if (owner_pod_gone(c, pvc)) {
		volumes_claim_delete(e, idx);
		return;
	}
	if (pvc->meta.deleted_ms != TIME_NONE) {
		if (!claim_in_use(e, pvc))
			cluster_remove(c, KIND_PVC, idx);
		return;
	}
	if (pvc->phase == VOL_BOUND) {
		/* syncBoundClaim: a bound claim whose volume went is Lost for good. */
		if (find_pv(c, pvc->volume) != NONE32)
			return;
		pvc->phase = VOL_LOST;
		cluster_changed(c, KIND_PVC, idx, CHANGE_UPDATED);
		cluster_event(
		    c, KIND_PVC, idx, EVENT_WARNING, "ClaimLost", SRC,
		    "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
		return;
	}
	if (pvc->phase != VOL_PENDING)
		return;
	if (pvc->volume)
		sync_prebound(e, idx);
	else
		sync_unbound(e, idx);
}

/* --- volumes --- */

static void set_phase(struct cluster *c, uint32_t idx, enum volume_phase phase)
{
	struct pv *pv = cluster_get(c, KIND_PV, idx);

	if (pv->phase == phase)
		return;
	pv->phase = phase;
	cluster_changed(c, KIND_PV, idx, CHANGE_UPDATED);
}

/* syncVolume: Available, Bound, or Released and reclaimed when its claim is gone. */
static void volume_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct pv *pv = cluster_get(c, KIND_PV, idx);
	uint32_t claim;
	const struct pvc *pvc;

	if (!pv)
		return;
	e->stats.touched++;
	/* Unclaimed, or pre-bound by its manifest: the claim's sync does the binding. */
	if (!pv->claim_name || !pv->claim_uid) {
		set_phase(c, idx, VOL_AVAILABLE);
		return;
	}
	claim = cluster_find(c, KIND_PVC, pv->claim_ns, pv->claim_name);
	pvc = claim == NONE32 ? NULL : cluster_get(c, KIND_PVC, claim);
	if (pvc && pvc->meta.uid == pv->claim_uid) {
		if (pvc->volume == pv->meta.name)
			set_phase(c, idx, VOL_BOUND);
		return;
	}
	/* The claim was deleted (or made again: another uid). */
	if (pv->reclaim == RECLAIM_DELETE && pv->ctl.provisioned) {
		cluster_remove(c, KIND_PV, idx); /* by its provisioner */
	} else if (pv->reclaim == RECLAIM_DELETE) {
		/* A static volume (nfs, hostPath) has no plugin that can delete it. */
		if (pv->phase != VOL_FAILED)
			cluster_event(
			    c, KIND_PV, idx, EVENT_WARNING, "VolumeFailedDelete", SRC,
			    "error getting deleter volume plugin for volume \"%s\": no deletable "
			    "volume plugin matched",
			    pv->meta.name);
		set_phase(c, idx, VOL_FAILED);
	} else if (pv->reclaim == RECLAIM_RECYCLE) {
		/* The deprecated recycler scrubs the volume and offers it again. */
		pv->claim_ns = pv->claim_name = pv->claim_uid = 0;
		cluster_event(c, KIND_PV, idx, EVENT_NORMAL, "VolumeRecycled", SRC,
			      "Volume recycled");
		set_phase(c, idx, VOL_AVAILABLE);
	} else {
		set_phase(c, idx, VOL_RELEASED);
	}
}

/* --- watching --- */

static void enqueue_pending_claims(struct engine *e)
{
	for (uint32_t i = 0; i < cluster_len(e->c, KIND_PVC); i++) {
		const struct pvc *pvc = cluster_get(e->c, KIND_PVC, i);
		if (pvc && pvc->phase == VOL_PENDING)
			engine_enqueue(e, CTRL_PVC, i);
	}
}

/* Claims in ns being deleted (the pod may have been their last user) or owned by the pod. */
static void enqueue_claims_of_gone_pod(struct engine *e, const struct pod *p)
{
	for (uint32_t i = 0; i < cluster_len(e->c, KIND_PVC); i++) {
		const struct pvc *pvc = cluster_get(e->c, KIND_PVC, i);
		if (pvc && pvc->meta.ns == p->meta.ns &&
		    (pvc->meta.deleted_ms != TIME_NONE || pvc->owner_pod == p->meta.name))
			engine_enqueue(e, CTRL_PVC, i);
	}
}

/* One watch feeds both queues, as the controller's claim and volume informers do. */
static void volumes_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_PVC) {
		const struct pvc *pvc = cluster_get(c, KIND_PVC, idx);
		uint32_t pv = find_pv(c, pvc->volume);
		if (change != CHANGE_DELETED)
			engine_enqueue(e, CTRL_PVC, idx);
		else if (pv != NONE32)
			engine_enqueue(e, CTRL_PV, pv);
	} else if (kind == KIND_PV) {
		const struct pv *pv = cluster_get(c, KIND_PV, idx);
		if (change != CHANGE_DELETED) {
			engine_enqueue(e, CTRL_PV, idx);
			enqueue_pending_claims(e);
		} else if (pv->claim_name) {
			uint32_t claim = cluster_find(c, KIND_PVC, pv->claim_ns, pv->claim_name);
			if (claim != NONE32)
				engine_enqueue(e, CTRL_PVC, claim);
		}
	} else if (kind == KIND_POD && change == CHANGE_DELETED) {
		enqueue_claims_of_gone_pod(e, cluster_get(c, KIND_POD, idx));
	}
}

/* --- the scheduler's VolumeBinding PreFilter --- */

bool volumes_unbound(struct engine *e, const struct pod *p, struct strbuf *why)
{
	struct cluster *c = e->c;
	const struct podspec *s = cluster_spec(c, p->spec);
	bool unbound = false;

	for (uint32_t k = 0; k < s->nvolumes; k++) {
		uint32_t claim = volume_claim(&s->volumes[k]);
		uint32_t idx = claim ? cluster_find(c, KIND_PVC, p->meta.ns, claim) : NONE32;
		const struct pvc *pvc = idx == NONE32 ? NULL : cluster_get(c, KIND_PVC, idx);
		const char *name = cluster_str(c, claim);
		if (!claim)
			continue;
		if (!pvc) {
			sb_printf(why, "persistentvolumeclaim \"%s\" not found", name);
			return true;
		}
		if (pvc->phase == VOL_LOST) {
			sb_printf(
			    why,
			    "persistentvolumeclaim \"%s\" bound to non-existent persistentvolume \"%s\"",
			    name, cluster_str(c, pvc->volume));
			return true;
		}
		if (pvc->meta.deleted_ms != TIME_NONE) {
			sb_printf(why, "persistentvolumeclaim \"%s\" is being deleted", name);
			return true;
		}
		unbound |= pvc->phase != VOL_BOUND;
	}
	if (unbound)
		sb_add(why, "pod has unbound immediate PersistentVolumeClaims");
	return unbound;
}

const struct controller controller_pvc = {
	.name = SRC,
	.kind = KIND_PVC,
	.reconcile = claim_reconcile,
	.watch = volumes_watch,
};

const struct controller controller_pv = {
	.name = SRC,
	.kind = KIND_PV,
	.reconcile = volume_reconcile,
};
