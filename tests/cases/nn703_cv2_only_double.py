# NN703 in a file that imports no deep-learning framework: cv2 + onnxruntime preprocessing.
import cv2
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("classifier.onnx")


def preprocess(path):
    img = cv2.imread(path).astype(np.float32) / 255.0
    img = cv2.resize(img, (224, 224))
    return (img / 255.0).transpose(2, 0, 1)[None]  # expect: NN703


print(session.run(None, {"input": preprocess("cat.jpg")}))
