"""`StandardScaler().fit(train)` is the scaler; predict() then gets the raw rows. A display of a twice-divided
image is not an input (no NN703), and `.contiguous()` keeps the layout a view relabels."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
plt.imshow(x_train[0] / 255.0)
feats = np.loadtxt("f.csv")
tr, te = feats[:100], feats[100:]
scaler = StandardScaler().fit(tr)
model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(scaler.transform(tr), tr[:, 0])
model.predict(te)  # expect: NN702


def channels_last(x):
    b, c, h, w = x.shape
    return x.contiguous().view(b, h, w, c)  # expect: NN801
