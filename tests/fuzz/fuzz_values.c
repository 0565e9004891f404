/*
 * The small value parsers every file goes through: quantities ("100m",
 * "1.5Gi", "1e3"), durations ("1h30m", "+10s" in demos), RFC 3339 times,
 * and label selectors (kubectl -l syntax), each fed the input's first
 * line, and formatted back where a formatter exists.
 */
#include "fuzz.h"

#include "ksim/labels.h"
#include "ksim/manifest.h"

static void select_and_format(const char *text)
{
	struct strtab *st = strtab_new();
	struct labeltab *lt = labeltab_new(st);
	struct selector sel;
	struct ksim_error err;
	struct strbuf sb;

	sb_init(&sb);
	selector_init(&sel);
	if (selector_parse(lt, text, &sel, &err) == 0) {
		selector_format(lt, &sel, &sb);
		(void)selector_matches(lt, &sel, 0);
	}
	selector_free(&sel);
	sb_free(&sb);
	labeltab_free(lt);
	strtab_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), buf[64];
	int64_t v;

	text[strcspn(text, "\n")] = '\0';
	if (quantity_parse(text, &v) == 0)
		quantity_format_bytes(v, buf, sizeof buf);
	(void)quantity_parse_milli(text, &v);
	if (duration_parse(text, &v) == 0) {
		duration_human(v, buf, sizeof buf);
		duration_short(v, buf, sizeof buf);
	}
	if (time_parse_rfc3339(text, &v) == 0)
		time_rfc3339(v, buf, sizeof buf);
	select_and_format(text);
	free(text);
	return 0;
}
