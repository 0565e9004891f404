/*
 * Collection of strings and label sets: every id the cluster holds is marked,
 * then what nobody holds is swept. The cluster is the only long-lived holder
 * of ids (the engine, views and commands copy text or look names up again),
 * so every field that holds one is listed: an object's meta and pod specs
 * here, the rest of an object by its kind's mark hook (struct kind_class).
 * A field added and not marked is caught by the stress build
 * (KSIM_COLLECT_STRESS), where a swept id is never reused and reading it
 * fails an assertion.
 */
#include "ksim/cluster.h"

#include "internal.h"

/* Collect once the strings added since the last sweep reach this share of those held. */
#define COLLECT_SHARE 16
#define COLLECT_MIN 4096

void cluster_mark_str(struct cluster *c, uint32_t id)
{
	strtab_mark(c->strings, id);
}

void cluster_mark_set(struct cluster *c, uint32_t id)
{
	labels_mark(c->labels, id);
}

static void reqs(struct cluster *c, const struct selector_req *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		cluster_mark_str(c, r[i].key);
		for (uint32_t j = 0; j < r[i].nvalues; j++)
			cluster_mark_str(c, r[i].values[j]);
	}
}

void cluster_mark_selector(struct cluster *c, const struct selector *sel)
{
	cluster_mark_set(c, sel->match_labels);
	reqs(c, sel->reqs, sel->nreqs);
}

static void containers(struct cluster *c, const struct container *k, uint32_t n)
{
	for (; n--; k++) {
		cluster_mark_str(c, k->name);
		cluster_mark_str(c, k->image);
		for (uint32_t i = 0; i < k->ncommand; i++)
			cluster_mark_str(c, k->command[i]);
		for (uint32_t i = 0; i < k->nargs; i++)
			cluster_mark_str(c, k->args[i]);
		for (uint32_t i = 0; i < k->nports; i++) {
			cluster_mark_str(c, k->ports[i].name);
			cluster_mark_str(c, k->ports[i].protocol);
		}
		for (uint32_t i = 0; i < k->nmounts; i++) {
			cluster_mark_str(c, k->mounts[i].name);
			cluster_mark_str(c, k->mounts[i].mount_path);
			cluster_mark_str(c, k->mounts[i].sub_path);
		}
		for (uint32_t i = 0; i < k->nenv; i++) {
			cluster_mark_str(c, k->env[i].name);
			cluster_mark_str(c, k->env[i].value);
			cluster_mark_str(c, k->env[i].path);
			cluster_mark_str(c, k->env[i].object);
			cluster_mark_str(c, k->env[i].api_version);
			cluster_mark_str(c, k->env[i].divisor);
		}
		for (uint32_t i = 0; i < k->nenv_from; i++) {
			cluster_mark_str(c, k->env_from[i].object);
			cluster_mark_str(c, k->env_from[i].prefix);
		}
		for (uint32_t i = 0; k->probes && i < PROBE_KINDS; i++) {
			const struct probe *pr = &k->probes[i];
			for (uint32_t j = 0; j < pr->ncommand; j++)
				cluster_mark_str(c, pr->command[j]);
			cluster_mark_str(c, pr->port.name);
			cluster_mark_str(c, pr->path);
			cluster_mark_str(c, pr->host);
			cluster_mark_str(c, pr->scheme);
			cluster_mark_str(c, pr->service);
		}
	}
}

static void volume(struct cluster *c, const struct volume *v)
{
	cluster_mark_str(c, v->name);
	switch (v->source) {
	case VOLUME_PVC:
		cluster_mark_str(c, v->pvc.claim_name);
		break;
	case VOLUME_EMPTY_DIR:
		cluster_mark_str(c, v->empty_dir.medium);
		break;
	case VOLUME_HOST_PATH:
		cluster_mark_str(c, v->host_path.path);
		cluster_mark_str(c, v->host_path.type);
		break;
	case VOLUME_CONFIG_MAP:
	case VOLUME_SECRET:
		cluster_mark_str(c, v->object.name);
		for (uint32_t i = 0; i < v->object.nitems; i++) {
			cluster_mark_str(c, v->object.items[i].key);
			cluster_mark_str(c, v->object.items[i].path);
		}
		break;
	case VOLUME_NFS:
		cluster_mark_str(c, v->nfs.server);
		cluster_mark_str(c, v->nfs.path);
		break;
	case VOLUME_OTHER:
		cluster_mark_str(c, v->other);
		break;
	}
}

static void podspec(struct cluster *c, const struct podspec *s)
{
	containers(c, s->containers, s->ncontainers);
	containers(c, s->init_containers, s->ninit);
	cluster_mark_set(c, s->node_selector);
	for (uint32_t i = 0; i < s->nterms; i++) {
		reqs(c, s->terms[i].reqs, s->terms[i].nreqs);
		reqs(c, s->terms[i].fields, s->terms[i].nfields);
	}
	for (uint32_t i = 0; i < s->ntolerations; i++) {
		cluster_mark_str(c, s->tolerations[i].key);
		cluster_mark_str(c, s->tolerations[i].value);
	}
	cluster_mark_str(c, s->node_name);
	cluster_mark_str(c, s->hostname);
	cluster_mark_str(c, s->subdomain);
	cluster_mark_str(c, s->scheduler_name);
	cluster_mark_str(c, s->service_account);
	for (uint32_t i = 0; i < s->nvolumes; i++)
		volume(c, &s->volumes[i]);
}

void cluster_mark_template(struct cluster *c, const struct template *tpl)
{
	cluster_mark_set(c, tpl->labels);
	cluster_mark_set(c, tpl->annotations);
}

static void object(struct cluster *c, const struct kind_class *kc, const struct meta *m)
{
	cluster_mark_str(c, m->name);
	cluster_mark_str(c, m->ns);
	cluster_mark_set(c, m->labels);
	cluster_mark_set(c, m->annotations);
	if (kc->mark)
		kc->mark(c, m);
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
				object(c, kind_class((enum kind)k), m);
		}
	for (uint32_t id = 0; id < c->nspecs; id++)
		if (c->specs[id])
			podspec(c, c->specs[id]);
	cluster_events_mark(c);
	for (uint32_t i = 0; i < c->nnamespaces; i++)
		cluster_mark_str(c, c->namespaces[i]);
	cluster_mark_str(c, c->s.default_ns);
	cluster_mark_str(c, c->s.kube_system);
	cluster_mark_str(c, c->s.tcp);
	cluster_mark_str(c, c->s.taint_unschedulable);
	cluster_mark_str(c, c->s.taint_unreachable);
	cluster_mark_str(c, c->s.taint_not_ready);
	for (int i = 0; i < CLUSTER_NADDED_TOLERATIONS; i++)
		cluster_mark_str(c, c->s.added_toleration_keys[i]);
	labels_sweep(c->labels);
	strtab_sweep(c->strings);
}
