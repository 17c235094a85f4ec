# FP class (fresh held-out audit, audit2): Xavier/Glorot on a separately initialised linear output layer is
# silent by the contract, but two spellings were missed: a TF1 `tf.get_variable(..., initializer=xavier)` weight
# whose `matmul(h, W) + b` is the logits fed to the loss, and a torch layer bound to a plain name
# (`linear3 = nn.Linear(256, 10)` … `xavier_uniform(linear3.weight)`) that ends the Sequential. The hidden
# layers, which feed ReLUs, still fire.
# Distilled from hunkim/DeepLearningZeroToAll@60c707e:lab-10-3-mnist_nn_xavier.py:25-37 and
# pytorch/lab-10-3-mnist_nn_xavier.py:32-43.
import tensorflow as tf
import torch

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
W1 = tf.get_variable("W1", shape=[784, 256],
                     initializer=tf.contrib.layers.xavier_initializer())  # expect: NN301
b1 = tf.Variable(tf.random_normal([256]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
W2 = tf.get_variable("W2", shape=[256, 10], initializer=tf.contrib.layers.xavier_initializer())
b2 = tf.Variable(tf.random_normal([10]))
hypothesis = tf.matmul(L1, W2) + b2
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)

linear1 = torch.nn.Linear(784, 256, bias=True)
linear2 = torch.nn.Linear(256, 256, bias=True)
linear3 = torch.nn.Linear(256, 10, bias=True)
relu = torch.nn.ReLU()
torch.nn.init.xavier_uniform_(linear1.weight)  # expect: NN301
torch.nn.init.xavier_uniform_(linear2.weight)  # expect: NN301
torch.nn.init.xavier_uniform_(linear3.weight)
model = torch.nn.Sequential(linear1, relu, linear2, relu, linear3)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
