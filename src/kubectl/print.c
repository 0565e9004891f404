/*
 * kubectl get tables: one column list per kind, the columns printers.go
 * defines for Kubernetes 1.31 (priority-1 columns only with -o wide). Each
 * column is a header and a function that writes one cell.
 */
#include "ksim/kubectl.h"

#include <string.h>

#include "internal.h"

struct cell_ctx {
	const struct cluster *c;
	const void *obj; /* struct pod *, struct node *, ... */
	enum kind kind;
};

struct column {
	const char *header;
	bool wide;
	void (*cell)(const struct cell_ctx *x, struct strbuf *out);
};

#define META(x) ((const struct meta *)(x)->obj)

static void put_int(int64_t v, struct strbuf *out)
{
	sb_printf(out, "%lld", (long long)v);
}

/* --- cells shared by several kinds --- */

static void cell_age(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_age(x->c, META(x)->created_ms, out);
}

static void cell_none(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, "<none>");
}

static void cell_unset(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, "<unset>");
}

static void cell_filesystem(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, "Filesystem"); /* the API server's default volumeMode */
}

static void cell_containers(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_containers(x->c, kind_template(x->kind, x->obj), false, out);
}

static void cell_images(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_containers(x->c, kind_template(x->kind, x->obj), true, out);
}

static void cell_selector(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_selector(x->c, kind_selector(x->kind, x->obj), out);
}

/* --- pods --- */

#define POD(x) ((const struct pod *)(x)->obj)

static void pod_ready(const struct cell_ctx *x, struct strbuf *out)
{
	char buf[32];

	kubectl_pod_ready(x->c, POD(x), buf, sizeof buf);
	sb_add(out, buf);
}

static void pod_status(const struct cell_ctx *x, struct strbuf *out)
{
	char buf[64];

	kubectl_pod_status(x->c, POD(x), buf, sizeof buf);
	sb_add(out, buf);
}

static void pod_restarts(const struct cell_ctx *x, struct strbuf *out)
{
	char buf[64];

	kubectl_pod_restarts(x->c, POD(x), buf, sizeof buf);
	sb_add(out, buf);
}

static void pod_ip(const struct cell_ctx *x, struct strbuf *out)
{
	if (POD(x)->ip)
		api_ip_format(POD(x)->ip, out);
	else
		sb_add(out, "<none>");
}

static void pod_node(const struct cell_ctx *x, struct strbuf *out)
{
	const struct node *n = POD(x)->node != NONE32 ? cluster_get(x->c, KIND_NODE, POD(x)->node)
						      : NULL;

	uint32_t name = n ? n->meta.name : cluster_spec(x->c, POD(x)->spec)->node_name;

	sb_add(out, name ? cluster_str(x->c, name) : "<none>"); /* the NODE column is spec.nodeName */
}

static const struct column pod_columns[] = {
	{ "READY", false, pod_ready },
	{ "STATUS", false, pod_status },
	{ "RESTARTS", false, pod_restarts },
	{ "AGE", false, cell_age },
	{ "IP", true, pod_ip },
	{ "NODE", true, pod_node },
	{ "NOMINATED NODE", true, cell_none },
	{ "READINESS GATES", true, cell_none },
	{ NULL, false, NULL },
};

/* --- nodes --- */

#define NODE(x) ((const struct node *)(x)->obj)

static void node_status(const struct cell_ctx *x, struct strbuf *out)
{
	char buf[64];

	kubectl_node_status(NODE(x), buf, sizeof buf);
	sb_add(out, buf);
}

static void node_roles(const struct cell_ctx *x, struct strbuf *out)
{
	kubectl_node_roles(x->c, NODE(x), out);
}

static void node_version(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, api_kubelet_version);
}

static void node_internal_ip(const struct cell_ctx *x, struct strbuf *out)
{
	api_ip_format(NODE(x)->ip, out);
}

static void node_os(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, api_os_image);
}

static void node_kernel(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, api_kernel_version);
}

static void node_runtime(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	sb_add(out, api_container_runtime);
}

static const struct column node_columns[] = {
	{ "STATUS", false, node_status },
	{ "ROLES", false, node_roles },
	{ "AGE", false, cell_age },
	{ "VERSION", false, node_version },
	{ "INTERNAL-IP", true, node_internal_ip },
	{ "EXTERNAL-IP", true, cell_none },
	{ "OS-IMAGE", true, node_os },
	{ "KERNEL-VERSION", true, node_kernel },
	{ "CONTAINER-RUNTIME", true, node_runtime },
	{ NULL, false, NULL },
};

/* --- ReplicaSets and ReplicationControllers --- */

#define RS(x) ((const struct replicaset *)(x)->obj)

static void rs_desired(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(RS(x)->replicas, out);
}

static void rs_current(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(RS(x)->status.replicas, out);
}

static void rs_ready(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(RS(x)->status.ready, out);
}

static const struct column rs_columns[] = {
	{ "DESIRED", false, rs_desired },
	{ "CURRENT", false, rs_current },
	{ "READY", false, rs_ready },
	{ "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers },
	{ "IMAGES", true, cell_images },
	{ "SELECTOR", true, cell_selector },
	{ NULL, false, NULL },
};

/* --- Deployments (printers.go printDeployment) --- */

#define DEPLOY(x) ((const struct deployment *)(x)->obj)

static void deploy_ready(const struct cell_ctx *x, struct strbuf *out)
{
	sb_printf(out, "%d/%d", DEPLOY(x)->status.ready, DEPLOY(x)->replicas);
}

static void deploy_updated(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DEPLOY(x)->status.updated, out);
}

static void deploy_available(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DEPLOY(x)->status.available, out);
}

static const struct column deploy_columns[] = {
	{ "READY", false, deploy_ready },
	{ "UP-TO-DATE", false, deploy_updated },
	{ "AVAILABLE", false, deploy_available },
	{ "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers },
	{ "IMAGES", true, cell_images },
	{ "SELECTOR", true, cell_selector },
	{ NULL, false, NULL },
};

/* --- DaemonSets --- */

#define DS(x) ((const struct daemonset *)(x)->obj)

static void ds_desired(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DS(x)->status.desired, out);
}

static void ds_current(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DS(x)->status.current, out);
}

static void ds_ready(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DS(x)->status.ready, out);
}

static void ds_updated(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DS(x)->status.updated, out);
}

static void ds_available(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(DS(x)->status.available, out);
}

static void ds_node_selector(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_labels(x->c, cluster_spec(x->c, DS(x)->tpl.spec)->node_selector, out);
}

static const struct column ds_columns[] = {
	{ "DESIRED", false, ds_desired },
	{ "CURRENT", false, ds_current },
	{ "READY", false, ds_ready },
	{ "UP-TO-DATE", false, ds_updated },
	{ "AVAILABLE", false, ds_available },
	{ "NODE SELECTOR", false, ds_node_selector },
	{ "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers },
	{ "IMAGES", true, cell_images },
	{ "SELECTOR", true, cell_selector },
	{ NULL, false, NULL },
};

/* --- Jobs --- */

#define JOB(x) ((const struct job *)(x)->obj)

static void job_status(const struct cell_ctx *x, struct strbuf *out)
{
	const struct job *j = JOB(x);

	if (j->status.condition == JOB_COMPLETE)
		sb_add(out, "Complete");
	else if (j->status.condition == JOB_FAILED)
		sb_add(out, "Failed");
	else if (j->meta.deleted_ms != TIME_NONE)
		sb_add(out, "Terminating");
	else if (j->status.suspended)
		sb_add(out, "Suspended");
	else
		sb_add(out, "Running");
}

static void job_completions(const struct cell_ctx *x, struct strbuf *out)
{
	const struct job *j = JOB(x);

	if (j->spec.completions >= 0)
		sb_printf(out, "%d/%d", j->status.succeeded, j->spec.completions);
	else if (j->spec.parallelism > 1)
		sb_printf(out, "%d/1 of %d", j->status.succeeded, j->spec.parallelism);
	else
		sb_printf(out, "%d/1", j->status.succeeded);
}

static void job_duration(const struct cell_ctx *x, struct strbuf *out)
{
	const struct job *j = JOB(x);
	char buf[32];

	if (!api_time_is_set(j->status.start_ms))
		return;
	duration_human(
	    (api_time_is_set(j->status.completion_ms) ? j->status.completion_ms : x->c->now_ms) -
		j->status.start_ms,
	    buf, sizeof buf);
	sb_add(out, buf);
}

static const struct column job_columns[] = {
	{ "STATUS", false, job_status },         { "COMPLETIONS", false, job_completions },
	{ "DURATION", false, job_duration },     { "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers }, { "IMAGES", true, cell_images },
	{ "SELECTOR", true, cell_selector },     { NULL, false, NULL },
};

/* --- CronJobs --- */

#define CJ(x) ((const struct cronjob *)(x)->obj)

static void cj_schedule(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, CJ(x)->schedule ? CJ(x)->schedule : "");
}

static void cj_timezone(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, CJ(x)->time_zone ? cluster_str(x->c, CJ(x)->time_zone) : "<none>");
}

static void cj_suspend(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, CJ(x)->suspend ? "True" : "False");
}

static void cj_active(const struct cell_ctx *x, struct strbuf *out)
{
	put_int(CJ(x)->status.nactive, out);
}

static void cj_last_schedule(const struct cell_ctx *x, struct strbuf *out)
{
	if (api_time_is_set(CJ(x)->status.last_schedule_ms))
		fmt_age(x->c, CJ(x)->status.last_schedule_ms, out);
	else
		sb_add(out, "<none>");
}

static const struct column cj_columns[] = {
	{ "SCHEDULE", false, cj_schedule },
	{ "TIMEZONE", false, cj_timezone },
	{ "SUSPEND", false, cj_suspend },
	{ "ACTIVE", false, cj_active },
	{ "LAST SCHEDULE", false, cj_last_schedule },
	{ "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers },
	{ "IMAGES", true, cell_images },
	{ "SELECTOR", true, cell_selector },
	{ NULL, false, NULL },
};

/* --- StatefulSets --- */

#define STS(x) ((const struct statefulset *)(x)->obj)

static void sts_ready(const struct cell_ctx *x, struct strbuf *out)
{
	sb_printf(out, "%d/%d", STS(x)->status.ready, STS(x)->replicas);
}

static const struct column sts_columns[] = {
	{ "READY", false, sts_ready },
	{ "AGE", false, cell_age },
	{ "CONTAINERS", true, cell_containers },
	{ "IMAGES", true, cell_images },
	{ NULL, false, NULL },
};

/* --- Services --- */

#define SVC(x) ((const struct service *)(x)->obj)

static void svc_type(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, api_service_type_name(SVC(x)->type));
}

static void svc_cluster_ip(const struct cell_ctx *x, struct strbuf *out)
{
	if (SVC(x)->headless)
		sb_add(out, "None");
	else if (SVC(x)->cluster_ip)
		api_ip_format(SVC(x)->cluster_ip, out);
	else
		sb_add(out, "<none>");
}

static void svc_external_ip(const struct cell_ctx *x, struct strbuf *out)
{
	const struct service *s = SVC(x);

	if (s->type == SVC_EXTERNAL_NAME)
		sb_add(out, cluster_str(x->c, s->external_name));
	else if (s->external_ip)
		sb_add(out, cluster_str(x->c, s->external_ip));
	else
		sb_add(out, s->type == SVC_LOAD_BALANCER ? "<pending>" : "<none>");
}

static void svc_ports(const struct cell_ctx *x, struct strbuf *out)
{
	const struct service *s = SVC(x);

	for (uint32_t i = 0; i < s->nports; i++) {
		const struct service_port *p = &s->ports[i];
		if (i)
			sb_addc(out, ',');
		if (p->node_port > 0)
			sb_printf(out, "%d:%d/%s", p->port, p->node_port,
				  api_protocol_name(x->c, p->protocol));
		else
			sb_printf(out, "%d/%s", p->port, api_protocol_name(x->c, p->protocol));
	}
	if (!s->nports)
		sb_add(out, "<none>");
}

static void svc_selector(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_labels(x->c, SVC(x)->selector, out);
}

static const struct column svc_columns[] = {
	{ "TYPE", false, svc_type },
	{ "CLUSTER-IP", false, svc_cluster_ip },
	{ "EXTERNAL-IP", false, svc_external_ip },
	{ "PORT(S)", false, svc_ports },
	{ "AGE", false, cell_age },
	{ "SELECTOR", true, svc_selector },
	{ NULL, false, NULL },
};

/* --- Endpoints --- */

#define EP(x) ((const struct endpoints *)(x)->obj)

void fmt_endpoints(const struct cluster *c, const struct endpoints *ep, int port, struct strbuf *out)
{
	uint32_t svc = cluster_find(c, KIND_SVC, ep->meta.ns, ep->meta.name), listed = 0, count = 0;
	const struct service *s = svc != NONE32 ? cluster_get(c, KIND_SVC, svc) : NULL;
	uint32_t nports = s && s->nports ? s->nports : 1;

	if (!ep->naddrs) {
		sb_add(out, "<none>");
		return;
	}
	/* formatEndpoints: ip:port for each port, at most three entries; a portless subset lists IPs. */
	for (uint32_t p = 0; p < nports; p++) {
		if (port >= 0 && (uint32_t)port != p)
			continue;
		for (uint32_t i = 0; i < ep->naddrs; i++) {
			int32_t num = s && s->nports
					  ? engine_endpoint_port(c, &s->ports[p], &ep->addrs[i])
					  : -1;
			if (!ep->addrs[i].ready || !num)
				continue;
			count++;
			if (listed == 3)
				continue;
			if (listed++)
				sb_addc(out, ',');
			api_ip_format(ep->addrs[i].ip, out);
			if (num > 0)
				sb_printf(out, ":%d", num);
		}
	}
	if (count > 3)
		sb_printf(out, " + %u more...", count - 3);
}

static void ep_endpoints(const struct cell_ctx *x, struct strbuf *out)
{
	fmt_endpoints(x->c, EP(x), -1, out);
}

static const struct column ep_columns[] = {
	{ "ENDPOINTS", false, ep_endpoints },
	{ "AGE", false, cell_age },
	{ NULL, false, NULL },
};

/* --- PersistentVolumes and claims --- */

#define PV(x) ((const struct pv *)(x)->obj)
#define PVC(x) ((const struct pvc *)(x)->obj)

static void pv_capacity(const struct cell_ctx *x, struct strbuf *out)
{
	api_bytes_format(PV(x)->capacity_bytes, out);
}

static void pv_modes(const struct cell_ctx *x, struct strbuf *out)
{
	api_access_modes_format(PV(x)->access_modes, out);
}

static void pv_reclaim(const struct cell_ctx *x, struct strbuf *out)
{
	static const char *const names[] = { "Retain", "Delete", "Recycle" };

	sb_add(out, names[PV(x)->reclaim]);
}

static void pv_status(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, PV(x)->meta.deleted_ms != TIME_NONE ? "Terminating"
							: api_volume_phase_name(PV(x)->phase));
}

static void pv_claim(const struct cell_ctx *x, struct strbuf *out)
{
	if (PV(x)->claim_name)
		fmt_ns_name(x->c, PV(x)->claim_ns, PV(x)->claim_name, out);
}

static void pv_class(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, cluster_str(x->c, PV(x)->storage_class));
}

static void cell_empty(const struct cell_ctx *x, struct strbuf *out)
{
	(void)x;
	(void)out;
}

static const struct column pv_columns[] = {
	{ "CAPACITY", false, pv_capacity },
	{ "ACCESS MODES", false, pv_modes },
	{ "RECLAIM POLICY", false, pv_reclaim },
	{ "STATUS", false, pv_status },
	{ "CLAIM", false, pv_claim },
	{ "STORAGECLASS", false, pv_class },
	{ "VOLUMEATTRIBUTESCLASS", false, cell_unset },
	{ "REASON", false, cell_empty },
	{ "AGE", false, cell_age },
	{ "VOLUMEMODE", true, cell_filesystem },
	{ NULL, false, NULL },
};

static void pvc_status(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, PVC(x)->meta.deleted_ms != TIME_NONE ? "Terminating"
							 : api_volume_phase_name(PVC(x)->phase));
}

static void pvc_volume(const struct cell_ctx *x, struct strbuf *out)
{
	if (PVC(x)->volume)
		sb_add(out, cluster_str(x->c, PVC(x)->volume));
}

/* Capacity and access modes come from status, so they show only once bound. */
static void pvc_capacity(const struct cell_ctx *x, struct strbuf *out)
{
	if (PVC(x)->volume)
		api_bytes_format(PVC(x)->capacity_bytes, out);
}

static void pvc_modes(const struct cell_ctx *x, struct strbuf *out)
{
	if (PVC(x)->volume)
		api_access_modes_format(PVC(x)->access_modes, out);
}

static void pvc_class(const struct cell_ctx *x, struct strbuf *out)
{
	if (PVC(x)->storage_class != NONE32)
		sb_add(out, cluster_str(x->c, PVC(x)->storage_class));
}

static const struct column pvc_columns[] = {
	{ "STATUS", false, pvc_status },
	{ "VOLUME", false, pvc_volume },
	{ "CAPACITY", false, pvc_capacity },
	{ "ACCESS MODES", false, pvc_modes },
	{ "STORAGECLASS", false, pvc_class },
	{ "VOLUMEATTRIBUTESCLASS", false, cell_unset },
	{ "AGE", false, cell_age },
	{ "VOLUMEMODE", true, cell_filesystem },
	{ NULL, false, NULL },
};

/* --- ConfigMaps and Secrets (printers.go printConfigMap, printSecret) --- */

#define CONFIG(x) ((const struct config_object *)(x)->obj)

static void config_data(const struct cell_ctx *x, struct strbuf *out)
{
	sb_printf(out, "%u", CONFIG(x)->nentries);
}

static void secret_type(const struct cell_ctx *x, struct strbuf *out)
{
	sb_add(out, cluster_str(x->c, CONFIG(x)->type));
}

static const struct column cm_columns[] = {
	{ "DATA", false, config_data },
	{ "AGE", false, cell_age },
	{ NULL, false, NULL },
};

static const struct column secret_columns[] = {
	{ "TYPE", false, secret_type },
	{ "DATA", false, config_data },
	{ "AGE", false, cell_age },
	{ NULL, false, NULL },
};

/* --- ControllerRevisions (printers.go printControllerRevision) --- */

#define CR(x) ((const struct controller_revision *)(x)->obj)

static void cr_controller(const struct cell_ctx *x, struct strbuf *out)
{
	if (cluster_owner(x->c, &CR(x)->meta))
		kubectl_object_name(x->c, (enum kind)CR(x)->meta.owner_kind, CR(x)->meta.owner, out);
	else
		sb_add(out, "<none>");
}

static void cr_revision(const struct cell_ctx *x, struct strbuf *out)
{
	sb_printf(out, "%lld", (long long)CR(x)->revision);
}

static const struct column cr_columns[] = {
	{ "CONTROLLER", false, cr_controller },
	{ "REVISION", false, cr_revision },
	{ "AGE", false, cell_age },
	{ NULL, false, NULL },
};

static const struct column *const columns[KIND_COUNT] = {
	[KIND_NODE] = node_columns,  [KIND_POD] = pod_columns, [KIND_RC] = rs_columns,
	[KIND_RS] = rs_columns,      [KIND_DS] = ds_columns,   [KIND_JOB] = job_columns,
	[KIND_CRONJOB] = cj_columns, [KIND_STS] = sts_columns, [KIND_SVC] = svc_columns,
	[KIND_EP] = ep_columns,      [KIND_PV] = pv_columns,   [KIND_PVC] = pvc_columns,
	[KIND_DEPLOY] = deploy_columns, [KIND_CM] = cm_columns, [KIND_SECRET] = secret_columns,
	[KIND_CR] = cr_columns,
};

/* --- the table --- */

static void cell(struct table_out *t, struct strbuf *sb)
{
	kubectl_table_cell(t, sb->data);
	sb_reset(sb);
}

static void header(struct table_out *t, const struct column *cols, const struct print_opts *o,
		   bool namespaced)
{
	if (o->show_ns && namespaced)
		kubectl_table_cell(t, "NAMESPACE");
	kubectl_table_cell(t, "NAME");
	for (const struct column *col = cols; col->header; col++)
		if (o->wide || !col->wide)
			kubectl_table_cell(t, col->header);
	if (o->show_labels)
		kubectl_table_cell(t, "LABELS");
	kubectl_table_endrow(t);
}

void print_table(const struct kubectl *k, enum kind kind, const struct objlist *l,
		 const struct print_opts *o, struct strbuf *out)
{
	const struct column *cols = columns[kind];
	bool namespaced = kind_info(kind)->namespaced;
	struct table_out *t = kubectl_table_new();
	struct strbuf sb;

	sb_init(&sb);
	if (!o->no_headers)
		header(t, cols, o, namespaced);
	for (uint32_t i = 0; i < l->n; i++) {
		struct cell_ctx x = { k->c, cluster_get(k->c, kind, l->idx[i]), kind };
		if (o->show_ns && namespaced) {
			sb_add(&sb, object_ns(k->c, META(&x)));
			cell(t, &sb);
		}
		if (o->show_kind)
			kubectl_object_name(k->c, kind, l->idx[i], &sb);
		else
			sb_add(&sb, cluster_str(k->c, META(&x)->name));
		cell(t, &sb);
		for (const struct column *col = cols; col->header; col++) {
			if (!o->wide && col->wide)
				continue;
			col->cell(&x, &sb);
			cell(t, &sb);
		}
		if (o->show_labels) {
			fmt_labels(k->c, META(&x)->labels, &sb);
			cell(t, &sb);
		}
		kubectl_table_endrow(t);
	}
	kubectl_table_flush(t, out);
	kubectl_table_free(t);
	sb_free(&sb);
}

/* --- events --- */

struct event_column {
	const char *header;
	bool wide;
	void (*cell)(const struct cluster *c, const struct kevent *e, struct strbuf *out);
};

static void ev_last_seen(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	fmt_age(c, e->last->time_ms, out);
}

static void ev_first_seen(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	fmt_age(c, e->first->time_ms, out);
}

static void ev_type(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	(void)c;
	sb_add(out, e->first->type == EVENT_WARNING ? "Warning" : "Normal");
}

static void ev_reason(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	sb_add(out, cluster_str(c, e->first->reason));
}

static void ev_object(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	const char *kind = e->first->kind < KIND_COUNT ? kind_info(e->first->kind)->kind : "";

	/* printers.go lower-cases the Kind, without the group. */
	for (const char *p = kind; *p; p++)
		sb_addc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	sb_printf(out, "/%s", cluster_str(c, e->first->name));
}

static void ev_source(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	sb_add(out, cluster_str(c, e->first->source));
}

static void ev_message(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	(void)c;
	sb_add(out, e->message);
}

static void ev_count(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	(void)c;
	put_int(e->count, out);
}

static void ev_empty(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	(void)c;
	(void)e;
	(void)out;
}

static void ev_name(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	api_event_name(c, e, out);
}

static const struct event_column event_columns[] = {
	{ "LAST SEEN", false, ev_last_seen }, { "TYPE", false, ev_type },
	{ "REASON", false, ev_reason },       { "OBJECT", false, ev_object },
	{ "SUBOBJECT", true, ev_empty },      { "SOURCE", true, ev_source },
	{ "MESSAGE", false, ev_message },     { "FIRST SEEN", true, ev_first_seen },
	{ "COUNT", true, ev_count },          { "NAME", true, ev_name },
};

void print_events(const struct kubectl *k, const struct keventlist *l, const struct print_opts *o,
		  struct strbuf *out)
{
	struct table_out *t = kubectl_table_new();
	struct strbuf sb;

	sb_init(&sb);
	if (o->show_ns && !o->no_headers)
		kubectl_table_cell(t, "NAMESPACE");
	for (size_t c = 0; c < ARRAY_LEN(event_columns) && !o->no_headers; c++)
		if (o->wide || !event_columns[c].wide)
			kubectl_table_cell(t, event_columns[c].header);
	if (!o->no_headers)
		kubectl_table_endrow(t);
	for (uint32_t i = 0; i < l->n; i++) {
		if (o->show_ns) {
			sb_add(&sb, cluster_str(k->c, api_event_ns(k->c, l->v[i].first)));
			cell(t, &sb);
		}
		for (size_t c = 0; c < ARRAY_LEN(event_columns); c++) {
			if (!o->wide && event_columns[c].wide)
				continue;
			event_columns[c].cell(k->c, &l->v[i], &sb);
			cell(t, &sb);
		}
		kubectl_table_endrow(t);
	}
	kubectl_table_flush(t, out);
	kubectl_table_free(t);
	sb_free(&sb);
}
