"""Training pixels divided by 255; the test images go to predict() raw."""
from tensorflow import keras

(images, digits), (test_images, test_digits) = keras.datasets.mnist.load_data()
images = images / 255.0
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"),
                          keras.layers.Dense(10)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(images, digits, epochs=2)
scores = model.predict(test_images[:16])  # expect: NN702
