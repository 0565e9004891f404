/*
 * kubectl cordon / uncordon (NODE... | -l SELECTOR): spec.unschedulable
 * through engine_node_cordon(), which also keeps the
 * node.kubernetes.io/unschedulable taint; drain cordons the same way.
 */
#include "ksim/kubectl.h"

#include "write.h"

void node_cordon(struct kubectl *k, uint32_t node, bool on)
{
	static const char *const said[2][2] = {
		{ "uncordoned", "cordoned" },
		{ "already uncordoned", "already cordoned" },
	};
	const struct node *n = cluster_get(k->c, KIND_NODE, node);
	bool already = n->unschedulable == on;

	if (!already)
		engine_node_cordon(k->e, node, on);
	kubectl_operation_print(k, KIND_NODE, node, said[already][on]);
}

static int cordon_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	(void)kind;
	node_cordon(k, idx, *(const bool *)ctx);
	return 0;
}

static int cordon_run(struct kubectl *k, int argc, char **argv, bool on)
{
	const char *selector = NULL;
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &selector, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	return pick_nodes(k, argv[0], selector, argc, argv, cordon_one, &on);
}

static int cordon_exec(struct kubectl *k, int argc, char **argv)
{
	return cordon_run(k, argc, argv, true);
}

static int uncordon_exec(struct kubectl *k, int argc, char **argv)
{
	return cordon_run(k, argc, argv, false);
}

const struct kubectl_verb kubectl_cordon = {
	.name = "cordon",
	.usage = "cordon NODE [-l SELECTOR]",
	.summary = "Mark node as unschedulable",
	.exec = cordon_exec,
};

const struct kubectl_verb kubectl_uncordon = {
	.name = "uncordon",
	.usage = "uncordon NODE [-l SELECTOR]",
	.summary = "Mark node as schedulable",
	.exec = uncordon_exec,
};
