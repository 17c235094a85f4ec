"""Where inputs come from (analysis/data.py), how models take them (analysis/inputs.py), reshapes."""

from __future__ import annotations

import textwrap

from nnlint.analysis.data import TEST, TRAIN
from nnlint.analysis.reshapes import Reshapes
from nnlint.document import Document
from nnlint.facts import ModuleFacts
from nnlint.frameworks.data import EMBEDS, LEARNED_INPUT, NORMALIZES, OTHER, RANGE, STANDARDIZE


def facts_of(code: str) -> ModuleFacts:
    return ModuleFacts(Document.from_text(textwrap.dedent(code).lstrip("\n"), "<test>"))


def origins_of(facts: ModuleFacts, call_name: str = "use"):
    """The origins of the first argument of the (first) call of `use(...)`."""
    call = facts.index.calls_by_function_name[call_name][0]
    return facts.data.origins(call.args[0], facts.index.scope_of(call))


def test_bundled_dataset_parts_are_raw_inputs_and_labels_are_not():
    facts = facts_of("""
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        use(x_test)
        use(y_train)
    """)
    [test] = origins_of(facts)
    assert test.raw and test.unscaled_raw and test.split == TEST
    second = facts.index.calls_by_function_name["use"][1]
    assert not any(o.raw for o in facts.data.origins(second.args[0], facts.index.scope_of(second)))


def test_splits_scalers_and_arithmetic_are_steps_on_the_way():
    facts = facts_of("""
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        frame = pd.read_csv("a.csv")
        X_train, X_test, y_train, y_test = train_test_split(frame.values, frame["y"])
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_train = (X_train - 1.5) / X_train.std()
        use(X_train)
    """)
    [origin] = origins_of(facts)
    assert origin.raw and origin.split == TRAIN and origin.source_name == "pandas.read_csv"
    assert [s.kind for s in origin.steps] == [STANDARDIZE, OTHER, "fitted"]


def test_a_list_filled_in_a_loop_and_a_helper_with_its_callers():
    facts = facts_of("""
        import cv2
        import numpy as np
        def read(path):
            return cv2.resize(cv2.imread(path), (32, 32))
        images = []
        for p in paths:
            images.append(read(p))
        use(np.array(images) / 255.0)
    """)
    [origin] = origins_of(facts)
    assert origin.source_name == "cv2.imread" and [s.kind for s in origin.steps] == [RANGE]


def test_a_value_changed_in_place_is_not_followed():
    facts = facts_of("""
        import numpy as np
        x = np.loadtxt("a.csv")
        x[:, 0] = x[:, 0] / 100.0
        use(x)
    """)
    assert not any(o.raw for o in origins_of(facts))
    helper = facts_of("""
        import numpy as np
        from mylib import normalize_columns
        x = np.loadtxt("a.csv")
        normalize_columns(x)
        use(x)
    """)
    assert not any(o.raw for o in origins_of(helper))


def test_a_pil_image_is_raw_only_once_made_an_array():
    facts = facts_of("""
        import numpy as np
        from PIL import Image
        img = Image.open("a.png").convert("RGB")
        pixels = np.asarray(img)
        use(img)
        use(pixels)
    """)
    [as_object] = origins_of(facts)
    assert as_object.raw and as_object.needs_array and not as_object.unscaled_raw
    call = facts.index.calls_by_function_name["use"][1]
    [as_array] = facts.data.origins(call.args[0], facts.index.scope_of(call))
    assert as_array.unscaled_raw


def test_a_mapped_function_clears_nn701_but_its_range_step_counts():
    facts = facts_of("""
        import tensorflow as tf
        ds = tf.keras.utils.image_dataset_from_directory("d")
        resized = ds.map(lambda x, y: (tf.image.resize(x, (64, 64)), y))
        scaled = ds.map(lambda x, y: (x / 255.0, y))
        use(resized)
        use(scaled)
    """)
    [resized] = origins_of(facts)
    assert resized.raw and [s.kind for s in resized.steps] == [OTHER]
    call = facts.index.calls_by_function_name["use"][1]
    [scaled] = facts.data.origins(call.args[0], facts.index.scope_of(call))
    assert [s.kind for s in scaled.steps] == [RANGE]


def test_how_models_take_their_input():
    facts = facts_of("""
        import torch.nn as nn
        from tensorflow import keras
        rescaled = keras.Sequential([keras.layers.RandomFlip(), keras.layers.Rescaling(1 / 255), keras.layers.Dense(3)])
        ids = keras.Sequential([keras.layers.Embedding(100, 8), keras.layers.Dense(3)])
        conv = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))

        class Scaled(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)

            def forward(self, x):
                return self.fc(x / 255.0)

        scaled = Scaled()
    """)
    inputs = facts.data_sinks.inputs
    scope = facts.values.module_scope

    def kind(name):
        return inputs.of_construction(scope.single_binding(name).value, scope)

    assert kind("rescaled").kind == NORMALIZES and kind("rescaled").rescaling is not None
    assert kind("ids").kind == EMBEDS
    assert kind("conv").kind == LEARNED_INPUT
    assert kind("scaled").kind == NORMALIZES


def test_reshapes_know_dimensions_only_of_the_same_binding():
    facts = facts_of("""
        import torch
        def f(x, conv):
            b, c, h, w = x.shape
            same = x.view(b, h, w, c)
            x = conv(x)
            rebound = x.view(b, h, w, c)
            merged = x.reshape(b, c, h * w)
            return same, rebound, merged
    """)
    scrambles = Reshapes(facts).scrambles()
    assert [s.call.lineno for s in scrambles] == [4]
    assert scrambles[0].layout == "b, c, h, w" and scrambles[0].suggestion == "`x.permute(0, 2, 3, 1)`"
