# Decision: a file that imports only numpy (no image reader, inference runtime, framework, nor a known layout's
# pickles) is not a model's input pipeline, and nnlint does not read it: this relabelling stays silent (docs/decisions.md).
import numpy as np


def table(values):
    rows, cols = values.shape
    return values.reshape(cols, rows)


print(table(np.arange(6).reshape(2, 3)))
