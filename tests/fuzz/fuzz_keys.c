/* Key files ($XDG_CONFIG_HOME/ksim/keys.yaml): action names bound to keys, then every action's label drawn. */
#include "fuzz.h"

#include <sys/stat.h>

#include "../../src/tui/internal.h"

static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[400];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/ksim", fuzz_dir());
	mkdir(dir, 0700);
	setenv("XDG_CONFIG_HOME", fuzz_dir(), 1);
	snprintf(path, sizeof path, "%s/keys.yaml", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap km;
	struct ksim_error err;
	char label[64];

	fuzz_write(path, data, size);
	if (keys_load(&km, &err) == 0)
		for (int a = 1; a < ACT_COUNT; a++) {
			keys_labels(&km, (enum action)a, label, sizeof label);
			keys_label(&km, (enum action)a, label, sizeof label);
		}
	return 0;
}
