# FP class I8c (issue 11: NN402 on "a save_weights override that nothing calls"). The model class overrides
# save_weights to also write its config; nothing in the file calls it, and the script saves
# nothing else (the checkpointing lives in another module).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import json

import tensorflow as tf


class TextClassifier(tf.keras.Model):
    def __init__(self, vocab_size=20000, units=64, **kwargs):
        super().__init__(**kwargs)
        self.config_ = {"vocab_size": vocab_size, "units": units}
        self.embedding = tf.keras.layers.Embedding(vocab_size, units)
        self.pool = tf.keras.layers.GlobalAveragePooling1D()
        self.out = tf.keras.layers.Dense(1)

    def call(self, tokens):
        return self.out(self.pool(self.embedding(tokens)))

    def save_weights(self, filepath, **kwargs):
        with open(filepath + ".json", "w") as f:
            json.dump(self.config_, f)
        super().save_weights(filepath, **kwargs)


model = TextClassifier()
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(tf.zeros((8, 10), tf.int32), tf.zeros((8, 1)), epochs=2)

