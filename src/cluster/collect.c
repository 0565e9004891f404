/*
 * Collection of strings and label sets: every id the cluster holds is marked,
 * then what nobody holds is swept. The cluster is the only long-lived holder
 * of ids (the engine, views and commands copy text or look names up again),
 * so this file lists every field that holds one; a field added to an object
 * and not marked here is caught by the stress build (KSIM_COLLECT_STRESS),
 * where a swept id is never reused and reading it fails an assertion.
 */
#include "ksim/cluster.h"

#include "internal.h"

/* Collect once the strings added since the last sweep reach this share of those held. */
#define COLLECT_SHARE 16
#define COLLECT_MIN 4096

static void str(struct cluster *c, uint32_t id)
{
	strtab_mark(c->strings, id);
}

static void set(struct cluster *c, uint32_t id)
{
	labels_mark(c->labels, id);
}

static void reqs(struct cluster *c, const struct selector_req *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		str(c, r[i].key);
		for (uint32_t j = 0; j < r[i].nvalues; j++)
			str(c, r[i].values[j]);
	}
}

static void selector(struct cluster *c, const struct selector *sel)
{
	set(c, sel->match_labels);
	reqs(c, sel->reqs, sel->nreqs);
}

static void containers(struct cluster *c, const struct container *k, uint32_t n)
{
	for (; n--; k++) {
		str(c, k->name);
		str(c, k->image);
		for (uint32_t i = 0; i < k->ncommand; i++)
			str(c, k->command[i]);
		for (uint32_t i = 0; i < k->nargs; i++)
			str(c, k->args[i]);
		for (uint32_t i = 0; i < k->nports; i++) {
			str(c, k->ports[i].name);
			str(c, k->ports[i].protocol);
		}
		for (uint32_t i = 0; i < k->nmounts; i++) {
			str(c, k->mounts[i].name);
			str(c, k->mounts[i].mount_path);
			str(c, k->mounts[i].sub_path);
		}
		for (uint32_t i = 0; i < k->nenv; i++) {
			str(c, k->env[i].name);
			str(c, k->env[i].value);
			str(c, k->env[i].path);
			str(c, k->env[i].object);
			str(c, k->env[i].api_version);
			str(c, k->env[i].divisor);
		}
		for (uint32_t i = 0; i < k->nenv_from; i++) {
			str(c, k->env_from[i].object);
			str(c, k->env_from[i].prefix);
		}
		for (uint32_t i = 0; k->probes && i < PROBE_KINDS; i++) {
			const struct probe *pr = &k->probes[i];
			for (uint32_t j = 0; j < pr->ncommand; j++)
				str(c, pr->command[j]);
			str(c, pr->port.name);
			str(c, pr->path);
			str(c, pr->host);
			str(c, pr->scheme);
			str(c, pr->service);
		}
	}
}

static void volume(struct cluster *c, const struct volume *v)
{
	str(c, v->name);
	switch (v->source) {
	case VOLUME_PVC:
		str(c, v->pvc.claim_name);
		break;
	case VOLUME_EMPTY_DIR:
		str(c, v->empty_dir.medium);
		break;
	case VOLUME_HOST_PATH:
		str(c, v->host_path.path);
		str(c, v->host_path.type);
		break;
	case VOLUME_CONFIG_MAP:
	case VOLUME_SECRET:
		str(c, v->object.name);
		for (uint32_t i = 0; i < v->object.nitems; i++) {
			str(c, v->object.items[i].key);
			str(c, v->object.items[i].path);
		}
		break;
	case VOLUME_NFS:
		str(c, v->nfs.server);
		str(c, v->nfs.path);
		break;
	case VOLUME_OTHER:
		str(c, v->other);
		break;
	}
}

static void podspec(struct cluster *c, const struct podspec *s)
{
	containers(c, s->containers, s->ncontainers);
	containers(c, s->init_containers, s->ninit);
	set(c, s->node_selector);
	for (uint32_t i = 0; i < s->nterms; i++) {
		reqs(c, s->terms[i].reqs, s->terms[i].nreqs);
		reqs(c, s->terms[i].fields, s->terms[i].nfields);
	}
	for (uint32_t i = 0; i < s->ntolerations; i++) {
		str(c, s->tolerations[i].key);
		str(c, s->tolerations[i].value);
	}
	str(c, s->node_name);
	str(c, s->hostname);
	str(c, s->subdomain);
	str(c, s->scheduler_name);
	str(c, s->service_account);
	for (uint32_t i = 0; i < s->nvolumes; i++)
		volume(c, &s->volumes[i]);
}

/* The spec is marked with every other live spec. */
static void template(struct cluster *c, const struct template *tpl)
{
	set(c, tpl->labels);
	set(c, tpl->annotations);
}

static void job_spec(struct cluster *c, const struct job_spec *js)
{
	set(c, js->labels);
	set(c, js->annotations);
	selector(c, &js->sel);
	template(c, &js->tpl);
}

static void node(struct cluster *c, const struct node *n)
{
	for (uint32_t i = 0; i < n->ntaints; i++) {
		str(c, n->taints[i].key);
		str(c, n->taints[i].value);
	}
	for (uint32_t i = 0; i < n->nimages; i++)
		str(c, n->images[i]);
}

static void statefulset(struct cluster *c, const struct statefulset *s)
{
	str(c, s->service_name);
	selector(c, &s->sel);
	template(c, &s->tpl);
	template(c, &s->status.current_tpl);
	for (uint32_t i = 0; i < s->nclaims; i++) {
		str(c, s->claims[i].name);
		str(c, s->claims[i].storage_class);
		set(c, s->claims[i].labels);
	}
}

static void service(struct cluster *c, const struct service *s)
{
	set(c, s->selector);
	str(c, s->external_ip);
	str(c, s->external_name);
	for (uint32_t i = 0; i < s->nports; i++) {
		str(c, s->ports[i].name);
		str(c, s->ports[i].protocol);
		str(c, s->ports[i].target_port_name);
	}
}

static void object(struct cluster *c, enum kind kind, const struct meta *m)
{
	str(c, m->name);
	str(c, m->ns);
	set(c, m->labels);
	set(c, m->annotations);
	switch (kind) {
	case KIND_NODE:
		node(c, (const struct node *)m);
		break;
	case KIND_POD: {
		const struct pod *p = (const struct pod *)m;
		str(c, p->pin_node);
		for (uint32_t i = 0; p->ctrs && i < (uint32_t)p->ninit + p->ncontainers; i++) {
			str(c, p->ctrs[i].env);
			str(c, p->ctrs[i].config_error);
		}
		break;
	}
	case KIND_RC:
	case KIND_RS:
		str(c, ((const struct replicaset *)m)->status.failure);
		selector(c, &((const struct replicaset *)m)->sel);
		template(c, &((const struct replicaset *)m)->tpl);
		break;
	case KIND_DEPLOY: {
		const struct deployment *dp = (const struct deployment *)m;
		selector(c, &dp->sel);
		template(c, &dp->tpl);
		str(c, dp->status.available_cond.rs_name);
		str(c, dp->status.progressing_cond.rs_name);
		str(c, dp->status.failure_cond.rs_name);
		break;
	}
	case KIND_DS:
		selector(c, &((const struct daemonset *)m)->sel);
		template(c, &((const struct daemonset *)m)->tpl);
		break;
	case KIND_JOB:
		job_spec(c, &((const struct job *)m)->spec);
		str(c, ((const struct job *)m)->status.reason);
		break;
	case KIND_CRONJOB: {
		const struct cronjob *cj = (const struct cronjob *)m;
		str(c, cj->time_zone);
		job_spec(c, &cj->job);
		for (uint32_t i = 0; i < cj->status.nactive; i++)
			str(c, cj->status.active[i].name);
		break;
	}
	case KIND_STS:
		statefulset(c, (const struct statefulset *)m);
		break;
	case KIND_SVC:
		service(c, (const struct service *)m);
		break;
	case KIND_EP: {
		const struct endpoints *ep = (const struct endpoints *)m;
		for (uint32_t i = 0; i < ep->naddrs; i++) {
			str(c, ep->addrs[i].node);
			str(c, ep->addrs[i].hostname);
		}
		break;
	}
	case KIND_PV: {
		const struct pv *pv = (const struct pv *)m;
		str(c, pv->storage_class);
		str(c, pv->claim_ns);
		str(c, pv->claim_name);
		break;
	}
	case KIND_PVC: {
		const struct pvc *pvc = (const struct pvc *)m;
		str(c, pvc->storage_class);
		str(c, pvc->volume);
		str(c, pvc->owner_pod);
		break;
	}
	case KIND_CM:
	case KIND_SECRET: {
		const struct config_object *o = (const struct config_object *)m;
		str(c, o->type);
		for (uint32_t i = 0; i < o->nentries; i++)
			str(c, o->entries[i].key);
		break;
	}
	case KIND_CR:
		template(c, &((const struct controller_revision *)m)->tpl);
		break;
	case KIND_COUNT:
		break;
	}
}

bool cluster_should_collect(const struct cluster *c)
{
#ifdef KSIM_COLLECT_STRESS
	(void)c;
	return true;
#else
	uint32_t added = strtab_added(c->strings);
	return added >= COLLECT_MIN && added >= strtab_live(c->strings) / COLLECT_SHARE;
#endif
}

void cluster_collect(struct cluster *c)
{
	for (int k = 0; k < KIND_COUNT; k++)
		for (uint32_t i = 0; i < c->tables[k].len; i++) {
			const struct meta *m = cluster_meta(c, (enum kind)k, i);
			if (m)
				object(c, (enum kind)k, m);
		}
	for (uint32_t id = 0; id < c->nspecs; id++)
		if (c->specs[id])
			podspec(c, c->specs[id]);
	cluster_events_mark(c);
	for (uint32_t i = 0; i < c->nnamespaces; i++)
		str(c, c->namespaces[i]);
	str(c, c->s.default_ns);
	str(c, c->s.kube_system);
	str(c, c->s.tcp);
	str(c, c->s.taint_unschedulable);
	str(c, c->s.taint_unreachable);
	str(c, c->s.taint_not_ready);
	for (int i = 0; i < CLUSTER_NADDED_TOLERATIONS; i++)
		str(c, c->s.added_toleration_keys[i]);
	labels_sweep(c->labels);
	strtab_sweep(c->strings);
}
