import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def model_fn(features, labels, mode, params):
    he = tf.variance_scaling_initializer(scale=2.0, mode="fan_in")
    net = tf.layers.conv2d(features["image"], 64, 3, padding="same", use_bias=False, kernel_initializer=he)
    net = tf.layers.batch_normalization(net, training=mode == tf.estimator.ModeKeys.TRAIN)
    net = tf.nn.relu(net)
    net = tf.layers.max_pooling2d(net, 2, 2)
    net = tf.layers.flatten(net)
    net = tf.layers.dense(net, 256, activation=tf.nn.relu, kernel_initializer=he)
    logits = tf.layers.dense(net, params["n_classes"], kernel_initializer=he)
    predictions = {"classes": tf.argmax(logits, axis=1), "probabilities": tf.nn.softmax(logits)}
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    optimizer = tf.train.AdamOptimizer(learning_rate=params["lr"])
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    scaffold = tf.train.Scaffold(saver=tf.train.Saver(max_to_keep=3, keep_checkpoint_every_n_hours=1))
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, scaffold=scaffold)


def main():
    est = tf.estimator.Estimator(model_fn=model_fn, model_dir="/tmp/est", params={"n_classes": 10, "lr": 1e-3})
    est.train(input_fn=lambda: None, steps=1000)
