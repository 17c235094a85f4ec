# FP class (fresh held-out audit, audit2): the NN301 output-layer exemption (a fixed init of std <= 0.1 on the
# model's output layer alone) missed two spellings: the output Dense followed by a separate
# `Activation('softmax')` layer (the activation was taken for the head), and an initializer object bound to a
# name that only the output layer reads. Look-alikes that fire: the same small init on a hidden layer, and one
# initializer object shared by hidden and output layers (one finding, where it is bound).
# Distilled from hunkim/DeepLearningZeroToAll@60c707e:keras/klab-10-1-mnist_softmax.py:45-48 and
# Hvass-Labs/TensorFlow-Tutorials@d5f3397:23_Time-Series-Prediction.ipynb (cell "Maybe use lower init-ranges").
from keras import initializers
from keras.initializers import RandomUniform
from keras.layers import GRU, Activation, Dense
from keras.models import Sequential

softmax_regression = Sequential()
softmax_regression.add(Dense(units=10, input_dim=784,
                             kernel_initializer=initializers.random_normal(stddev=0.01), use_bias=True))
softmax_regression.add(Activation('softmax'))
softmax_regression.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

mlp = Sequential()
mlp.add(Dense(units=256, input_dim=784,
              kernel_initializer=initializers.random_normal(stddev=0.01)))  # expect: NN301
mlp.add(Activation('relu'))
mlp.add(Dense(units=10, kernel_initializer=initializers.random_normal(stddev=0.01)))
mlp.add(Activation('softmax'))
mlp.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])

regressor = Sequential()
regressor.add(GRU(units=512, return_sequences=True, input_shape=(None, 20)))
init = RandomUniform(minval=-0.05, maxval=0.05)
regressor.add(Dense(3, activation='linear', kernel_initializer=init))
regressor.compile(loss='mse', optimizer='rmsprop')

shared = Sequential()
small = RandomUniform(minval=-0.05, maxval=0.05)  # expect: NN301
shared.add(Dense(64, activation='relu', input_shape=(20,), kernel_initializer=small))
shared.add(Dense(3, kernel_initializer=small))
shared.compile(loss='mse', optimizer='rmsprop')
