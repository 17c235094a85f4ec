# Source: probe_data failure repro (held-out review of issue 12; corpus t25).
# MISS (NN801): a reshape that relabels HWC as CHW is silent in a file that imports no torch/tensorflow/keras/jax (numpy + onnxruntime here; torchvision-, cv2- or PIL-only files too); the same code fires once `import torch` is added (corpus: t25).
import numpy as np
import onnxruntime as ort


def preprocess(image):
    h, w, c = image.shape
    return image.reshape(c, h, w)  # expect: NN801


session = ort.InferenceSession("model.onnx")
print(session.run(None, {"input": preprocess(np.zeros((224, 224, 3), np.float32))[None]}))
