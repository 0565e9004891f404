/* Theme files (themes/NAME.yaml): roles, colours and attributes, read from a file as `--theme FILE` does. */
#include "fuzz.h"

#include "../../src/tui/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512];
	struct theme t;
	struct ksim_error err;

	snprintf(path, sizeof path, "%s/theme.yaml", fuzz_dir());
	fuzz_write(path, data, size);
	if (theme_load(path, &t, &err) == 0)
		for (int r = 0; r < ROLE_COUNT; r++)
			if (!role_name((enum role)r))
				abort();
	return 0;
}
