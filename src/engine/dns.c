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
 * simulated cluster has no upstream resolver. Reverse lookups (PTR) answer
 * a Service's cluster IP with its name and a ready endpoint with
 * <hostname or dashed IP>.<svc>.<ns>.svc, as CoreDNS does.
 *
 * engine_nslookup() prints what the image's nslookup prints, with the
 * kube-dns Service as its server: bind's (dnsutils, net-tools, netshoot:
 * search path, NXDOMAIN named after the last name tried), busybox 1.29 and
 * later (networking/nslookup.c from OpenWrt: A then AAAA queries, the
 * search path only for names without a dot, one answer block per query, so
 * `nslookup web-1.nginx` fails there, a known Kubernetes gotcha), or
 * busybox 1.28 and older (libc's resolver, "Address 1:" lines with reverse
 * names), the version the Kubernetes docs use for DNS debugging.
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

	if (sscanf(s, "%u-%u-%u-%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 ||
	    c > 255 || d > 255)
		return false;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return true;
}

static const struct service *find_service(const struct cluster *c, const char *ns, const char *name)
{
	uint32_t ns_id = strtab_lookup(c->strings, ns), name_id = strtab_lookup(c->strings, name);
	uint32_t idx = ns_id == NONE32 || name_id == NONE32
			   ? NONE32
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

/* "10.244.1.4" -> its address (nslookup then asks for the PTR record). */
static bool dns_ipv4(const char *s, uint32_t *ip)
{
	unsigned a, b, c, d;
	char tail;

	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 ||
	    c > 255 || d > 255)
		return false;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return true;
}

/* One query for one name as written, no search path. */
static void resolve_as_written(const struct cluster *c, const char *name, struct dns_answer *out)
{
	char fqdn[256];
	size_t len = strlen(name);

	memset(out, 0, sizeof *out);
	snprintf(fqdn, sizeof fqdn, "%.*s", (int)(len && name[len - 1] == '.' ? len - 1 : len), name);
	for (char *p = fqdn; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(out->name, sizeof out->name, "%.255s", name);
	if (!resolve(c, fqdn, out))
		out->rcode = DNS_NXDOMAIN;
}

void engine_dns_lookup(const struct cluster *c, uint32_t ns, const char *name, struct dns_answer *out)
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
		snprintf(tries[ntries++], sizeof tries[0], "%s.%s.svc." ZONE, base,
			 cluster_str(c, ns));
		snprintf(tries[ntries++], sizeof tries[0], "%s.svc." ZONE, base);
		snprintf(tries[ntries++], sizeof tries[0], "%s." ZONE, base);
	}
	if (!absolute && dots < 5)
		snprintf(tries[ntries++], sizeof tries[0], "%s", base);
	for (int i = 0; i < ntries; i++)
		if (resolve(c, tries[i], out)) {
			snprintf(out->name, sizeof out->name, "%.255s", tries[i]);
			return;
		}
	out->rcode = DNS_NXDOMAIN;
	snprintf(out->name, sizeof out->name, "%.255s", tries[ntries - 1]);
}

void engine_dns_answer_free(struct dns_answer *a)
{
	free(a->addrs);
	a->addrs = NULL;
	a->naddrs = a->cap = 0;
}

enum nslookup_flavor engine_nslookup_flavor(const char *image)
{
	const char *base = strrchr(image, '/'), *tag;
	size_t len;
	int major, minor;

	base = base ? base + 1 : image;
	tag = strchr(base, ':');
	len = tag ? (size_t)(tag - base) : strcspn(base, "@");
	if (len != strlen("busybox") || strncmp(base, "busybox", len) != 0)
		return NSLOOKUP_BIND;
	if (tag && sscanf(tag + 1, "%d.%d", &major, &minor) == 2 && major == 1 && minor <= 28)
		return NSLOOKUP_BUSYBOX_OLD;
	return NSLOOKUP_BUSYBOX;
}

/* serviceRecordForIP: a cluster IP's Service, else the first ready endpoint with that IP. */
static bool reverse_name(const struct cluster *c, uint32_t ip, struct strbuf *out)
{
	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		if (s && s->cluster_ip == ip && !s->headless) {
			sb_printf(out, "%s.%s.svc." ZONE, cluster_str(c, s->meta.name),
				  cluster_str(c, s->meta.ns));
			return true;
		}
	}
	for (uint32_t i = 0; i < cluster_len(c, KIND_EP); i++) {
		const struct endpoints *ep = cluster_get(c, KIND_EP, i);
		for (uint32_t k = 0; ep && k < ep->naddrs; k++) {
			const struct endpoint_addr *a = &ep->addrs[k];
			char dashed[20];
			if (a->ip != ip || !a->ready)
				continue;
			ip_format(ip, dashed, sizeof dashed);
			for (char *d = dashed; *d; d++)
				*d = *d == '.' ? '-' : *d;
			sb_printf(out, "%s.%s.%s.svc." ZONE,
				  a->hostname ? cluster_str(c, a->hostname) : dashed,
				  cluster_str(c, ep->meta.name), cluster_str(c, ep->meta.ns));
			return true;
		}
	}
	return false;
}

static void print_records(const struct cluster *c, const struct dns_answer *a,
			  const char *cname_end, struct strbuf *out)
{
	char ip[20];

	if (a->cname)
		sb_printf(out, "%s\tcanonical name = %s%s\n", a->name, cluster_str(c, a->cname),
			  cname_end);
	for (uint32_t i = 0; i < a->naddrs; i++) {
		ip_format(a->addrs[i], ip, sizeof ip);
		sb_printf(out, "Name:\t%s\nAddress: %s\n", a->name, ip);
	}
}

/* An address argument is a PTR query for <d.c.b.a>.in-addr.arpa; bind ends the name with a dot. */
static int print_ptr(const struct cluster *c, uint32_t ip, const char *end, struct strbuf *out)
{
	struct strbuf ptr;
	bool found;

	sb_init(&ptr);
	found = reverse_name(c, ip, &ptr);
	if (found)
		sb_printf(out, "%u.%u.%u.%u.in-addr.arpa\tname = %s%s\n\n", ip & 255, ip >> 8 & 255,
			  ip >> 16 & 255, ip >> 24, ptr.data, end);
	else
		sb_printf(out, "** server can't find %u.%u.%u.%u.in-addr.arpa: NXDOMAIN\n\n",
			  ip & 255, ip >> 8 & 255, ip >> 16 & 255, ip >> 24);
	sb_free(&ptr);
	return !found;
}

/* bind's nslookup: one lookup through the search path; a failure names the last name tried. */
static int nslookup_bind(const struct cluster *c, uint32_t ns, const char *name, const char *server,
			 struct strbuf *out)
{
	struct dns_answer a;
	int status;

	uint32_t ip;

	sb_printf(out, "Server:\t\t%s\nAddress:\t%s#53\n\n", server, server);
	if (dns_ipv4(name, &ip))
		return print_ptr(c, ip, ".", out);
	engine_dns_lookup(c, ns, name, &a);
	status = a.rcode == DNS_NXDOMAIN;
	if (status)
		sb_printf(out, "** server can't find %s: NXDOMAIN\n", a.name);
	print_records(c, &a, ".", out);
	sb_addc(out, '\n');
	engine_dns_answer_free(&a);
	return status;
}

/* busybox 1.29+: an A and an AAAA query per name (the search list only without a dot), each answer printed. */
static int nslookup_busybox(const struct cluster *c, uint32_t ns, const char *name,
			    const char *server, struct strbuf *out)
{
	char names[3][256];
	int n = 0, status = 0;
	uint32_t ip;

	sb_printf(out, "Server:\t\t%s\nAddress:\t%s:53\n\n", server, server);
	if (dns_ipv4(name, &ip))
		return print_ptr(c, ip, "", out);
	if (strchr(name, '.')) {
		snprintf(names[n++], sizeof names[0], "%s", name);
	} else {
		snprintf(names[n++], sizeof names[0], "%s.%s.svc." ZONE, name, cluster_str(c, ns));
		snprintf(names[n++], sizeof names[0], "%s.svc." ZONE, name);
		snprintf(names[n++], sizeof names[0], "%s." ZONE, name);
	}
	for (int aaaa = 0; aaaa < 2; aaaa++)
		for (int i = 0; i < n; i++) {
			struct dns_answer a;
			resolve_as_written(c, names[i], &a);
			if (a.rcode == DNS_NXDOMAIN) {
				sb_printf(out, "** server can't find %s: NXDOMAIN\n", names[i]);
				status = 1;
			} else {
				if (aaaa) /* IPv4 only: an AAAA query gets no address, a CNAME still */
					a.naddrs = 0;
				print_records(c, &a, "", out);
			}
			sb_addc(out, '\n');
			engine_dns_answer_free(&a);
		}
	return status;
}

/* "Address N: IP NAME", the name from a reverse lookup when there is one. */
static void address_line(const struct cluster *c, uint32_t n, uint32_t ip, struct strbuf *out)
{
	char text[20];

	ip_format(ip, text, sizeof text);
	sb_printf(out, "Address %u: %s ", n, text);
	if (!reverse_name(c, ip, out))
		out->data[--out->len] = '\0';
	sb_addc(out, '\n');
}

/* busybox 1.28 and older: getaddrinfo through the search path, each address with its reverse name. */
static int nslookup_busybox_old(const struct cluster *c, uint32_t ns, const char *name,
				uint32_t server, struct strbuf *out)
{
	struct dns_answer a;
	uint32_t literal;
	char ip[20];

	ip_format(server, ip, sizeof ip);
	sb_printf(out, "%-10s %s\n", "Server:", ip);
	address_line(c, 1, server, out);
	sb_addc(out, '\n');
	engine_dns_lookup(c, ns, name, &a);
	if (dns_ipv4(name, &literal)) { /* getaddrinfo takes an address as it is */
		a.naddrs = 0;
		add_addr(&a, literal);
	}
	if (!a.naddrs) {
		sb_printf(out, "nslookup: can't resolve '%s'\n", name);
		engine_dns_answer_free(&a);
		return 1;
	}
	sb_printf(out, "%-10s %s\n", "Name:", name);
	for (uint32_t i = 0; i < a.naddrs; i++)
		address_line(c, i + 1, a.addrs[i], out);
	engine_dns_answer_free(&a);
	return 0;
}

int engine_nslookup(const struct cluster *c, uint32_t ns, const char *name,
		    enum nslookup_flavor flavor, struct strbuf *out)
{
	const struct service *dns = find_service(c, "kube-system", "kube-dns");
	uint32_t server = dns && dns->cluster_ip ? dns->cluster_ip : DEFAULT_DNS_IP;
	struct strbuf scratch;
	char ip[20];
	int status;

	sb_init(&scratch);
	ip_format(server, ip, sizeof ip);
	if (flavor == NSLOOKUP_BUSYBOX)
		status = nslookup_busybox(c, ns, name, ip, out ? out : &scratch);
	else if (flavor == NSLOOKUP_BUSYBOX_OLD)
		status = nslookup_busybox_old(c, ns, name, server, out ? out : &scratch);
	else
		status = nslookup_bind(c, ns, name, ip, out ? out : &scratch);
	sb_free(&scratch);
	return status;
}
