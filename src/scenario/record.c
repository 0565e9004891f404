/*
 * Recordings: a demo file written while a session runs. The header holds
 * what the session started from (the sources' manifests, copied as
 * written, then a Scenario document with the start time, seed, speed and
 * the source demo's cluster and settings); each step is appended below
 * `timeline:` with one write() and synced, so the file is a valid demo
 * after every step. The Scenario document comes last for that reason: the
 * loader takes it anywhere in the file.
 *
 * The file being written is PATH.part; recorder_finish adds the closing
 * pause, syncs and renames it to PATH, so PATH is either absent, the old
 * file, or the whole recording. After a crash PATH.part is the recording.
 */
#include "ksim/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#define FLOW_DEPTH_MAX 64

struct recorder {
	char *path, *part;
	int fd;
	off_t header_len;
	uint32_t nsteps;
};

/* --- YAML text --- */

/* s as a YAML double-quoted scalar (JSON escapes, which YAML reads alike). */
void scenario_yaml_quote(const char *s, struct strbuf *out)
{
	sb_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			sb_add(out, "\\\"");
			break;
		case '\\':
			sb_add(out, "\\\\");
			break;
		case '\n':
			sb_add(out, "\\n");
			break;
		case '\t':
			sb_add(out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_printf(out, "\\x%02x", *p);
			else
				sb_addc(out, (char)*p);
		}
	}
	sb_addc(out, '"');
}

/* A plain scalar that means the same in flow context: numbers, booleans, simple words. */
static bool plain_safe(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && !strchr("._/-", s[i]))
			return false;
	return true;
}

/* A node as flow YAML: plain scalars stay plain (so 2 stays a number), others are quoted. */
static void write_flow(yaml_document_t *doc, yaml_node_t *n, int depth, struct strbuf *out)
{
	if (!n || depth > FLOW_DEPTH_MAX) {
		sb_add(out, "null");
		return;
	}
	if (n->type == YAML_SCALAR_NODE) {
		const char *s = (const char *)n->data.scalar.value;
		size_t len = n->data.scalar.length;
		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && plain_safe(s, len))
			sb_addn(out, s, len);
		else
			scenario_yaml_quote(s, out);
	} else if (n->type == YAML_SEQUENCE_NODE) {
		sb_addc(out, '[');
		for (yaml_node_item_t *i = n->data.sequence.items.start;
		     i < n->data.sequence.items.top; i++) {
			if (i > n->data.sequence.items.start)
				sb_add(out, ", ");
			write_flow(doc, yaml_document_get_node(doc, *i), depth + 1, out);
		}
		sb_addc(out, ']');
	} else {
		sb_addc(out, '{');
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			if (p > n->data.mapping.pairs.start)
				sb_add(out, ", ");
			write_flow(doc, yaml_document_get_node(doc, p->key), depth + 1, out);
			sb_add(out, ": ");
			write_flow(doc, yaml_document_get_node(doc, p->value), depth + 1, out);
		}
		sb_addc(out, '}');
	}
}

static yaml_node_t *lookup(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static bool is_scenario(yaml_document_t *doc, yaml_node_t *root)
{
	yaml_node_t *kind = lookup(doc, root, "kind");

	return kind && kind->type == YAML_SCALAR_NODE &&
	       strcmp((const char *)kind->data.scalar.value, "Scenario") == 0;
}

/*
 * Splits a source (already validated by the session) into its manifests,
 * copied as written after a `---`, and its Scenario's spec settings other
 * than those the recording writes itself, as flow YAML lines.
 */
static void copy_source(const char *text, size_t len, struct strbuf *docs, struct strbuf *spec)
{
	static const char *const own[] = { "timeline", "start", "seed", "speed" };
	yaml_parser_t parser;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root;

		if (!yaml_parser_load(&parser, &doc))
			break;
		root = yaml_document_get_root_node(&doc);
		if (!root) {
			yaml_document_delete(&doc);
			break;
		}
		if (is_scenario(&doc, root)) {
			yaml_node_t *s = lookup(&doc, root, "spec");
			for (yaml_node_pair_t *p = s && s->type == YAML_MAPPING_NODE
						       ? s->data.mapping.pairs.start
						       : NULL;
			     p && p < s->data.mapping.pairs.top; p++) {
				yaml_node_t *k = yaml_document_get_node(&doc, p->key);
				bool skip = !k || k->type != YAML_SCALAR_NODE;
				for (size_t i = 0; !skip && i < ARRAY_LEN(own); i++)
					skip = strcmp((const char *)k->data.scalar.value, own[i]) ==
					       0;
				if (skip)
					continue;
				sb_printf(spec, "  %s: ", (const char *)k->data.scalar.value);
				write_flow(&doc, yaml_document_get_node(&doc, p->value), 0, spec);
				sb_addc(spec, '\n');
			}
		} else if (root->type != YAML_SCALAR_NODE) {
			sb_add(docs, "---\n");
			sb_addn(docs, text + root->start_mark.index,
				root->end_mark.index - root->start_mark.index);
			if (docs->len && docs->data[docs->len - 1] != '\n')
				sb_addc(docs, '\n');
		}
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
}

/* The file name without directory and extension, as a DNS subdomain name. */
static void recording_name(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = 0;

	for (const char *p = base; *p && *p != '.' && n + 1 < size && n < 63; p++) {
		char ch = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf[n++] = ch;
		else if (n && buf[n - 1] != '-')
			buf[n++] = '-';
	}
	while (n && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
	if (!n)
		snprintf(buf, size, "recording");
}

/* --- steps --- */

static void expect_yaml(const struct scenario_expect *x, struct strbuf *out)
{
	static const char *const names[] = {
		[EXPECT_GET] = "get", [EXPECT_COUNT] = "count", [EXPECT_EVENT] = "event", [EXPECT_OUTPUT] = "output"
	};
	const struct {
		const char *key, *val;
	} keys[] = {
		{ "field", x->field },     { "selector", x->selector }, { "namespace", x->ns },
		{ "node", x->node },       { "status", x->status },     { "phase", x->phase },
		{ "message", x->message }, { "contains", x->contains },
	};

	sb_printf(out, "{%s: ", names[x->kind]);
	scenario_yaml_quote(x->kind == EXPECT_EVENT ? x->reason : x->target, out);
	if (x->kind == EXPECT_EVENT && x->target) {
		sb_add(out, ", object: ");
		scenario_yaml_quote(x->target, out);
	}
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (keys[i].val) {
			sb_printf(out, ", %s: ", keys[i].key);
			scenario_yaml_quote(keys[i].val, out);
		}
	if (x->kind == EXPECT_COUNT)
		sb_printf(out, ", equals: %lld", (long long)x->number);
	else if (x->kind == EXPECT_EVENT && x->number >= 0)
		sb_printf(out, ", count: %lld", (long long)x->number);
	else if (x->equals && strcmp(x->equals, "null") == 0)
		sb_add(out, ", equals: null");
	else if (x->equals) {
		sb_add(out, ", equals: ");
		scenario_yaml_quote(x->equals, out);
	}
	sb_addc(out, '}');
}

void scenario_step_yaml(const struct scenario_step *st, struct strbuf *out)
{
	static const char *const actions[] = {
		[STEP_RUN] = "run", [STEP_KEY] = "key", [STEP_SAY] = "say"
	};

	if (st->action == STEP_PAUSE) {
		sb_add(out, "pause: true");
	} else if (st->action == STEP_EXPECT) {
		sb_add(out, "expect: [");
		for (uint32_t i = 0; i < st->nexpect; i++) {
			if (i)
				sb_add(out, ", ");
			expect_yaml(&st->expect[i], out);
		}
		sb_addc(out, ']');
	} else {
		sb_printf(out, "%s: ", actions[st->action]);
		scenario_yaml_quote(st->text, out);
	}
}

/* --- the file --- */

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_text(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;
	int rc;

	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(out, buf, n);
	rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

int recorder_open(const char *path, const struct recorder_source *src, int nsrc,
		  const struct session_options *o, double speed, struct recorder **out,
		  struct ksim_error *err)
{
	struct strbuf head, docs, spec;
	char name[64], start[40];
	struct recorder *rec;
	int rc = 0;

	*out = NULL;
	sb_init(&head);
	sb_init(&docs);
	sb_init(&spec);
	for (int i = 0; i < nsrc && rc == 0; i++) {
		struct strbuf text;
		sb_init(&text);
		if (src[i].text)
			sb_add(&text, src[i].text);
		else if (read_text(src[i].name, &text))
			rc = -1, error_set(err, "%s: cannot read it to record it: %s", src[i].name,
					   strerror(errno));
		copy_source(text.data, text.len, &docs, &spec);
		sb_free(&text);
	}
	if (rc) {
		sb_free(&head);
		sb_free(&docs);
		sb_free(&spec);
		return -1;
	}
	recording_name(path, name, sizeof name);
	time_rfc3339(o->start_ms, start, sizeof start);
	sb_add(
	    &head,
	    "# Recorded with `ksim record`: the starting manifests, then the Scenario with\n"
	    "# the timeline as it happened. `ksim play` replays it, `ksim run` runs it headless.\n");
	sb_add(&head, docs.data);
	sb_printf(&head,
		  "---\napiVersion: ksim.io/v1alpha1\nkind: Scenario\nmetadata:\n  name: %s\n"
		  "description: ",
		  name);
	{
		struct strbuf from;
		sb_init(&from);
		sb_add(&from, "Recorded from ");
		for (int i = 0; i < nsrc; i++)
			sb_printf(&from, "%s%s", i ? ", " : "", src[i].name);
		if (!nsrc)
			sb_add(&from, "the lab cluster");
		scenario_yaml_quote(from.data, &head);
		sb_free(&from);
	}
	sb_printf(&head, "\nspec:\n  start: %s\n  seed: %llu\n  speed: %g\n%s  timeline:\n", start,
		  (unsigned long long)o->seed, speed, spec.data);

	rec = xcalloc(1, sizeof *rec);
	rec->path = xstrdup(path);
	rec->part = xmalloc(strlen(path) + 6);
	sprintf(rec->part, "%s.part", path);
	rec->fd = open(rec->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (rec->fd < 0 || write_all(rec->fd, head.data, head.len) || fsync(rec->fd)) {
		error_set(err, "%s: cannot write the recording: %s", rec->part, strerror(errno));
		rc = -1;
	}
	rec->header_len = (off_t)head.len;
	sb_free(&head);
	sb_free(&docs);
	sb_free(&spec);
	if (rc) {
		if (rec->fd >= 0)
			unlink(rec->part);
		recorder_free(rec);
		return -1;
	}
	*out = rec;
	return 0;
}

int recorder_step(struct recorder *rec, int64_t at_ms, const char *body)
{
	struct strbuf sb;
	char at[40];
	int rc;

	sb_init(&sb);
	duration_short(at_ms, at, sizeof at);
	sb_printf(&sb, "  - at: %s\n    %s\n", at, body);
	/* one write() per step: a kill -9 leaves whole steps only */
	rc = write_all(rec->fd, sb.data, sb.len) || fdatasync(rec->fd) ? -1 : 0;
	sb_free(&sb);
	if (rc == 0)
		rec->nsteps++;
	return rc;
}

uint32_t recorder_steps(const struct recorder *rec)
{
	return rec->nsteps;
}

int recorder_rewind(struct recorder *rec)
{
	rec->nsteps = 0;
	if (ftruncate(rec->fd, rec->header_len) || lseek(rec->fd, 0, SEEK_END) < 0)
		return -1;
	return 0;
}

int recorder_finish(struct recorder *rec, int64_t end_ms, struct ksim_error *err)
{
	if (recorder_step(rec, end_ms, "pause: true") || fsync(rec->fd) || close(rec->fd)) {
		error_set(err, "%s: cannot write the recording: %s", rec->part, strerror(errno));
		return -1;
	}
	rec->fd = -1;
	if (rename(rec->part, rec->path)) {
		error_set(err, "cannot rename %s to %s: %s (the recording is in %s)", rec->part,
			  rec->path, strerror(errno), rec->part);
		return -1;
	}
	return 0;
}

const char *recorder_part(const struct recorder *rec)
{
	return rec->part;
}

void recorder_free(struct recorder *rec)
{
	if (!rec)
		return;
	if (rec->fd >= 0)
		close(rec->fd);
	free(rec->path);
	free(rec->part);
	free(rec);
}
