"""The training split is scaled by a StandardScaler, the test split by its own mean and std."""
import numpy as np
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

data = np.load("x.npz")
x_train, x_test = data["a"], data["b"]
x_train = StandardScaler().fit_transform(x_train)
x_test = (x_test - x_test.mean(axis=0)) / x_test.std(axis=0)  # expect: NN702
