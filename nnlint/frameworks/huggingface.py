"""Hugging Face `transformers`, as far as the training rules need it: its learning-rate schedules (the
fine-tuning recipe: warm-up, then a smooth decay) and its AdamW."""

from __future__ import annotations

from .record import FrameworkRecord
from .spec import SMOOTH_DECAY, OptimizerSpec, ScheduleSpec

FW = "transformers"
_OPTIMIZER_ARG = (0, "optimizer")

SCHEDULES: dict[str, ScheduleSpec] = {}
for _name in ("get_linear_schedule_with_warmup", "get_cosine_schedule_with_warmup",
              "get_cosine_with_hard_restarts_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup",
              "get_inverse_sqrt_schedule", "get_wsd_schedule", "get_cosine_with_min_lr_schedule_with_warmup"):
    SCHEDULES[f"transformers.{_name}"] = ScheduleSpec(FW, True, _OPTIMIZER_ARG, SMOOTH_DECAY)
for _name in ("get_constant_schedule", "get_constant_schedule_with_warmup", "get_reduce_on_plateau_schedule"):
    SCHEDULES[f"transformers.{_name}"] = ScheduleSpec(FW, False, _OPTIMIZER_ARG)
#: `get_scheduler("cosine", optimizer, ...)`: the name decides
SCHEDULES["transformers.get_scheduler"] = ScheduleSpec(FW, "scheduler_name", (1, "optimizer"), SMOOTH_DECAY)
#: the names `get_scheduler` takes for a decaying schedule
DECAYING_SCHEDULER_NAMES = frozenset({"linear", "cosine", "cosine_with_restarts", "polynomial", "inverse_sqrt",
                                      "warmup_stable_decay", "cosine_with_min_lr"})

RECORD = FrameworkRecord(
    name=FW,
    roots=("transformers",),
    is_framework=False,  # a file that trains with it imports torch (or TF, or flax) too
    prefix_rewrites=(("transformers.optimization.", "transformers."),),
    optimizers={"transformers.AdamW": OptimizerSpec(FW, adam_family=True, lr=(1, "lr"))},
    schedules=SCHEDULES, decaying_scheduler_names=DECAYING_SCHEDULER_NAMES,
)
