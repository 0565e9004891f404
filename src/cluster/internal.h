/* Shared between the files of the cluster module only. */
#ifndef KSIM_CLUSTER_INTERNAL_H
#define KSIM_CLUSTER_INTERNAL_H

#include "ksim/cluster.h"

/* Interns the added tolerations' keys and sets the default seconds. */
void cluster_tolerations_init(struct cluster *c);
void cluster_logs_free(struct cluster *c);
/* Marks the strings the stored events hold, for a collection. */
void cluster_events_mark(struct cluster *c);

#endif
