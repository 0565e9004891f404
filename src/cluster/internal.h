/* Shared between the files of the cluster module only. */
#ifndef KSIM_CLUSTER_INTERNAL_H
#define KSIM_CLUSTER_INTERNAL_H

#include "ksim/cluster.h"

/* Interns the added tolerations' keys and sets the default seconds. */
void cluster_tolerations_init(struct cluster *c);
void cluster_logs_free(struct cluster *c);
/* Marks the strings the stored events hold, for a collection. */
void cluster_events_mark(struct cluster *c);

/* What a kind's mark hook marks with (collect.c); id 0 is never freed and may be passed. */
void cluster_mark_str(struct cluster *c, uint32_t id);
void cluster_mark_set(struct cluster *c, uint32_t id);
void cluster_mark_selector(struct cluster *c, const struct selector *sel);
/* A template's labels and annotations; its spec is marked with every other live spec. */
void cluster_mark_template(struct cluster *c, const struct template *tpl);

/* Takes a pod off its node's list of pods (pod.c). */
void cluster_pod_unbind(struct cluster *c, struct pod *p);

/* The classes, one per kind, gathered by kinds.c. */
extern const struct kind_class kind_class_node;    /* node.c */
extern const struct kind_class kind_class_pod;     /* pod.c */
extern const struct kind_class kind_class_rc;      /* workloads.c */
extern const struct kind_class kind_class_rs;      /* workloads.c */
extern const struct kind_class kind_class_deploy;  /* workloads.c */
extern const struct kind_class kind_class_ds;      /* workloads.c */
extern const struct kind_class kind_class_sts;     /* workloads.c */
extern const struct kind_class kind_class_job;     /* batch.c */
extern const struct kind_class kind_class_cronjob; /* batch.c */
extern const struct kind_class kind_class_svc;     /* service.c */
extern const struct kind_class kind_class_ep;      /* service.c */
extern const struct kind_class kind_class_pv;      /* storage.c */
extern const struct kind_class kind_class_pvc;     /* storage.c */
extern const struct kind_class kind_class_cm;      /* config.c */
extern const struct kind_class kind_class_secret;  /* config.c */
extern const struct kind_class kind_class_cr;      /* revisions.c */

#endif
