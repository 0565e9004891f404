/*
 * Admission the API server applies to every pod it is asked to create,
 * whoever asks: kept in the store's module because the controllers (engine/)
 * and the API server's create path (api/) both reach it.
 */
#include "ksim/cluster.h"

#include <string.h>

/* plugin/pkg/admission/serviceaccount/admission.go: admission.NewForbidden over the lister's NotFound. */
bool cluster_pod_forbidden(const struct cluster *c, uint32_t ns, const struct podspec *s,
			   const char *name, struct strbuf *why)
{
	const char *sa = s->service_account ? cluster_str(c, s->service_account) : "default";

	if (strcmp(sa, "default") == 0)
		return false;
	sb_printf(why,
		  "pods \"%s\" is forbidden: error looking up service account %s/%s: "
		  "serviceaccount \"%s\" not found",
		  name, cluster_str(c, ns), sa, sa);
	return true;
}
