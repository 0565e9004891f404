/*
 * `kubectl describe` for a kind kubectl has no describer of its own for
 * (ControllerRevisions): describe.go genericDescriber. Name, Namespace,
 * Labels and Annotations, then every field of the object as `-o json` has
 * it (printUnstructuredContent: keys sorted, maps and lists one level
 * deeper, each key through smartLabelFor), then the events.
 */
#include <ctype.h>
#include <string.h>

#include "internal.h"

/* camelcase.Split's classes: lower, upper, digit, anything else. */
static int char_class(char c)
{
	return islower((unsigned char)c)   ? 1
	       : isupper((unsigned char)c) ? 2
	       : isdigit((unsigned char)c) ? 3
					   : 4;
}

/*
 * camelcase.Split (github.com/fatih/camelcase): a word starts where the class
 * changes, except that an upper-case run's last letter begins the lower-case
 * word after it ("PDFLoader": "PDF", "Loader").
 */
static bool word_starts(const char *field, const char *s)
{
	int prev, cur;

	if (s == field)
		return false;
	prev = char_class(s[-1]);
	cur = char_class(*s);
	if (prev == 2 && cur == 2)
		return s[1] && char_class(s[1]) == 1;
	return prev != cur && !(prev == 2 && cur == 1);
}

/* smartLabelFor: each part title-cased, or upper-cased when an acronym; a name with other characters as written. */
static void smart_label(const char *field, struct strbuf *out)
{
	static const char *const acronyms[] = { "API", "URL", "UID", "OSB", "GUID" };

	if (strspn(field, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != strlen(field)) {
		sb_add(out, field);
		return;
	}
	for (const char *part = field; *part;) {
		const char *end = part + 1;
		char word[64];
		size_t n;
		bool acronym = false;
		while (*end && !word_starts(field, end))
			end++;
		n = (size_t)(end - part) < sizeof word ? (size_t)(end - part) : sizeof word - 1;
		for (size_t i = 0; i < n; i++)
			word[i] = (char)toupper((unsigned char)part[i]);
		word[n] = '\0';
		for (size_t i = 0; i < ARRAY_LEN(acronyms); i++)
			acronym |= strcmp(word, acronyms[i]) == 0;
		if (part != field)
			sb_addc(out, ' ');
		sb_printf(out, "%c%.*s", word[0], (int)n - 1, acronym ? word + 1 : part + 1);
		part = end;
	}
}

static void content(struct strbuf *sb, const struct tree *t, int level, bool in_metadata);

static void value_line(struct strbuf *sb, const struct tree *v, int level)
{
	struct strbuf text;

	sb_init(&text);
	tree_go(v, &text);
	dwrite(sb, level, "%s\n", text.data ? text.data : "");
	sb_free(&text);
}

/* in_metadata: the header printed .metadata.name, .namespace, .labels and .annotations already. */
static void content(struct strbuf *sb, const struct tree *t, int level, bool in_metadata)
{
	static const char *const header[] = { "name", "namespace", "labels", "annotations" };

	for (uint32_t i = 0; i < tree_len(t); i++) {
		const struct tree *kid = tree_at(t, i);
		const char *key = tree_key(kid);
		enum tree_kind kk = tree_kind_of(kid);
		bool skip = false;
		for (size_t h = 0; in_metadata && h < ARRAY_LEN(header); h++)
			skip |= strcmp(key, header[h]) == 0;
		if (skip)
			continue;
		for (int l = 0; l < level; l++)
			sb_add(sb, "  ");
		smart_label(key, sb);
		if (kk == TK_MAP) {
			sb_add(sb, ":\n");
			content(sb, kid, level + 1, level == 0 && strcmp(key, "metadata") == 0);
		} else if (kk == TK_LIST) {
			sb_add(sb, ":\n");
			for (uint32_t j = 0; j < tree_len(kid); j++) {
				const struct tree *item = tree_at(kid, j);
				if (tree_kind_of(item) == TK_MAP)
					content(sb, item, level + 1, false);
				else
					value_line(sb, item, level + 1);
			}
		} else {
			sb_add(sb, ":\t");
			value_line(sb, kid, 0);
		}
	}
}

void describe_unstructured(const struct kubectl *k, enum kind kind, uint32_t idx, struct strbuf *out)
{
	const struct meta *m = cluster_meta(k->c, kind, idx);
	struct tree *t = api_object_tree(k->c, kind, idx);

	dwrite(out, 0, "Name:\t%s\n", cluster_str(k->c, m->name));
	dwrite(out, 0, "Namespace:\t%s\n", cluster_str(k->c, m->ns));
	describe_labels(k->c, out, "", "Labels", m->labels);
	describe_annotations(k->c, out, "Annotations", m->annotations);
	content(out, t, 0, false);
	tree_free(t);
	describe_events(k, kind, m, out);
}
