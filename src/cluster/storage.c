/* The PersistentVolume and PersistentVolumeClaim kinds: their classes (they own no memory). */
#include "ksim/cluster.h"

#include "internal.h"

static void pv_mark(struct cluster *c, const struct meta *m)
{
	const struct pv *pv = (const struct pv *)m;

	cluster_mark_str(c, pv->storage_class);
	cluster_mark_str(c, pv->claim_ns);
	cluster_mark_str(c, pv->claim_name);
}

const struct kind_class kind_class_pv = {
	.info = { "PersistentVolume", "persistentvolumes", "persistentvolume", "pv", "v1", "", false },
	.size = sizeof(struct pv),
	.child = KIND_NONE,
	.mark = pv_mark,
	.finalizer = "kubernetes.io/pv-protection",
};

static void pvc_mark(struct cluster *c, const struct meta *m)
{
	const struct pvc *pvc = (const struct pvc *)m;

	cluster_mark_str(c, pvc->storage_class);
	cluster_mark_str(c, pvc->volume);
	cluster_mark_str(c, pvc->owner_pod);
}

const struct kind_class kind_class_pvc = {
	.info = { "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", "pvc",
		  "v1", "", true },
	.size = sizeof(struct pvc),
	.child = KIND_NONE,
	.mark = pvc_mark,
	.finalizer = "kubernetes.io/pvc-protection",
};
