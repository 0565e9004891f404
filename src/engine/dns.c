/*
 * Cluster DNS as CoreDNS's kubernetes plugin answers it, zone cluster.local
 * (website concepts/services-networking/dns-pod-service.md):
 * <svc>.<ns>.svc is a Service's cluster IP, a headless Service's ready
 * endpoint addresses, or an ExternalName's CNAME; <host>.<svc>.<ns>.svc is
 * the ready endpoint of a headless Service with that hostname (a
 * StatefulSet's pod) or, lacking one, that dashed IP; <a-b-c-d>.<ns>.pod is
 * the address itself. A pod's resolver tries its search path
 * (<ns>.svc.cluster.local svc.cluster.local cluster.local, ndots:5) before
 * the name as written. Names outside the cluster get NXDOMAIN: the
 * simulated cluster has no upstream resolver. engine_nslookup() prints what
 * bind's nslookup prints, with the kube-dns Service as its server.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ZONE "cluster.local"
#define DEFAULT_DNS_IP ((10u << 24) | (96u << 16) | 10u)

static void add_addr(struct dns_answer *a, uint32_t ip)
{
	xgrow(&a->addrs, &a->cap, a->naddrs + 1, sizeof *a->addrs);
	a->addrs[a->naddrs++] = ip;
}

/* "10-244-1-5" -> 10.244.1.5. */
static bool dashed_ip(const char *s, uint32_t *ip)
{
	unsigned a, b, c, d;
	char tail;

	if (sscanf(s, "%u-%u-%u-%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 ||
	    d > 255)
		return false;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return true;
}

static const struct service *find_service(const struct cluster *c, const char *ns, const char *name)
{
	uint32_t ns_id = strtab_lookup(c->strings, ns), name_id = strtab_lookup(c->strings, name);
	uint32_t idx = ns_id == NONE32 || name_id == NONE32 ? NONE32
							    : cluster_find(c, KIND_SVC, ns_id, name_id);

	return idx == NONE32 ? NULL : cluster_get(c, KIND_SVC, idx);
}

static const struct endpoints *endpoints_of(const struct cluster *c, const struct service *s)
{
	uint32_t idx = cluster_find(c, KIND_EP, s->meta.ns, s->meta.name);

	return idx == NONE32 ? NULL : cluster_get(c, KIND_EP, idx);
}

/* <svc>.<ns>.svc: true when the name exists. */
static bool service_record(const struct cluster *c, const struct service *s, struct dns_answer *a)
{
	const struct endpoints *ep = s->headless ? endpoints_of(c, s) : NULL;

	if (s->type == SVC_EXTERNAL_NAME)
		a->cname = s->external_name;
	else if (!s->headless)
		add_addr(a, s->cluster_ip);
	for (uint32_t i = 0; ep && i < ep->naddrs; i++)
		if (ep->addrs[i].ready)
			add_addr(a, ep->addrs[i].ip);
	return true;
}

/* <host>.<svc>.<ns>.svc: a headless Service's endpoint by hostname or dashed IP. */
static bool endpoint_record(const struct cluster *c, const struct service *s, const char *host,
			    struct dns_answer *a)
{
	const struct endpoints *ep = s->headless ? endpoints_of(c, s) : NULL;
	uint32_t ip = 0;
	bool dashed = dashed_ip(host, &ip);

	for (uint32_t i = 0; ep && i < ep->naddrs; i++) {
		const struct endpoint_addr *ad = &ep->addrs[i];
		bool match = ad->hostname ? strcmp(cluster_str(c, ad->hostname), host) == 0
					  : dashed && ad->ip == ip;
		if (ad->ready && match)
			add_addr(a, ad->ip);
	}
	return a->naddrs > 0;
}

/* One fully qualified name (lower case, no trailing dot): true when it exists. */
static bool resolve(const struct cluster *c, const char *fqdn, struct dns_answer *a)
{
	char buf[256], *label[5];
	size_t len = strlen(fqdn), zone = strlen(ZONE);
	int n = 0;
	uint32_t ip;

	if (len <= zone + 1 || strcmp(fqdn + len - zone, ZONE) != 0 || fqdn[len - zone - 1] != '.')
		return false;
	snprintf(buf, sizeof buf, "%.*s", (int)(len - zone - 1), fqdn);
	for (char *save = NULL, *t = strtok_r(buf, ".", &save); t; t = strtok_r(NULL, ".", &save)) {
		if (n == 5)
			return false;
		label[n++] = t;
	}
	if (n == 3 && strcmp(label[2], "pod") == 0 && dashed_ip(label[0], &ip) &&
	    cluster_has_namespace(c, strtab_lookup(c->strings, label[1]))) {
		add_addr(a, ip);
		return true;
	}
	if (n < 3 || n > 4 || strcmp(label[n - 1], "svc") != 0)
		return false;
	const struct service *s = find_service(c, label[n - 2], label[n - 3]);
	if (!s)
		return false;
	return n == 3 ? service_record(c, s, a) : endpoint_record(c, s, label[0], a);
}

void engine_dns_lookup(const struct cluster *c, uint32_t ns, const char *name,
		       struct dns_answer *out)
{
	char base[200], tries[4][256];
	size_t len = strlen(name);
	int ntries = 0, dots = 0;
	bool absolute = len && name[len - 1] == '.';

	memset(out, 0, sizeof *out);
	snprintf(base, sizeof base, "%.*s", (int)(absolute ? len - 1 : len), name);
	for (char *p = base; *p; p++) {
		*p = (char)tolower((unsigned char)*p);
		dots += *p == '.';
	}
	/* ndots:5: a name with fewer dots tries the search path first. */
	if (absolute || dots >= 5)
		snprintf(tries[ntries++], sizeof tries[0], "%s", base);
	if (!absolute) {
		snprintf(tries[ntries++], sizeof tries[0], "%s.%s.svc." ZONE, base, cluster_str(c, ns));
		snprintf(tries[ntries++], sizeof tries[0], "%s.svc." ZONE, base);
		snprintf(tries[ntries++], sizeof tries[0], "%s." ZONE, base);
	}
	if (!absolute && dots < 5)
		snprintf(tries[ntries++], sizeof tries[0], "%s", base);
	for (int i = 0; i < ntries; i++)
		if (resolve(c, tries[i], out)) {
			snprintf(out->name, sizeof out->name, "%.*s", (int)sizeof out->name - 1, tries[i]);
			return;
		}
	out->rcode = DNS_NXDOMAIN;
	snprintf(out->name, sizeof out->name, "%.*s", (int)sizeof out->name - 1, tries[0]);
}

void engine_dns_answer_free(struct dns_answer *a)
{
	free(a->addrs);
	a->addrs = NULL;
	a->naddrs = a->cap = 0;
}

int engine_nslookup(const struct cluster *c, uint32_t ns, const char *name, struct strbuf *out)
{
	const struct service *dns = find_service(c, "kube-system", "kube-dns");
	struct dns_answer a;
	char ip[20];
	int status;

	engine_dns_lookup(c, ns, name, &a);
	status = a.rcode == DNS_NXDOMAIN;
	if (!out) {
		engine_dns_answer_free(&a);
		return status;
	}
	ip_format(dns && dns->cluster_ip ? dns->cluster_ip : DEFAULT_DNS_IP, ip, sizeof ip);
	sb_printf(out, "Server:\t\t%s\nAddress:\t%s#53\n\n", ip, ip);
	if (a.rcode == DNS_NXDOMAIN) {
		sb_printf(out, "** server can't find %s: NXDOMAIN\n", a.name);
	} else if (a.cname) {
		sb_printf(out, "%s\tcanonical name = %s.\n", a.name, cluster_str(c, a.cname));
	} else if (!a.naddrs) {
		sb_printf(out, "*** Can't find %s: No answer\n", a.name);
	}
	for (uint32_t i = 0; i < a.naddrs; i++) {
		ip_format(a.addrs[i], ip, sizeof ip);
		sb_printf(out, "Name:\t%s\nAddress: %s\n", a.name, ip);
	}
	sb_addc(out, '\n');
	engine_dns_answer_free(&a);
	return status;
}
