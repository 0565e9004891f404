/* Values as kubectl spells them in tables and descriptions (the API's own spellings: api/values.c). */
#include "ksim/kubectl.h"

#include "internal.h"

void fmt_age(const struct cluster *c, int64_t t, struct strbuf *out)
{
	char buf[32];

	if (!api_time_is_set(t)) {
		sb_add(out, "<unknown>");
		return;
	}
	duration_human(c->now_ms - t, buf, sizeof buf);
	sb_add(out, buf);
}

void fmt_rfc1123z(int64_t ms, struct strbuf *out)
{
	char buf[40];

	time_rfc1123z(ms, buf, sizeof buf);
	sb_add(out, buf);
}

void fmt_labels(const struct cluster *c, uint32_t set, struct strbuf *out)
{
	if (!set) {
		sb_add(out, "<none>");
		return;
	}
	labels_format(c->labels, set, ",", out);
}

void fmt_ns_name(const struct cluster *c, uint32_t ns, uint32_t name, struct strbuf *out)
{
	sb_printf(out, "%s/%s", cluster_str(c, ns), cluster_str(c, name));
}

void fmt_selector(const struct cluster *c, const struct selector *sel, struct strbuf *out)
{
	if (selector_empty(sel)) {
		sb_add(out, "<none>");
		return;
	}
	selector_format(c->labels, sel, out);
}

void fmt_containers(const struct cluster *c, const struct template *tpl, bool images,
		    struct strbuf *out)
{
	const struct podspec *s = cluster_spec(c, tpl->spec);

	for (uint32_t i = 0; i < s->ncontainers; i++) {
		if (i)
			sb_addc(out, ',');
		sb_add(out, cluster_str(c, images ? s->containers[i].image : s->containers[i].name));
	}
}

void fmt_controller(const struct cluster *c, const struct meta *m, struct strbuf *out)
{
	const struct meta *o = cluster_owner(c, m);

	if (o)
		sb_printf(out, "%s/%s", kind_info((enum kind)m->owner_kind)->kind,
			  cluster_str(c, o->name));
}
