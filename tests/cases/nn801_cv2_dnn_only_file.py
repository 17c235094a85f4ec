# Source: probe_data2 (the data2 helper's held-out set), b06: cv2 + numpy only, a model run with cv2.dnn.
import cv2
import numpy as np

net = cv2.dnn.readNetFromONNX("classifier.onnx")


def classify(path):
    img = cv2.imread(path)
    img = cv2.resize(img, (224, 224)).astype(np.float32) / 255.0
    h, w, c = img.shape
    blob = img.reshape(1, c, h, w)  # expect: NN801
    net.setInput(blob)
    return int(np.argmax(net.forward()))


print(classify("cat.jpg"))
