# Decision: a file that imports no deep-learning framework is read only by the input-pipeline rules (NN703,
# NN801): this scikit-learn model on cv2 features re-fits its scaler on the test data, and NN702 stays silent
# (it is about a network's inputs; docs/decisions.md).
import cv2
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

features = np.array([cv2.HOGDescriptor().compute(cv2.imread(f"img{i}.png")).ravel() for i in range(100)])
labels = np.arange(100) % 2
X_train, X_test, y_train, y_test = train_test_split(features, labels)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.fit_transform(X_test)
print(SVC().fit(X_train, y_train).score(X_test, y_test))
