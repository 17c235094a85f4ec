"""Where inputs come from (analysis/data.py), how models take them (analysis/inputs.py), reshapes."""

from __future__ import annotations

import ast
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


def test_a_library_dataset_carries_its_transform_steps_to_the_batches():
    facts = facts_of("""
        import torch
        from torch.utils.data import DataLoader, Subset, random_split
        from torchvision import datasets, transforms
        tf = transforms.Compose([transforms.RandomCrop(24), transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        full = datasets.MNIST("data", transform=tf)
        part, _ = random_split(full, [50000, 10000])
        for images, labels in DataLoader(Subset(part, range(10)), batch_size=8):
            use(images)
            use(labels)
        for images, labels in DataLoader(datasets.MNIST("data"), batch_size=8):
            use(images)
    """)
    calls = facts.index.calls_by_function_name["use"]
    [batch] = facts.data.origins(calls[0].args[0], facts.index.scope_of(calls[0]))
    assert not batch.raw and [s.kind for s in batch.steps] == [STANDARDIZE, RANGE]  # nearest the use first
    assert [o.steps for o in facts.data.origins(calls[1].args[0], facts.index.scope_of(calls[1]))] == [()]
    [untransformed] = facts.data.origins(calls[2].args[0], facts.index.scope_of(calls[2]))
    assert not untransformed.raw and not untransformed.steps  # PIL images: the transform's business, unseen


def test_get_dummies_keeps_the_other_columns_only_when_it_names_the_encoded_ones():
    facts = facts_of("""
        import pandas as pd
        frame = pd.read_csv("a.csv")
        use(pd.get_dummies(frame, columns=["city"]).values)
        use(pd.get_dummies(frame).values)
    """)
    first, second = facts.index.calls_by_function_name["use"]
    assert all(o.unscaled_raw for o in facts.data.origins(first.args[0], facts.index.scope_of(first)))
    assert not any(o.raw for o in facts.data.origins(second.args[0], facts.index.scope_of(second)))


def test_small_constants_keep_the_magnitude_of_a_scaled_value():
    facts = facts_of("""
        import numpy as np
        x = np.loadtxt("a.txt") / 255.0
        use((x - 0.5) * 2 * 255)
    """)
    [origin] = origins_of(facts)
    assert [(s.kind, s.after_range_keeps_it) for s in origin.steps] == [
        (OTHER, False), (OTHER, True), (OTHER, True), (RANGE, False)]


def test_a_step_function_called_by_a_loop_is_a_training_call():
    facts = facts_of("""
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (tf.cast(a, tf.float32) / 255, b))
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
        def train_step(images, labels):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(model(images) - labels)
            tape.gradient(loss, model.trainable_variables)
        def evaluate(images):
            return model(images)
        for images, labels in ds:
            train_step(images, labels)
    """)
    [(call, given)] = [(c, g) for c, g in facts.data_sinks.loop_inputs if isinstance(g, ast.Name) and g.id == "images"]
    assert facts.index.enclosing_function(call).name == "train_step"
    [origin] = facts.data.origins(given, facts.index.scope_of(call))
    assert origin.raw and [s.kind for s in origin.steps] == [RANGE]  # the map's `/ 255`


def test_a_wrapper_model_is_the_model_it_wraps():
    facts = facts_of("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        other = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.fit(x_train, y_train)
        tf.keras.Sequential([model, tf.keras.layers.Softmax()]).predict(x_test)
        tf.keras.Model(model.input, tf.keras.layers.Softmax()(model.output)).predict(x_test)
        other.predict(x_test)
    """)
    sinks = facts.data_sinks
    [train] = [s for s in sinks.all if s.label == "fit()"]
    evaluations = [s for s in sinks.all if s.label == "predict()"]
    assert [sinks.same_model(train.model_key, s.model_key) for s in evaluations] == [True, True, False]


def test_reshape_suggestions_use_the_reshaped_arrays_library():
    facts = facts_of("""
        import numpy as np
        import tensorflow as tf
        import torch
        def gram(features):
            _, h, w, c = features.shape
            return tf.reshape(features, [-1, c, h * w])
        def to_tensor(img):
            h, w, c = img.shape
            return torch.from_numpy(img).view(1, c, h, w)
        def to_blob(path):
            img = np.asarray(open_image(path))
            h, w, c = img.shape
            return img.reshape(c, h, w)
    """)
    assert [s.suggestion for s in Reshapes(facts).scrambles()] == [
        "`tf.reshape(tf.transpose(features, [0, 3, 1, 2]), [-1, c, h * w])`",
        "`torch.from_numpy(img).permute(2, 0, 1).reshape(1, c, h, w)`",
        "`img.transpose(2, 0, 1)`",
    ]
