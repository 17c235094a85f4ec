import tensorflow as tf
from tensorflow.keras import Input, Model, layers, losses, optimizers


def build_multi_head(vocab, n_topics):
    tokens = Input(shape=(None,), dtype="int32", name="tokens")
    x = layers.Embedding(vocab, 128, embeddings_initializer="uniform")(tokens)
    x = layers.Conv1D(128, 5, activation="relu", kernel_initializer="he_normal")(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(64, activation="relu", kernel_initializer="he_normal")(x)
    spam = layers.Dense(1, activation="sigmoid", name="spam", kernel_initializer="he_normal")(x)
    topic = layers.Dense(n_topics, name="topic", kernel_initializer="he_normal")(x)
    rating = layers.Dense(1, name="rating", kernel_initializer="he_normal")(x)
    model = Model(tokens, [spam, topic, rating])
    model.compile(
        optimizer=optimizers.Adam(),
        loss={
            "spam": "binary_crossentropy",
            "topic": losses.SparseCategoricalCrossentropy(from_logits=True),
            "rating": "mse",
        },
        loss_weights={"spam": 1.0, "topic": 0.5, "rating": 0.1},
    )
    return model
