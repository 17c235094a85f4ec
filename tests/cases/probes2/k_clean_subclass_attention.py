import tensorflow as tf
from tensorflow.keras import layers


class BahdanauAttention(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.W1 = layers.Dense(units)
        self.W2 = layers.Dense(units)
        self.V = layers.Dense(1)

    def call(self, query, values):
        score = self.V(tf.nn.tanh(self.W1(query[:, None, :]) + self.W2(values)))
        weights = tf.nn.softmax(score, axis=1)
        return tf.reduce_sum(weights * values, axis=1), weights


class SentimentModel(tf.keras.Model):
    def __init__(self, vocab, units=64):
        super().__init__()
        self.emb = layers.Embedding(vocab, 100)
        self.rnn = layers.GRU(units, return_sequences=True, return_state=True)
        self.attn = BahdanauAttention(units)
        self.hidden = layers.Dense(units, activation="relu", kernel_initializer="he_uniform")
        self.out = layers.Dense(3, kernel_initializer="he_uniform")

    def call(self, x):
        seq, state = self.rnn(self.emb(x))
        ctx, _ = self.attn(state, seq)
        return self.out(self.hidden(ctx))


model = SentimentModel(20000)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
checkpoint = tf.train.Checkpoint(model=model, optimizer=model.optimizer)
