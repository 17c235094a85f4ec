import tensorflow as tf


def make_saver():
    return tf.train.Saver()  # expect: NN401


def main():
    loss = build_loss()
    saver = make_saver()
    optimizer = tf.train.RMSPropOptimizer(1e-3)
    grads = optimizer.compute_gradients(loss)
    train_op = optimizer.apply_gradients(grads)


if __name__ == "__main__":
    main()
