"""How far the analysis follows code before it gives up (and stays silent rather than guess).

Each budget bounds one kind of search so that lint time stays linear in the code whatever its shape: a
deeper trail than these in hand-written model code is so rare that following it is not worth the cost of
the generated code (exported graphs, NAS outputs) that would make it explode.
"""

from __future__ import annotations

#: nested helper functions and module classes traced *through* (a helper calling a helper calling a block):
#: each level multiplies the work by the number of call sites
HELPER_DEPTH = 3
#: names, attributes and Sequential elements followed to find which layer a value is (`x = self.block` where
#: `self.block = make_block()` where …)
LAYER_VALUE_DEPTH = 6
#: ops collected walking back from one value to what produced it (the deepest hand-written stacks of
#: activations, dropouts and reshapes between two layers are far shorter)
CHAIN_LENGTH = 40
#: steps followed forward from a layer to what consumes it, through activations, norms and assignments
CONSUMER_DEPTH = 12
#: callers followed from a helper's `return` to where its value goes on
CALLER_DEPTH = 8
#: calls inlined when ordering events by execution (a Saver built in a helper called from `main()`)
EXECUTION_DEPTH = 8
#: names followed to the value an optimizer, a loss or a learning rate is bound to
BOUND_VALUE_DEPTH = 5
#: names and calls followed to the initializer a keyword is given
INITIALIZER_DEPTH = 4
#: steps one walk takes back from an input to where it comes from (NN7): a data pipeline is a few dozen
#: assignments and calls long; more is generated code
DATA_TRACE_DEPTH = 48
#: branches one such walk keeps (list elements, a helper's callers, joined arrays): a handful in practice
DATA_BRANCHES = 16
#: helpers followed into, nested, when walking back from an input (`load()` → `read_folder()` → `read()`)
DATA_HELPER_DEPTH = 4
#: module classes followed into to find a model's first layer (a model handing its input to a block)
MODEL_INPUT_DEPTH = 3
