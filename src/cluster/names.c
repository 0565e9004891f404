/* The seeded generator, generated names and addresses. */
#include "ksim/cluster.h"

#include <stdio.h>
#include <string.h>

/* xorshift64*: small, fast, and the same sequence on every machine. */
uint32_t cluster_rand(struct cluster *c, uint32_t n)
{
	uint64_t x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return n ? (uint32_t)(((x * 0x2545F4914F6CDD1DULL) >> 32) % n) : 0;
}

uint32_t cluster_generate_name(struct cluster *c, enum kind kind, uint32_t ns, const char *prefix)
{
	/* apiserver names.SimpleNameGenerator: no vowels, no 0, 1, 3 (apimachinery util/rand). */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	char buf[128];
	size_t n = strlen(prefix);

	if (n > 58)
		n = 58;
	for (;;) {
		memcpy(buf, prefix, n);
		for (int i = 0; i < 5; i++)
			buf[n + i] = alphabet[cluster_rand(c, sizeof alphabet - 1)];
		buf[n + 5] = '\0';
		uint32_t id = cluster_intern(c, buf);
		if (cluster_find(c, kind, ns, id) == NONE32)
			return id;
	}
}

void cluster_revision_name(const struct cluster *c, uint32_t owner, uint32_t hash, struct strbuf *out)
{
	/* history.HashControllerRevision: the hex FNV hash through rand.SafeEncodeString. */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	char hex[16];

	snprintf(hex, sizeof hex, "%x", hash);
	sb_printf(out, "%s-", cluster_str(c, owner));
	for (const char *h = hex; *h; h++)
		sb_addc(out, alphabet[(unsigned char)*h % (sizeof alphabet - 1)]);
}

void ip_format(uint32_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

const char *image_registry_prefix(const char *image)
{
	const char *slash = strchr(image, '/');

	if (!slash)
		return "docker.io/library/";
	if (memchr(image, '.', (size_t)(slash - image)) || memchr(image, ':', (size_t)(slash - image)) ||
	    strncmp(image, "localhost/", 10) == 0)
		return "";
	return "docker.io/";
}

/* Kubernetes UIDs are UUIDs: a stable, random-looking one derived from ours. */
void cluster_uid_format(uint32_t uid, struct strbuf *out)
{
	uint64_t a = hash_u64(uid ^ 0x6b73696d75696431ULL), b = hash_u64(a);

	sb_printf(out, "%08llx-%04llx-4%03llx-%04llx-%012llx", (unsigned long long)(a >> 32),
		  (unsigned long long)(a >> 16 & 0xffff), (unsigned long long)(a & 0xfff),
		  (unsigned long long)(0x8000 | (b >> 48 & 0x3fff)),
		  (unsigned long long)(b & 0xffffffffffffULL));
}

/* The selector and labels the API server generates for a Job (pkg/registry/batch/job/strategy.go). */
void cluster_job_stamp(struct cluster *c, struct job *j, uint32_t uid)
{
	static const char *const uid_keys[] = { "batch.kubernetes.io/controller-uid",
						"controller-uid" };
	static const char *const name_keys[] = { "batch.kubernetes.io/job-name", "job-name" };
	struct job_spec *js = &j->spec;
	/* batch/v1 defaulting (on every read) gives a Job without labels its template's. */
	bool defaulted = !j->meta.labels || j->meta.labels == js->tpl.labels;
	struct strbuf sb;
	struct label l;

	if (js->manual_selector)
		return;
	sb_init(&sb);
	cluster_uid_format(uid, &sb);
	l = (struct label){ cluster_intern(c, uid_keys[0]), cluster_intern(c, sb.data) };
	selector_free(&js->sel);
	js->sel.match_labels = labels_intern(c->labels, &l, 1);
	for (size_t i = 0; i < ARRAY_LEN(uid_keys); i++) {
		js->tpl.labels = labels_with(c->labels, js->tpl.labels,
					     cluster_intern(c, uid_keys[i]), l.val);
		js->tpl.labels = labels_with(c->labels, js->tpl.labels,
					     cluster_intern(c, name_keys[i]), j->meta.name);
	}
	if (defaulted)
		j->meta.labels = js->tpl.labels;
	sb_free(&sb);
}
