# FN class I18 / v4 probe (NN103 with a separate softmax): a one-unit Dense followed by Activation('softmax') always
# outputs 1, whatever the input (five real Stack Overflow cases in the labelled bug benchmarks issue 11 cites).
# Source: the pattern as issue 11 describes it; its real-code sources are in the held-out set, not in this corpus.
from keras.layers import Activation, Dense, Dropout
from keras.models import Sequential

model = Sequential()
model.add(Dense(64, input_dim=20, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(1))
model.add(Activation("softmax"))  # expect: NN103
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
