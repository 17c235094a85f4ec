# Source: probe_data2 (the data2 helper's held-out set), c13: clean look-alike (transpose first, then reshape).
import cv2
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("yolov5s.onnx", providers=["CPUExecutionProvider"])


def preprocess(path, size=640):
    img = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
    img = cv2.resize(img, (size, size))
    h, w, c = img.shape
    chw = img.transpose(2, 0, 1).reshape(1, c, h, w)
    return np.ascontiguousarray(chw, dtype=np.float32) / 255.0


outputs = session.run(None, {"images": preprocess("street.jpg")})
print(outputs[0].shape)
