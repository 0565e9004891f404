/*
 * The core/v1 kinds besides Pod and ReplicationController: Node, Service,
 * Endpoints, PersistentVolume, PersistentVolumeClaim and Namespace, with
 * the defaults the API server and kubelet apply and the checks of
 * pkg/apis/core/validation that matter to the simulation.
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/labels.h"

/* --- shared pieces --- */

static const struct enum_value access_modes[] = {
	{ "ReadOnlyMany", ACCESS_ROX },
	{ "ReadWriteMany", ACCESS_RWX },
	{ "ReadWriteOnce", ACCESS_RWO },
	{ "ReadWriteOncePod", ACCESS_RWOP },
	{ NULL, 0 },
};

static int access_mode_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	int mode = 0;

	(void)i;
	if (dec_enum(d, item, access_modes, &mode) < 0)
		return -1;
	*(uint8_t *)ctx |= (uint8_t)mode;
	return 0;
}

int decode_access_modes(struct dec *d, yaml_node_t *node, void *ptr)
{
	return dec_each(d, node, access_mode_item, ptr);
}

int check_claim_spec(struct dec *d, yaml_node_t *spec, uint8_t modes, int64_t request)
{
	if (!modes)
		return dec_fail(d, spec, "accessModes",
				"Required value: at least 1 access mode is required");
	if (request < 0)
		return dec_fail(d, spec, "resources[storage]", "Required value");
	return 0;
}

/* Dotted IPv4 in host order; ksim's network is IPv4 only. */
static bool parse_ipv4(const char *s, uint32_t *out)
{
	unsigned a, b, c, e;
	char tail;

	if (sscanf(s, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &e, &tail) != 4 || a > 255 || b > 255 ||
	    c > 255 || e > 255 || strspn(s, "0123456789.") != strlen(s))
		return false;
	*out = a << 24 | b << 16 | c << 8 | e;
	return true;
}

static int decode_ipv4(struct dec *d, yaml_node_t *node, void *ptr)
{
	const char *s;

	if (dec_string(d, node, &s))
		return -1;
	if (!parse_ipv4(s, ptr))
		return dec_fail(
		    d, node, NULL,
		    "Invalid value: %s: must be a valid IPv4 address (e.g. 10.9.8.7); ksim simulates IPv4 only",
		    dec_quote(d, s));
	return 0;
}

/* The first string of a list, interned: externalIPs[0]. */
static int decode_first_string(struct dec *d, yaml_node_t *node, void *ptr)
{
	yaml_node_t *first;
	struct dec_frame fr;
	int rc;

	if (dec_expect(d, node, YAML_SEQUENCE_NODE))
		return -1;
	if (node->data.sequence.items.start == node->data.sequence.items.top)
		return 0;
	first = dec_node(d, node->data.sequence.items.start[0]);
	fr = dec_enter_index(d, first, 0);
	rc = dec_intern(d, first, ptr);
	dec_leave(d, fr);
	return rc;
}

/* --- Node --- */

static const struct field taint_fields[] = {
	{ .name = "key",
	  .type = FIELD_STRING,
	  .off = offsetof(struct taint, key),
	  .flags = F_REQUIRED | F_LABEL_KEY },
	{ .name = "value",
	  .type = FIELD_STRING,
	  .off = offsetof(struct taint, value),
	  .flags = F_LABEL_VALUE },
	{ .name = "effect",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct taint, effect),
	  .flags = F_REQUIRED,
	  .values = taint_effects },
	{ .name = "timeAdded", .type = FIELD_IGNORE },
};
static const struct decoder taint_decoder = DECODER(taint_fields, .size = sizeof(struct taint));

static const struct field node_spec_fields[] = {
	{ .name = "taints",
	  .type = FIELD_LIST,
	  .off = offsetof(struct node, taints),
	  .aux = offsetof(struct node, ntaints),
	  .sub = &taint_decoder },
	{ .name = "unschedulable", .type = FIELD_BOOL, .off = offsetof(struct node, unschedulable) },
	{ .name = "podCIDR", .type = FIELD_IGNORE },
	{ .name = "podCIDRs", .type = FIELD_IGNORE },
	{ .name = "providerID", .type = FIELD_IGNORE },
	{ .name = "externalID", .type = FIELD_IGNORE },
	{ .name = "configSource", .type = FIELD_IGNORE },
};
static const struct decoder node_spec_decoder = DECODER(node_spec_fields);

#define NODE_RESOURCE_FIELDS(member)                                                          \
	{ .name = "cpu", .type = FIELD_CPU, .off = offsetof(struct node, member.cpu_milli) }, \
	    { .name = "memory",                                                               \
	      .type = FIELD_MEMORY,                                                           \
	      .off = offsetof(struct node, member.mem_bytes) },                               \
	    { .name = "pods", .type = FIELD_COUNT, .off = offsetof(struct node, max_pods) },  \
	{                                                                                     \
		.name = "ephemeral-storage", .type = FIELD_IGNORE                             \
	}

static const struct field node_capacity_fields[] = { NODE_RESOURCE_FIELDS(capacity) };
static const struct field node_allocatable_fields[] = { NODE_RESOURCE_FIELDS(allocatable) };
static const struct decoder node_capacity_decoder = DECODER(node_capacity_fields, .open = true);
static const struct decoder node_allocatable_decoder = DECODER(node_allocatable_fields,
							       .open = true);

static const struct field node_status_fields[] = {
	{ .name = "capacity", .type = FIELD_MAP, .sub = &node_capacity_decoder },
	{ .name = "allocatable", .type = FIELD_MAP, .sub = &node_allocatable_decoder },
	{ .name = "addresses", .type = FIELD_IGNORE },
	{ .name = "conditions", .type = FIELD_IGNORE },
	{ .name = "nodeInfo", .type = FIELD_IGNORE },
	{ .name = "images", .type = FIELD_IGNORE },
	{ .name = "daemonEndpoints", .type = FIELD_IGNORE },
	{ .name = "phase", .type = FIELD_IGNORE },
	{ .name = "volumesAttached", .type = FIELD_IGNORE },
	{ .name = "volumesInUse", .type = FIELD_IGNORE },
	{ .name = "config", .type = FIELD_IGNORE },
	{ .name = "runtimeHandlers", .type = FIELD_IGNORE },
	{ .name = "features", .type = FIELD_IGNORE },
};
static const struct decoder node_status_decoder = DECODER(node_status_fields);

static void node_init(void *obj)
{
	struct node *n = obj;

	n->capacity = n->allocatable = (struct resources){ -1, -1 };
	n->max_pods = -1;
	n->kubelet_up = true;
}

/* Unset capacity is a small kubelet's: 2 CPUs, 4Gi, 110 pods; allocatable follows capacity. */
static void node_default_resources(struct node *n)
{
	if (n->capacity.cpu_milli < 0)
		n->capacity.cpu_milli = 2000;
	if (n->capacity.mem_bytes < 0)
		n->capacity.mem_bytes = 4LL << 30;
	if (n->allocatable.cpu_milli < 0)
		n->allocatable.cpu_milli = n->capacity.cpu_milli;
	if (n->allocatable.mem_bytes < 0)
		n->allocatable.mem_bytes = n->capacity.mem_bytes;
	if (n->max_pods < 0)
		n->max_pods = 110;
}

/* The labels every kubelet registers its node with, unless the manifest says otherwise. */
static int node_check(struct dec *d, yaml_node_t *node, void *obj)
{
	static const char *const keys[] = { "kubernetes.io/hostname", "kubernetes.io/os",
					    "kubernetes.io/arch" };
	struct node *n = obj;
	uint32_t values[] = { n->meta.name, cluster_intern(d->c, "linux"),
			      cluster_intern(d->c, "amd64") };

	(void)node;
	node_default_resources(n);
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		uint32_t key = cluster_intern(d->c, keys[i]);

		if (labels_value(d->c->labels, n->meta.labels, key) == NONE32)
			n->meta.labels = labels_with(d->c->labels, n->meta.labels, key, values[i]);
	}
	return 0;
}

static const struct field node_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .sub = &node_spec_decoder },
	{ .name = "status", .type = FIELD_MAP, .sub = &node_status_decoder },
};
static const struct decoder node_decoder = DECODER(node_fields, .also = &decode_object_fields,
						   .init = node_init, .check = node_check);

const struct kind_decoder kind_decoder_node = {
	"Node", KIND_NODE, { "v1" }, NAME_DNS_SUBDOMAIN, &node_decoder, sizeof(struct node), false,
};

/* --- a demo's node: the same Node, written flat --- */

static const struct enum_value node_roles[] = {
	{ "worker", DEMO_NODE_WORKER },
	{ "control-plane", DEMO_NODE_CONTROL_PLANE },
	{ "master", DEMO_NODE_MASTER },
	{ NULL, 0 },
};

static void demo_node_init(void *obj)
{
	struct demo_node *dn = obj;

	node_init(&dn->node);
	dn->node.meta.owner_kind = KIND_NONE;
	dn->node.meta.deleted_ms = TIME_NONE;
}

/* What kubeadm gives a control-plane node: its role labels and a NoSchedule taint of the role's key. */
static void add_role(struct dec *d, struct node *n, const char *role)
{
	static const char *const labels[] = { "node-role.kubernetes.io/control-plane",
					      "node.kubernetes.io/exclude-from-external-load-balancers",
					      "node-role.kubernetes.io/master" };
	size_t nlabels = strcmp(role, "master") == 0 ? 3 : 2;
	char key[64];

	for (size_t i = 0; i < nlabels; i++)
		n->meta.labels = labels_with(d->c->labels, n->meta.labels,
					     cluster_intern(d->c, labels[i]), 0);
	snprintf(key, sizeof key, "node-role.kubernetes.io/%s", role);
	n->taints = xrealloc(n->taints, (n->ntaints + 1) * sizeof *n->taints);
	n->taints[n->ntaints++] = (struct taint){ .key = cluster_intern(d->c, key),
						  .effect = EFFECT_NO_SCHEDULE };
}

static int demo_node_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct demo_node *dn = obj;

	if (dec_check_name(d, node, "name", NAME_DNS_SUBDOMAIN, cluster_str(d->c, dn->node.meta.name)))
		return -1;
	if (dn->role != DEMO_NODE_WORKER)
		add_role(d, &dn->node, dec_enum_name(node_roles, dn->role));
	return node_check(d, node, &dn->node);
}

static const struct field demo_node_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct demo_node, node.meta.name),
	  .flags = F_REQUIRED },
	{ .name = "labels", .type = FIELD_LABELS, .off = offsetof(struct demo_node, node.meta.labels) },
	{ .name = "taints",
	  .type = FIELD_LIST,
	  .off = offsetof(struct demo_node, node.taints),
	  .aux = offsetof(struct demo_node, node.ntaints),
	  .sub = &taint_decoder },
	{ .name = "capacity",
	  .type = FIELD_MAP,
	  .off = offsetof(struct demo_node, node),
	  .sub = &node_capacity_decoder },
	{ .name = "role",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct demo_node, role),
	  .values = node_roles },
};
const struct decoder decode_demo_node = DECODER(demo_node_fields, .init = demo_node_init,
						.check = demo_node_check);

/* --- Service --- */

static const struct enum_value service_types[] = {
	{ "ClusterIP", SVC_CLUSTER_IP },
	{ "NodePort", SVC_NODE_PORT },
	{ "LoadBalancer", SVC_LOAD_BALANCER },
	{ "ExternalName", SVC_EXTERNAL_NAME },
	{ NULL, 0 },
};

static const struct enum_value traffic_policies[] = {
	{ "Cluster", 0 },
	{ "Local", 1 },
	{ NULL, 0 },
};

/* targetPort: a number, or the name of a container port. */
static int decode_target_port(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct service_port *p = ptr;
	int64_t v;

	if (dec_class(node) != SC_INT)
		return dec_intern(d, node, &p->target_port_name);
	if (dec_int64(d, node, &v))
		return -1;
	if (v < 1 || v > 65535)
		return dec_fail(d, node, NULL,
				"Invalid value: %lld: must be between 1 and 65535, inclusive",
				(long long)v);
	p->target_port = (int32_t)v;
	return 0;
}

static int service_port_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct service_port *p = obj;

	if (p->node_port && (p->node_port < 30000 || p->node_port > 32767))
		return dec_fail(
		    d, node, "nodePort",
		    "Invalid value: %d: provided port is not in the valid range. The range of valid ports is 30000-32767",
		    p->node_port);
	if (!p->protocol)
		p->protocol = d->c->s.tcp;
	if (!p->target_port && !p->target_port_name)
		p->target_port = p->port;
	return 0;
}

static const struct field service_port_fields[] = {
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct service_port, name) },
	{ .name = "protocol",
	  .type = FIELD_FN,
	  .off = offsetof(struct service_port, protocol),
	  .fn = decode_protocol },
	{ .name = "port",
	  .type = FIELD_INT32,
	  .off = offsetof(struct service_port, port),
	  .flags = F_REQUIRED | F_PORT },
	{ .name = "targetPort", .type = FIELD_FN, .fn = decode_target_port },
	{ .name = "nodePort", .type = FIELD_INT32, .off = offsetof(struct service_port, node_port) },
	{ .name = "appProtocol", .type = FIELD_IGNORE },
};
static const struct decoder service_port_decoder = DECODER(
    service_port_fields, .size = sizeof(struct service_port), .check = service_port_check);

/* clusterIP: "None" makes the Service headless; a literal address is kept. */
static int decode_cluster_ip(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct service *svc = ptr;
	const char *s;

	if (dec_string(d, node, &s))
		return -1;
	if (strcmp(s, "None") == 0) {
		svc->headless = true;
		return 0;
	}
	return *s ? decode_ipv4(d, node, &svc->cluster_ip) : 0;
}

static int service_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct service *svc = obj;

	svc->has_selector = svc->selector != 0;
	if (svc->type == SVC_EXTERNAL_NAME)
		return svc->external_name ? 0 : dec_fail(d, node, "externalName", "Required value");
	if (svc->nports == 0 && !svc->headless)
		return dec_fail(d, node, "ports", "Required value");
	for (uint32_t i = 0; i < svc->nports; i++) {
		char rel[48];

		if (svc->type != SVC_CLUSTER_IP || !svc->ports[i].node_port)
			continue;
		snprintf(rel, sizeof rel, "ports[%u].nodePort", i);
		return dec_fail(d, node, rel,
				"Forbidden: may not be used when `type` is 'ClusterIP'");
	}
	return 0;
}

static const struct field service_spec_fields[] = {
	{ .name = "type",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct service, type),
	  .values = service_types },
	{ .name = "clusterIP", .type = FIELD_FN, .fn = decode_cluster_ip },
	{ .name = "ports",
	  .type = FIELD_LIST,
	  .off = offsetof(struct service, ports),
	  .aux = offsetof(struct service, nports),
	  .sub = &service_port_decoder },
	{ .name = "selector", .type = FIELD_LABELS, .off = offsetof(struct service, selector) },
	{ .name = "externalTrafficPolicy",
	  .type = FIELD_ENUM_BOOL,
	  .off = offsetof(struct service, local_traffic),
	  .values = traffic_policies },
	{ .name = "publishNotReadyAddresses",
	  .type = FIELD_BOOL,
	  .off = offsetof(struct service, publish_not_ready) },
	{ .name = "externalName", .type = FIELD_STRING, .off = offsetof(struct service, external_name) },
	{ .name = "externalIPs",
	  .type = FIELD_FN,
	  .off = offsetof(struct service, external_ip),
	  .fn = decode_first_string },
	{ .name = "clusterIPs", .type = FIELD_IGNORE },
	{ .name = "internalTrafficPolicy", .type = FIELD_IGNORE },
	{ .name = "sessionAffinity", .type = FIELD_IGNORE },
	{ .name = "sessionAffinityConfig", .type = FIELD_IGNORE },
	{ .name = "loadBalancerIP", .type = FIELD_IGNORE },
	{ .name = "loadBalancerSourceRanges", .type = FIELD_IGNORE },
	{ .name = "loadBalancerClass", .type = FIELD_IGNORE },
	{ .name = "allocateLoadBalancerNodePorts", .type = FIELD_IGNORE },
	{ .name = "healthCheckNodePort",
	  .type = FIELD_INT32,
	  .off = offsetof(struct service, health_check_node_port),
	  .flags = F_NONNEG },
	{ .name = "ipFamilies", .type = FIELD_IGNORE },
	{ .name = "ipFamilyPolicy", .type = FIELD_IGNORE },
	{ .name = "trafficDistribution", .type = FIELD_IGNORE },
};
static const struct decoder service_spec_decoder = DECODER(service_spec_fields,
							   .check = service_check);

/* status.loadBalancer.ingress[0]: its ip, else its hostname. */
static int decode_ingress(struct dec *d, yaml_node_t *node, void *ptr)
{
	yaml_node_t *first, *addr;
	struct dec_frame fr;
	int rc = 0;

	if (dec_expect(d, node, YAML_SEQUENCE_NODE))
		return -1;
	if (node->data.sequence.items.start == node->data.sequence.items.top)
		return 0;
	first = dec_node(d, node->data.sequence.items.start[0]);
	fr = dec_enter_index(d, first, 0);
	if (dec_expect(d, first, YAML_MAPPING_NODE) == 0) {
		addr = dec_lookup(d, first, "ip");
		if (dec_is_null(addr))
			addr = dec_lookup(d, first, "hostname");
		if (!dec_is_null(addr))
			rc = dec_intern(d, addr, ptr);
	} else {
		rc = -1;
	}
	dec_leave(d, fr);
	return rc;
}

static const struct field load_balancer_fields[] = {
	{ .name = "ingress",
	  .type = FIELD_FN,
	  .off = offsetof(struct service, external_ip),
	  .fn = decode_ingress },
};
static const struct decoder load_balancer_decoder = DECODER(load_balancer_fields);

static const struct field service_status_fields[] = {
	{ .name = "loadBalancer", .type = FIELD_MAP, .sub = &load_balancer_decoder },
	{ .name = "conditions", .type = FIELD_IGNORE },
};
static const struct decoder service_status_decoder = DECODER(service_status_fields);

static const struct field service_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &service_spec_decoder },
	{ .name = "status", .type = FIELD_MAP, .sub = &service_status_decoder },
};
static const struct decoder service_decoder = DECODER(service_fields, .also = &decode_object_fields);

/* Service names are RFC 1035 labels (ValidateServiceName): they become DNS names. */
const struct kind_decoder kind_decoder_service = {
	"Service", KIND_SVC, { "v1" }, NAME_DNS1035_LABEL, &service_decoder, sizeof(struct service),
	true,
};

/* --- Endpoints --- */

static void address_init(void *obj)
{
	struct endpoint_addr *a = obj;

	a->pod = (struct ref){ NONE32, 0 };
}

static const struct field address_fields[] = {
	{ .name = "ip",
	  .type = FIELD_FN,
	  .off = offsetof(struct endpoint_addr, ip),
	  .flags = F_REQUIRED,
	  .fn = decode_ipv4 },
	{ .name = "hostname",
	  .type = FIELD_STRING,
	  .off = offsetof(struct endpoint_addr, hostname),
	  .flags = F_DNS_LABEL },
	{ .name = "nodeName", .type = FIELD_STRING, .off = offsetof(struct endpoint_addr, node) },
	{ .name = "targetRef", .type = FIELD_IGNORE },
};
static const struct decoder address_decoder = DECODER(address_fields, .init = address_init);

struct address_list {
	struct endpoints *ep;
	bool ready;
};

/* One address of a subset's addresses or notReadyAddresses, appended to the object's. */
static int address_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	const struct address_list *l = ctx;
	struct endpoints *ep = l->ep;
	struct endpoint_addr *a;
	int rc;

	(void)i;
	xgrow(&ep->addrs, &ep->addrs_cap, ep->naddrs + 1, sizeof *ep->addrs);
	a = &ep->addrs[ep->naddrs++];
	rc = dec_map(d, item, a, &address_decoder);
	a->ready = l->ready;
	return rc ? -1 : 0;
}

static int subset_item(struct dec *d, yaml_node_t *subset, size_t i, void *ctx)
{
	static const struct {
		const char *key;
		bool ready;
	} lists[] = { { "addresses", true }, { "notReadyAddresses", false } };
	int rc = dec_expect(d, subset, YAML_MAPPING_NODE);

	(void)i;
	for (size_t j = 0; j < ARRAY_LEN(lists) && rc == 0; j++) {
		yaml_node_t *list = dec_lookup(d, subset, lists[j].key);
		struct address_list l = { ctx, lists[j].ready };
		struct dec_frame lf;

		if (dec_is_null(list))
			continue;
		lf = dec_enter(d, list, lists[j].key);
		rc = dec_each(d, list, address_item, &l);
		dec_leave(d, lf);
	}
	return rc;
}

static int decode_subsets(struct dec *d, yaml_node_t *node, void *ptr)
{
	return dec_each(d, node, subset_item, ptr);
}

static const struct field endpoints_fields[] = {
	{ .name = "subsets", .type = FIELD_FN, .fn = decode_subsets },
};
static const struct decoder endpoints_decoder = DECODER(endpoints_fields,
							.also = &decode_object_fields);

const struct kind_decoder kind_decoder_endpoints = {
	"Endpoints",
	KIND_EP,
	{ "v1" },
	NAME_DNS_SUBDOMAIN,
	&endpoints_decoder,
	sizeof(struct endpoints),
	true,
};

/* --- PersistentVolume --- */

static const struct enum_value reclaim_policies[] = {
	{ "Retain", RECLAIM_RETAIN },
	{ "Delete", RECLAIM_DELETE },
	{ "Recycle", RECLAIM_RECYCLE },
	{ NULL, 0 },
};

static const struct field pv_capacity_fields[] = {
	{ .name = "storage", .type = FIELD_MEMORY, .off = offsetof(struct pv, capacity_bytes) },
};
static const struct decoder pv_capacity_decoder = DECODER(pv_capacity_fields, .open = true);

static const struct field claim_ref_fields[] = {
	{ .name = "namespace", .type = FIELD_STRING, .off = offsetof(struct pv, claim_ns) },
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct pv, claim_name) },
	{ .name = "kind", .type = FIELD_IGNORE },
	{ .name = "apiVersion", .type = FIELD_IGNORE },
	{ .name = "uid", .type = FIELD_IGNORE },
	{ .name = "resourceVersion", .type = FIELD_IGNORE },
	{ .name = "fieldPath", .type = FIELD_IGNORE },
};
static const struct decoder claim_ref_decoder = DECODER(claim_ref_fields);

static void pv_init(void *obj)
{
	struct pv *pv = obj;

	pv->capacity_bytes = -1;
}

/* A static PV is kept (Retain) unless it says otherwise; the volume source is not simulated. */
static int pv_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct pv *pv = obj;

	if (pv->capacity_bytes < 0)
		return dec_fail(d, node, "capacity", "Required value");
	if (!pv->access_modes)
		return dec_fail(d, node, "accessModes", "Required value");
	return 0;
}

/* The i-th PersistentVolumeSource field, or NULL. */
static const char *pv_source(size_t i)
{
	return decode_volume_source(i, true);
}

static const struct field pv_spec_fields[] = {
	{ .name = "capacity", .type = FIELD_MAP, .sub = &pv_capacity_decoder },
	{ .name = "accessModes",
	  .type = FIELD_FN,
	  .off = offsetof(struct pv, access_modes),
	  .fn = decode_access_modes },
	{ .name = "persistentVolumeReclaimPolicy",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct pv, reclaim),
	  .values = reclaim_policies },
	{ .name = "storageClassName", .type = FIELD_STRING, .off = offsetof(struct pv, storage_class) },
	{ .name = "claimRef", .type = FIELD_MAP, .sub = &claim_ref_decoder },
	{ .name = "volumeMode", .type = FIELD_IGNORE },
	{ .name = "mountOptions", .type = FIELD_IGNORE },
	{ .name = "nodeAffinity", .type = FIELD_IGNORE },
	{ .name = "volumeAttributesClassName", .type = FIELD_IGNORE },
};
static const struct decoder pv_spec_decoder = DECODER(pv_spec_fields, .init = pv_init,
						      .check = pv_check, .ignored = pv_source);

static const struct field pv_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &pv_spec_decoder },
};
static const struct decoder pv_decoder = DECODER(pv_fields, .also = &decode_object_fields);

const struct kind_decoder kind_decoder_pv = {
	"PersistentVolume", KIND_PV,           { "v1" }, NAME_DNS_SUBDOMAIN,
	&pv_decoder,        sizeof(struct pv), false,
};

/* --- PersistentVolumeClaim --- */

static const struct field pvc_requests_fields[] = {
	{ .name = "storage", .type = FIELD_MEMORY, .off = offsetof(struct pvc, request_bytes) },
};
static const struct decoder pvc_requests_decoder = DECODER(pvc_requests_fields, .open = true);

static const struct field pvc_resources_fields[] = {
	{ .name = "requests", .type = FIELD_MAP, .sub = &pvc_requests_decoder },
	{ .name = "limits", .type = FIELD_IGNORE },
};
static const struct decoder pvc_resources_decoder = DECODER(pvc_resources_fields);

static void pvc_init(void *obj)
{
	struct pvc *pvc = obj;

	pvc->storage_class = NONE32;
	pvc->request_bytes = -1;
}

static int pvc_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct pvc *pvc = obj;

	return check_claim_spec(d, node, pvc->access_modes, pvc->request_bytes);
}

static const struct field pvc_spec_fields[] = {
	{ .name = "accessModes",
	  .type = FIELD_FN,
	  .off = offsetof(struct pvc, access_modes),
	  .fn = decode_access_modes },
	{ .name = "resources", .type = FIELD_MAP, .sub = &pvc_resources_decoder },
	{ .name = "storageClassName", .type = FIELD_STRING, .off = offsetof(struct pvc, storage_class) },
	{ .name = "volumeName", .type = FIELD_STRING, .off = offsetof(struct pvc, volume) },
	{ .name = "volumeMode", .type = FIELD_IGNORE },
	{ .name = "selector", .type = FIELD_IGNORE },
	{ .name = "dataSource", .type = FIELD_IGNORE },
	{ .name = "dataSourceRef", .type = FIELD_IGNORE },
	{ .name = "volumeAttributesClassName", .type = FIELD_IGNORE },
};
static const struct decoder pvc_spec_decoder = DECODER(pvc_spec_fields, .init = pvc_init,
						       .check = pvc_check);

static const struct field pvc_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &pvc_spec_decoder },
};
static const struct decoder pvc_decoder = DECODER(pvc_fields, .also = &decode_object_fields);

const struct kind_decoder kind_decoder_pvc = {
	"PersistentVolumeClaim", KIND_PVC, { "v1" }, NAME_DNS_SUBDOMAIN, &pvc_decoder,
	sizeof(struct pvc),      true,
};

/* --- Namespace: decoded as bare metadata; load.c keeps only the name --- */

static const struct field namespace_fields[] = {
	{ .name = "spec", .type = FIELD_IGNORE },
};
static const struct decoder namespace_decoder = DECODER(namespace_fields,
							.also = &decode_object_fields);

const struct kind_decoder kind_decoder_namespace = {
	"Namespace",        KIND_NONE,           { "v1" }, NAME_DNS_LABEL,
	&namespace_decoder, sizeof(struct meta), false,
};
