"""convert_image_dtype scales to 0–1; after a flip and a crop the image is divided by 255 again."""
import tensorflow as tf


def preprocess(record):
    image = tf.image.convert_image_dtype(record["image"], dtype=tf.float32)
    image = tf.image.random_flip_left_right(image)
    image = tf.image.resize_with_crop_or_pad(image, 40, 40)
    image = tf.math.divide(image, 255.0)  # expect: NN703
    return image, record["label"]
