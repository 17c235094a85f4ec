"""Method and keyword names of the frameworks' training APIs, so rules never spell them.

Qualified names (classes, functions) live in the other tables; these are the attribute, keyword and
key names that code uses on objects nnlint cannot type: `opt.minimize(...)`, `model.fit(batch_size=1)`,
`g["lr"] *= 0.9`.
"""

from __future__ import annotations

#: TF1 optimizer methods that build the train op (and the optimizer's slot variables)
TRAIN_OP_METHODS = frozenset({"minimize", "apply_gradients"})
#: Keras `model.compile(optimizer, loss)`: (position, keyword) of each
COMPILE_METHOD = "compile"
COMPILE_OPTIMIZER = (0, "optimizer")
COMPILE_LOSS = (1, "loss")
#: Keras training calls that take `batch_size=`
FIT_METHODS = frozenset({"fit", "fit_generator"})
BATCH_SIZE_KEYWORD = "batch_size"
#: Keras checkpoints: weights only (no optimizer state) vs the whole model
WEIGHTS_ONLY_SAVE_METHOD = "save_weights"
FULL_SAVE_METHOD = "save"
#: torch.utils.data.DataLoader: (position, keyword) of the batch size; a batch sampler replaces it
LOADER_BATCH_SIZE = (1, "batch_size")
LOADER_BATCH_SAMPLER = "batch_sampler"
#: torch optimizers' mutable learning rates: `optimizer.param_groups[i]["lr"]`
PARAM_GROUPS_ATTRIBUTE = "param_groups"
PARAM_GROUP_LR_KEY = "lr"
#: iterating these visits biases and embeddings too
PARAMETER_ITERATORS = frozenset({"parameters", "named_parameters"})
#: keyword saying a Keras loss receives logits
FROM_LOGITS_KEYWORD = "from_logits"
#: keywords naming the axis a softmax normalises over
SOFTMAX_AXIS_KEYWORDS = ("dim", "axis")
#: TF1 variables: the initializer keyword, and the factory that defaults to glorot_uniform
VARIABLE_INITIALIZER_KEYWORD = "initializer"
GET_VARIABLE = "tensorflow.get_variable"
#: layers of the retired tf.contrib (their own defaults; not NN302's business)
CONTRIB_PREFIX = "tensorflow.contrib."
#: method calls that only happen in training code
TRAINING_METHODS = frozenset({"backward", "fit", "compile", "minimize", "apply_gradients", "train_on_batch",
                              "fit_generator", "zero_grad"})
#: qualified-name prefixes that only appear in training code
TRAINING_PREFIXES = ("torch.optim.", "keras.optimizers.", "tensorflow.train.", "optax.", "torch.utils.data.DataLoader")
#: keywords that hand a layer its activation (keras/tf.layers `activation=`, tf.contrib `activation_fn=`)
ACTIVATION_KEYWORDS = frozenset({"activation", "activation_fn"})
#: torch modules and optimizers hand out their state with this method
STATE_DICT_METHOD = "state_dict"
#: TF1 functions that read rows of an embedding table (their first argument)
EMBEDDING_LOOKUPS = frozenset({"tensorflow.nn.embedding_lookup", "tensorflow.nn.embedding_lookup_sparse",
                               "tensorflow.gather"})
#: TF1 `Saver(var_list)`: what it saves, when given
SAVER_VAR_LIST = (0, "var_list")
#: torch DataLoader's dataset argument
LOADER_DATASET = (0, "dataset")
#: where a schedule's "does it decay?" arguments sit, by the `ScheduleSpec.decays` mode that reads them
SCHEDULE_END_FACTOR = (None, "end_factor")  # torch LinearLR; default 1.0 (no decay)
SCHEDULE_INIT_VALUE = (0, "init_value")  # optax linear/polynomial schedules
SCHEDULE_END_VALUE = (1, "end_value")
SCHEDULE_BOUNDARIES_AND_SCALES = (1, "boundaries_and_scales")  # optax piecewise_constant_schedule
SCHEDULE_LR_LAMBDA = (1, "lr_lambda")  # torch LambdaLR / MultiplicativeLR
#: tensor methods that multiply two tensors (`q.matmul(k.transpose(-2, -1))`)
PRODUCT_METHODS = frozenset({"matmul", "bmm", "mm"})
#: tensor methods and helpers that only split, move or reshape a projection's output on its way to an attention
#: product (`qkv.chunk(3, dim=-1)`, `k.transpose(-2, -1)`, einops `rearrange(t, ...)`)
RESHAPING_METHODS = frozenset({"chunk", "split", "unbind", "transpose", "permute", "view", "reshape", "contiguous",
                               "unflatten", "flatten", "squeeze", "unsqueeze", "swapaxes", "float", "to", "type_as"})
#: Keras custom layers make their weights with `self.add_weight(name, shape, initializer=...)`
ADD_WEIGHT_METHODS = frozenset({"add_weight", "add_variable"})
ADD_WEIGHT_INITIALIZER = "initializer"
#: checkpointing (NN402): Keras ModelCheckpoint's keywords, loads that restore a model, saves of a checkpoint object
CHECKPOINT_WEIGHTS_ONLY = "save_weights_only"
CHECKPOINT_BEST_ONLY = "save_best_only"
CHECKPOINT_CALLBACKS_KEYWORD = "callbacks"
LOAD_METHODS = frozenset({"load_state_dict", "load_weights", "restore", "restore_or_initialize"})
CHECKPOINT_SAVE_METHODS = frozenset({"save", "write"})
#: calls that take a training step: `optimizer.step()`, `loss.backward()`, Keras `fit`, TF2 `apply_gradients`
OPTIMIZER_STEP_METHOD = "step"
TRAINING_STEP_METHODS = frozenset({"backward", "fit", "fit_generator", "train_on_batch", "apply_gradients",
                                   "minimize"})
#: `model.train()` (torch), `model.compile(...)` (Keras): the receiver is a model being trained
TRAIN_MODE_METHODS = frozenset({"train", "compile", "fit", "fit_generator", "train_on_batch"})
#: argparse: `opt = parser.parse_args()` is a namespace of options, not an optimizer
ARGUMENT_PARSING_METHODS = frozenset({"parse_args", "parse_known_args"})
#: where a schedule's deciding arguments sit (see `ScheduleSpec.decays`): a Keras LearningRateScheduler's
#: function, a get_scheduler's name, a MultiplicativeLR's factor function
SCHEDULE_FUNCTION = (0, "schedule")
SCHEDULER_NAME = (0, "name")
SCHEDULE_LR_FACTOR = (1, "lr_lambda")
#: torch schedulers advance with `scheduler.step()`
SCHEDULER_STEP_METHOD = "step"
#: math functions whose use in a schedule's function says its shape: a cosine is smooth, an exp geometric
COSINE_FUNCTIONS = frozenset({"cos"})
EXPONENTIAL_FUNCTIONS = frozenset({"exp"})
#: a custom Keras loss subclasses `keras.losses.Loss` and computes it in `call(y_true, y_pred)`
LOSS_BASE_CLASS = "Loss"
LOSS_CALL_METHOD = "call"
