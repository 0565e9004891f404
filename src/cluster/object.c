/* Pod specs shared by reference, the templates that hold them, template hashes. */
#include "ksim/cluster.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void free_terms(struct node_term *terms, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct selector a = { .nreqs = terms[i].nreqs, .reqs = terms[i].reqs };
		struct selector b = { .nreqs = terms[i].nfields, .reqs = terms[i].fields };
		selector_free(&a);
		selector_free(&b);
	}
	free(terms);
}

static void *dup_array(const void *src, uint32_t n, size_t elem)
{
	void *dst;

	if (!n)
		return NULL;
	dst = xmalloc(n * elem);
	memcpy(dst, src, n * elem);
	return dst;
}

static struct probe *clone_probes(const struct probe *src)
{
	struct probe *ps = src ? dup_array(src, PROBE_KINDS, sizeof *ps) : NULL;

	for (uint32_t i = 0; ps && i < PROBE_KINDS; i++)
		ps[i].command = dup_array(src[i].command, src[i].ncommand, sizeof *ps[i].command);
	return ps;
}

static void free_probes(struct probe *ps)
{
	for (uint32_t i = 0; ps && i < PROBE_KINDS; i++)
		free(ps[i].command);
	free(ps);
}

static struct container *clone_containers(const struct container *src, uint32_t n)
{
	struct container *cs = dup_array(src, n, sizeof *cs);

	for (uint32_t i = 0; i < n; i++) {
		cs[i].probes = clone_probes(src[i].probes);
		cs[i].command = dup_array(src[i].command, src[i].ncommand, sizeof *cs[i].command);
		cs[i].args = dup_array(src[i].args, src[i].nargs, sizeof *cs[i].args);
		cs[i].ports = dup_array(src[i].ports, src[i].nports, sizeof *cs[i].ports);
		cs[i].mounts = dup_array(src[i].mounts, src[i].nmounts, sizeof *cs[i].mounts);
		cs[i].env = dup_array(src[i].env, src[i].nenv, sizeof *cs[i].env);
		cs[i].env_from = dup_array(src[i].env_from, src[i].nenv_from, sizeof *cs[i].env_from);
	}
	return cs;
}

/* A requirement list copied the way selector_copy copies a selector's. */
static struct selector_req *clone_reqs(struct selector_req *reqs, uint32_t n)
{
	struct selector src = { .nreqs = n, .reqs = reqs }, dst;

	selector_copy(&dst, &src);
	return n ? dst.reqs : NULL;
}

struct podspec *podspec_clone(const struct podspec *src)
{
	struct podspec *s = xmalloc(sizeof *s);

	*s = *src;
	s->refs = 0;
	s->containers = clone_containers(src->containers, src->ncontainers);
	s->init_containers = clone_containers(src->init_containers, src->ninit);
	s->terms = dup_array(src->terms, src->nterms, sizeof *s->terms);
	for (uint32_t i = 0; i < s->nterms; i++) {
		s->terms[i].reqs = clone_reqs(src->terms[i].reqs, src->terms[i].nreqs);
		s->terms[i].fields = clone_reqs(src->terms[i].fields, src->terms[i].nfields);
	}
	s->tolerations = dup_array(src->tolerations, src->ntolerations, sizeof *s->tolerations);
	s->volumes = dup_array(src->volumes, src->nvolumes, sizeof *s->volumes);
	for (uint32_t i = 0; i < s->nvolumes; i++)
		if (volume_has_items(&s->volumes[i]))
			s->volumes[i].object.items = dup_array(src->volumes[i].object.items,
							       src->volumes[i].object.nitems,
							       sizeof *s->volumes[i].object.items);
	return s;
}

static void free_containers(struct container *cs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		free(cs[i].command);
		free(cs[i].args);
		free(cs[i].ports);
		free(cs[i].mounts);
		free(cs[i].env);
		free(cs[i].env_from);
		free_probes(cs[i].probes);
	}
	free(cs);
}

/*
 * podspec_free frees object.items whatever the source: it is NULL unless a
 * configMap or secret set it only if no other source, assigned whole
 * (padding included), reaches it.
 */
#define SOURCE_END(m) (offsetof(struct volume, m) + sizeof(((struct volume *)0)->m))
_Static_assert(SOURCE_END(pvc) <= offsetof(struct volume, object.items) &&
		       SOURCE_END(empty_dir) <= offsetof(struct volume, object.items) &&
		       SOURCE_END(host_path) <= offsetof(struct volume, object.items) &&
		       SOURCE_END(nfs) <= offsetof(struct volume, object.items) &&
		       SOURCE_END(other) <= offsetof(struct volume, object.items),
	       "object.items overlaps another volume source");
#undef SOURCE_END

void podspec_free(struct podspec *spec)
{
	if (!spec)
		return;
	free_containers(spec->containers, spec->ncontainers);
	free_containers(spec->init_containers, spec->ninit);
	free_terms(spec->terms, spec->nterms);
	free(spec->tolerations);
	/* Freed whatever the source: a volume refused part-way has its items but no source yet. */
	for (uint32_t i = 0; i < spec->nvolumes; i++)
		free(spec->volumes[i].object.items);
	free(spec->volumes);
	free(spec);
}

void template_release(struct cluster *c, struct template *tpl)
{
	if (tpl->spec)
		cluster_spec_unref(c, tpl->spec);
	tpl->spec = 0;
}

void template_copy(struct cluster *c, struct template *dst, const struct template *src)
{
	*dst = *src;
	if (dst->spec)
		cluster_spec_ref(c, dst->spec);
}

/* Effective requests: sum over containers, at least the largest init container. */
static void spec_compute_requests(struct podspec *s)
{
	/* Scheduler scoring counts unset requests as 100m CPU, 200Mi (pkg/scheduler/util/pod_resources.go). */
	const int64_t def_cpu = 100, def_mem = 200LL << 20;

	s->requests = s->nonzero = (struct resources){ 0, 0 };
	for (uint32_t i = 0; i < s->ncontainers; i++) {
		const struct resources *r = &s->containers[i].requests;
		s->requests.cpu_milli += r->cpu_milli;
		s->requests.mem_bytes += r->mem_bytes;
		s->nonzero.cpu_milli += r->cpu_milli ? r->cpu_milli : def_cpu;
		s->nonzero.mem_bytes += r->mem_bytes ? r->mem_bytes : def_mem;
	}
	for (uint32_t i = 0; i < s->ninit; i++) {
		const struct resources *r = &s->init_containers[i].requests;
		if (r->cpu_milli > s->requests.cpu_milli)
			s->requests.cpu_milli = r->cpu_milli;
		if (r->mem_bytes > s->requests.mem_bytes)
			s->requests.mem_bytes = r->mem_bytes;
	}
}

uint32_t cluster_spec_add(struct cluster *c, struct podspec *spec)
{
	uint32_t id = c->spec_free;

	if (id != NONE32) {
		c->spec_free = NONE32;
		for (uint32_t i = id + 1; i < c->nspecs; i++)
			if (!c->specs[i]) {
				c->spec_free = i;
				break;
			}
	} else {
		xgrow(&c->specs, &c->specs_cap, c->nspecs + 1, sizeof *c->specs);
		id = c->nspecs++;
	}
	spec->refs = 1;
	spec_compute_requests(spec);
	c->specs[id] = spec;
	return id;
}

const struct podspec *cluster_spec(const struct cluster *c, uint32_t id)
{
	assert(id < c->nspecs && c->specs[id]);
	return c->specs[id];
}

int64_t cluster_annotation_int(const struct cluster *c, uint32_t set, const char *key)
{
	uint32_t k = strtab_lookup(c->strings, key), v;

	v = k == NONE32 ? NONE32 : labels_value(c->labels, set, k);
	return v == NONE32 ? -1 : strtoll(cluster_str(c, v), NULL, 10);
}

const struct container *cluster_pod_container(const struct cluster *c, const struct pod *p,
					      uint32_t i)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	return i < s->ninit ? &s->init_containers[i] : &s->containers[i - s->ninit];
}

void cluster_spec_ref(struct cluster *c, uint32_t id)
{
	if (id)
		c->specs[id]->refs++;
}

void cluster_spec_unref(struct cluster *c, uint32_t id)
{
	if (!id || --c->specs[id]->refs)
		return;
	podspec_free(c->specs[id]);
	c->specs[id] = NULL;
	if (c->spec_free == NONE32 || id < c->spec_free)
		c->spec_free = id;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return hash_u64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

static uint64_t hash_str(const struct cluster *c, uint64_t h, uint32_t id)
{
	const char *s = cluster_str(c, id);
	return mix(h, hash_bytes(s, strlen(s), 0));
}

static uint64_t hash_words(const struct cluster *c, uint64_t h, const uint32_t *w, uint32_t n)
{
	h = mix(h, n);
	for (uint32_t i = 0; i < n; i++)
		h = hash_str(c, h, w[i]);
	return h;
}

static uint64_t hash_labels(const struct cluster *c, uint64_t h, uint32_t set)
{
	uint32_t n;
	const struct label *p = labels_get(c->labels, set, &n);

	h = mix(h, n);
	for (uint32_t i = 0; i < n; i++)
		h = hash_str(c, hash_str(c, h, p[i].key), p[i].val);
	return h;
}

static uint64_t hash_probe(const struct cluster *c, uint64_t h, const struct probe *p)
{
	if (p->handler == PROBE_NONE)
		return h;
	h = mix(mix(mix(h, p->handler), (uint64_t)p->initial_delay_s), (uint64_t)p->timeout_s);
	h = mix(mix(mix(h, (uint64_t)p->period_s), (uint64_t)p->success_threshold),
		(uint64_t)p->failure_threshold);
	h = mix(mix(hash_words(c, h, p->command, p->ncommand), (uint64_t)p->grace_s),
		(uint64_t)p->port.port);
	h = hash_str(c, hash_str(c, hash_str(c, h, p->port.name), p->path), p->host);
	return hash_str(c, hash_str(c, h, p->scheme), p->service);
}

static uint64_t hash_containers(const struct cluster *c, uint64_t h, const struct container *cs,
				uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct container *k = &cs[i];
		h = hash_str(c, hash_str(c, h, k->name), k->image);
		h = hash_words(c, hash_words(c, h, k->command, k->ncommand), k->args, k->nargs);
		for (uint32_t j = 0; j < k->nports; j++)
			h = mix(mix(h, (uint64_t)k->ports[j].container_port),
				(uint64_t)k->ports[j].host_port);
		h = mix(mix(h, (uint64_t)k->requests.cpu_milli), (uint64_t)k->requests.mem_bytes);
		/* Lists left empty add nothing, as omitempty fields add nothing to the real hash. */
		for (uint32_t j = 0; j < k->nmounts; j++) {
			const struct volume_mount *m = &k->mounts[j];
			h = hash_str(c, hash_str(c, hash_str(c, h, m->name), m->mount_path),
				     m->sub_path);
			h = mix(h, m->read_only);
		}
		for (uint32_t j = 0; j < k->nenv; j++) {
			const struct env_var *v = &k->env[j];
			h = mix(hash_str(c, hash_str(c, h, v->name), v->value), v->source);
			h = hash_str(c, hash_str(c, hash_str(c, h, v->path), v->object), v->api_version);
			h = mix(hash_str(c, h, v->divisor), v->optional);
		}
		for (uint32_t j = 0; j < k->nenv_from; j++) {
			const struct env_from *f = &k->env_from[j];
			h = mix(mix(hash_str(c, hash_str(c, h, f->object), f->prefix), f->secret),
				f->optional);
		}
		for (uint32_t j = 0; k->probes && j < PROBE_KINDS; j++)
			h = hash_probe(c, mix(h, j), &k->probes[j]);
	}
	return h;
}

static uint64_t hash_volumes(const struct cluster *c, uint64_t h, const struct volume *vs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct volume *v = &vs[i];
		h = mix(hash_str(c, h, v->name), v->source);
		switch (v->source) {
		case VOLUME_PVC:
			h = mix(hash_str(c, h, v->pvc.claim_name), v->pvc.read_only);
			break;
		case VOLUME_EMPTY_DIR:
			h = mix(hash_str(c, h, v->empty_dir.medium),
				(uint64_t)v->empty_dir.size_limit);
			break;
		case VOLUME_HOST_PATH:
			h = hash_str(c, hash_str(c, h, v->host_path.path), v->host_path.type);
			break;
		case VOLUME_CONFIG_MAP:
		case VOLUME_SECRET:
			h = mix(hash_str(c, h, v->object.name), v->object.optional);
			h = mix(h, (uint64_t)v->object.default_mode);
			for (uint32_t j = 0; j < v->object.nitems; j++) {
				const struct key_to_path *kp = &v->object.items[j];
				h = mix(hash_str(c, hash_str(c, h, kp->key), kp->path),
					(uint64_t)kp->mode);
			}
			break;
		case VOLUME_NFS:
			h = hash_str(c, hash_str(c, h, v->nfs.server), v->nfs.path);
			h = mix(h, v->nfs.read_only);
			break;
		case VOLUME_OTHER:
			h = hash_str(c, h, v->other);
			break;
		}
	}
	return h;
}

/* Content hash: equal templates written twice hash alike, as controller-revision-hash does. */
uint64_t cluster_template_hash(const struct cluster *c, const struct template *tpl)
{
	const struct podspec *s = cluster_spec(c, tpl->spec);
	uint64_t h = hash_labels(c, hash_labels(c, 0x6b73696d, tpl->labels), tpl->annotations);

	h = hash_containers(c, h, s->containers, s->ncontainers);
	h = hash_containers(c, h, s->init_containers, s->ninit);
	h = hash_volumes(c, h, s->volumes, s->nvolumes);
	if (s->no_token_automount)
		h = mix(h, 1);
	if (s->no_service_links)
		h = mix(h, 2);
	h = mix(h, s->restart_policy);
	h = hash_labels(c, h, s->node_selector);
	h = mix(h, s->ntolerations);
	for (uint32_t i = 0; i < s->ntolerations; i++) {
		const struct toleration *t = &s->tolerations[i];
		h = hash_str(c, hash_str(c, h, t->key), t->value);
		h = mix(mix(mix(h, t->op), t->effect), (uint64_t)t->seconds);
	}
	h = mix(mix(h, s->nterms), (uint64_t)s->grace_s);
	if (s->service_account)
		h = hash_str(c, h, s->service_account);
	return mix(h, (uint64_t)s->host_network);
}
