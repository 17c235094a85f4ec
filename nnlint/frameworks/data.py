"""The data libraries, as data: where raw inputs come from, which steps scale them, which only pass them on,
and which calls train or evaluate a model on them (NN701–NN703, NN801).

One `DataRecord` per library (numpy, pandas, scikit-learn, torch data utilities, torchvision transforms,
tf.data and tf.image, Keras datasets/preprocessing/applications, the image readers, TensorFlow Datasets,
pickle); the tables at the bottom are built by iterating over `DATA_RECORDS`, as `frameworks/__init__.py`
does for the model frameworks. Names are canonical qualified names (`keras.` for every Keras spelling).

What is not listed is unknown, and unknown is never "no scaling": a value that passes through a function
nnlint does not know is not followed, and the data rules stay silent about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .record import merged, union

# -- raw source layouts: what a source returns, for `analysis/data.py` to select from -------------------------
#: `((x_train, y_train), (x_test, y_test))` with raw inputs `x` (Keras' bundled datasets)
SPLIT_ARRAYS = "split-arrays"
#: raw numeric features: a table or array whose columns (string keys, indices) are all raw
TABLE = "table"
#: one image as an array of 0–255 pixel values
IMAGE = "image"
#: an image object (PIL): raw pixels once converted to an array (`np.array(img)`)
IMAGE_OBJECT = "image-object"
#: a dataset whose elements are (images of 0–255 pixels, labels)
IMAGE_DATASET = "image-dataset"
#: `tfds.load(...)`: raw images when the dataset is an image dataset and elements are (image, label) pairs
TFDS = "tfds"
#: an unpickled object: only documented layouts are known (CIFAR-10/100 python pickles, for NN801)
PICKLED = "pickled"

# -- scaling kinds ------------------------------------------------------------------------------------------
#: maps 0–255 onto a fixed range: `/ 255`, `* (1 / 255)`, `ToTensor()`, `convert_image_dtype(x, float32)`
RANGE = "range"
#: subtracts a mean or divides by a spread: `- mean`, `/ std`, `Normalize(mean, std)`, standard scaling
STANDARDIZE = "standardize"
#: a scaler fitted on data (`StandardScaler().fit_transform(x)`): what it does depends on what it saw
FITTED = "fitted"
#: another transform that changes values (a user's function, `.map(fn)`, a power transform)
OTHER = "other"

# -- how a model's first layer treats its input --------------------------------------------------------------
#: a learned layer (dense, convolution, recurrent) that takes the values as they are: raw inputs hurt
LEARNED_INPUT = "learned"
#: the model scales or normalises its own input (Rescaling, Normalization, BatchNorm first, `x / 255` inside)
NORMALIZES = "normalizes"
#: the model expects integer ids or categories (an Embedding, TextVectorization, a lookup)
EMBEDS = "embeds"

# -- datasets: how a dataset's elements relate to its arguments ----------------------------------------------
#: element component i is a sample of argument i (`TensorDataset(x, y)`)
COMPONENTS = "components"
#: elements are slices of the argument, with its structure (`from_tensor_slices((x, y))`)
SLICES = "slices"
#: elements are batches of another dataset's elements (`DataLoader(dataset)`, `Subset(dataset, indices)`)
BATCHES = "batches"
#: a sequence of datasets, each with some of the argument's elements (`random_split(dataset, [n, m])`)
PARTS = "parts"
#: elements are (transform(image), target) of images the library reads itself (`datasets.MNIST(transform=…)`):
#: `data` is where the transform is given; without one, the images are objects a model cannot take
TRANSFORMED = "transformed"


@dataclass(frozen=True)
class RawSource:
    layout: str
    #: how a message names the values ("MNIST pixels", "CSV columns")
    what: str


@dataclass(frozen=True)
class Scaling:
    kind: str
    #: (position, keyword) of the value a scaling function is applied to
    data: tuple[int | None, str | None] = (0, None)
    #: a condition read from the call: "float-dtype" (only when converting to a float dtype), "scale-keyword"
    #: (only with `scale=True`), "scale-argument" (a Rescaling layer: RANGE when its scale is 1/255)
    condition: str | None = None


@dataclass(frozen=True)
class DatasetSpec:
    how: str
    #: (position, keyword) of the argument the elements come from (SLICES, BATCHES, PARTS); for TRANSFORMED,
    #: of the transform applied to each image
    data: tuple[int | None, str | None] = (0, None)


@dataclass(frozen=True)
class GeneratorSpec:
    """An image generator object (`ImageDataGenerator`): keyword arguments that scale, and its methods."""

    range_keyword: str
    standardize_keywords: frozenset[str]
    other_keywords: frozenset[str]
    #: methods taking arrays: (position, keyword) of the inputs
    flow_methods: Mapping[str, tuple[int | None, str | None]]
    #: methods reading image files: their images are raw unless the generator scales
    directory_methods: frozenset[str]


@dataclass(frozen=True)
class DataRecord:
    """What nnlint knows about one data library."""

    name: str
    raw_sources: Mapping[str, RawSource] = field(default_factory=dict)
    #: functions applied to data that scale it (`preprocessing.scale(X)`, `per_image_standardization(x)`)
    scalings: Mapping[str, Scaling] = field(default_factory=dict)
    #: transform objects built, then called on data (`ToTensor()`, `Normalize(mean, std)`)
    transforms: Mapping[str, Scaling] = field(default_factory=dict)
    #: transform objects that apply a list of transforms in order (`Compose([...])`): the list's position
    transform_containers: frozenset[str] = frozenset()
    #: other transform objects of the library keep the values' range (crops, flips, resizes): no step
    range_keeping_transform_prefixes: tuple[str, ...] = ()
    #: transform objects wrapping a user function (`Lambda(fn)`)
    transform_lambdas: frozenset[str] = frozenset()
    #: objects with `fit`/`transform`/`fit_transform` that scale (`StandardScaler`), and containers of them
    scalers: frozenset[str] = frozenset()
    scaler_containers: frozenset[str] = frozenset()
    #: functions returning their data argument's values unchanged in range: name -> its position
    pass_functions: Mapping[str, int] = field(default_factory=dict)
    #: pass functions that turn an image object into an array of its pixels
    array_conversions: frozenset[str] = frozenset()
    #: arithmetic as functions (`np.divide(x, 255)`): name -> "div", "mul", "sub" or "add"
    arithmetic_functions: Mapping[str, str] = field(default_factory=dict)
    #: functions joining a sequence of arrays (`np.concatenate([a, b])`)
    gather_functions: frozenset[str] = frozenset()
    #: functions returning each of their array arguments split in n parts (`train_test_split` → 2 each)
    splitters: Mapping[str, int] = field(default_factory=dict)
    #: functions whose result is an encoding (one-hot arrays, ids): never raw
    encoders: frozenset[str] = frozenset()
    #: encoders that, given the columns to encode, keep a table's other columns as they are
    #: (`pd.get_dummies(df, columns=["city"])`): name -> ((position, keyword) of the table, the columns keyword)
    column_encoders: Mapping[str, tuple[tuple[int | None, str | None], str]] = field(default_factory=dict)
    datasets: Mapping[str, DatasetSpec] = field(default_factory=dict)
    #: datasets by qualified-name prefix (a library's whole `datasets` package)
    dataset_prefixes: Mapping[str, DatasetSpec] = field(default_factory=dict)
    #: dataset methods that keep the elements' values (`.batch`, `.shuffle`) and that apply a function (`.map`)
    dataset_pass_methods: frozenset[str] = frozenset()
    dataset_map_methods: frozenset[str] = frozenset()
    #: array/table/tensor methods that keep values (`.astype`, `.reshape`, `.to_numpy()`), and attributes
    pass_methods: frozenset[str] = frozenset()
    pass_attributes: frozenset[str] = frozenset()
    #: indexers whose subscripts select rows/columns (`df.iloc[...]`)
    indexers: frozenset[str] = frozenset()
    generators: Mapping[str, GeneratorSpec] = field(default_factory=dict)
    #: first layers that scale their input (`Rescaling`, `Normalization`)
    normalizing_layers: Mapping[str, Scaling] = field(default_factory=dict)
    #: first layers that expect ids or categories, and layers that keep values (augmentation)
    id_layers: frozenset[str] = frozenset()
    passing_layers: frozenset[str] = frozenset()
    #: ready-made model constructors by qualified-name prefix -> how their first layer takes input
    architectures: Mapping[str, str] = field(default_factory=dict)
    #: statistics of data (`x.mean()`, `np.std(x)`), as methods and as functions
    statistic_methods: frozenset[str] = frozenset()
    statistic_functions: frozenset[str] = frozenset()
    #: calls that only read a value passed to them (printing, plotting): not an in-place change
    harmless_consumers: tuple[str, ...] = ()


_NUMPY_VALUE_METHODS = frozenset({
    "astype", "reshape", "transpose", "swapaxes", "squeeze", "flatten", "ravel", "copy", "view", "clip",
})

NUMPY = DataRecord(
    name="numpy",
    raw_sources={
        "numpy.loadtxt": RawSource(TABLE, "values read with numpy.loadtxt"),
        "numpy.genfromtxt": RawSource(TABLE, "values read with numpy.genfromtxt"),
    },
    pass_functions={
        "numpy.array": 0, "numpy.asarray": 0, "numpy.asanyarray": 0, "numpy.ascontiguousarray": 0,
        "numpy.float32": 0, "numpy.float64": 0, "numpy.reshape": 0, "numpy.transpose": 0, "numpy.expand_dims": 0,
        "numpy.squeeze": 0, "numpy.moveaxis": 0, "numpy.swapaxes": 0, "numpy.copy": 0, "numpy.ravel": 0,
        "numpy.rollaxis": 0, "numpy.flip": 0, "numpy.fliplr": 0, "numpy.flipud": 0, "numpy.rot90": 0,
    },
    array_conversions=frozenset({"numpy.array", "numpy.asarray", "numpy.asanyarray"}),
    arithmetic_functions={"numpy.divide": "div", "numpy.true_divide": "div", "numpy.multiply": "mul",
                          "numpy.subtract": "sub", "numpy.add": "add"},
    gather_functions=frozenset({"numpy.concatenate", "numpy.stack", "numpy.vstack", "numpy.hstack",
                                "numpy.dstack", "numpy.row_stack", "numpy.column_stack"}),
    encoders=frozenset({"numpy.eye", "numpy.identity"}),
    pass_methods=_NUMPY_VALUE_METHODS,
    pass_attributes=frozenset({"T"}),
    statistic_methods=frozenset({"mean", "std", "var", "min", "max", "ptp", "nanmean", "nanstd"}),
    statistic_functions=frozenset({"numpy.mean", "numpy.std", "numpy.var", "numpy.min", "numpy.max",
                                   "numpy.amin", "numpy.amax", "numpy.nanmean", "numpy.nanstd", "numpy.ptp"}),
    harmless_consumers=("numpy.random.shuffle", "numpy.save", "numpy.savez", "numpy.savetxt", "numpy.random.seed"),
)

PANDAS = DataRecord(
    name="pandas",
    raw_sources={
        "pandas.read_csv": RawSource(TABLE, "CSV columns read with pandas"),
        "pandas.read_excel": RawSource(TABLE, "spreadsheet columns read with pandas"),
        "pandas.read_table": RawSource(TABLE, "table columns read with pandas"),
        "pandas.read_parquet": RawSource(TABLE, "parquet columns read with pandas"),
    },
    pass_functions={"pandas.DataFrame": 0, "pandas.concat": 0},
    encoders=frozenset({"pandas.get_dummies", "pandas.factorize", "pandas.Categorical"}),
    column_encoders={"pandas.get_dummies": ((0, "data"), "columns")},
    pass_methods=frozenset({
        "to_numpy", "drop", "dropna", "fillna", "copy", "astype", "sample", "reset_index", "head", "tail",
        "select_dtypes", "filter", "reindex", "sort_values", "sort_index", "set_index", "interpolate",
        "drop_duplicates", "pop", "squeeze", "ffill", "bfill", "replace",
    }),
    pass_attributes=frozenset({"values"}),
    indexers=frozenset({"iloc", "loc", "iat", "at"}),
)

SKLEARN = DataRecord(
    name="sklearn",
    scalings={
        "sklearn.preprocessing.scale": Scaling(STANDARDIZE),
        "sklearn.preprocessing.normalize": Scaling(OTHER),
        "sklearn.preprocessing.minmax_scale": Scaling(OTHER),
        "sklearn.preprocessing.robust_scale": Scaling(STANDARDIZE),
        "sklearn.preprocessing.maxabs_scale": Scaling(OTHER),
        "sklearn.preprocessing.quantile_transform": Scaling(OTHER),
        "sklearn.preprocessing.power_transform": Scaling(OTHER),
    },
    scalers=frozenset({
        "sklearn.preprocessing.StandardScaler", "sklearn.preprocessing.MinMaxScaler",
        "sklearn.preprocessing.RobustScaler", "sklearn.preprocessing.MaxAbsScaler",
        "sklearn.preprocessing.QuantileTransformer", "sklearn.preprocessing.PowerTransformer",
        "sklearn.preprocessing.Normalizer",
    }),
    scaler_containers=frozenset({"sklearn.pipeline.Pipeline", "sklearn.pipeline.make_pipeline",
                                 "sklearn.compose.ColumnTransformer", "sklearn.compose.make_column_transformer"}),
    splitters={"sklearn.model_selection.train_test_split": 2, "sklearn.utils.shuffle": 1},
    encoders=frozenset({"sklearn.preprocessing.OneHotEncoder", "sklearn.preprocessing.LabelEncoder",
                        "sklearn.preprocessing.LabelBinarizer", "sklearn.preprocessing.OrdinalEncoder",
                        "sklearn.preprocessing.label_binarize"}),
)

_TORCH_TENSOR_METHODS = frozenset({
    "float", "double", "half", "to", "cpu", "cuda", "view", "reshape", "unsqueeze", "squeeze", "permute",
    "transpose", "flatten", "contiguous", "clone", "detach", "numpy", "type", "long", "int", "requires_grad_",
})

TORCH_DATA = DataRecord(
    name="torch",
    pass_functions={
        "torch.tensor": 0, "torch.as_tensor": 0, "torch.from_numpy": 0, "torch.Tensor": 0,
        "torch.FloatTensor": 0, "torch.DoubleTensor": 0, "torch.autograd.Variable": 0, "torch.unsqueeze": 0,
        "torch.reshape": 0, "torch.squeeze": 0, "torch.permute": 0, "torch.flatten": 0,
    },
    array_conversions=frozenset({"torch.tensor", "torch.as_tensor", "torch.Tensor", "torch.FloatTensor"}),
    arithmetic_functions={"torch.div": "div", "torch.true_divide": "div", "torch.mul": "mul", "torch.sub": "sub",
                          "torch.add": "add"},
    gather_functions=frozenset({"torch.cat", "torch.stack", "torch.concat"}),
    datasets={
        "torch.utils.data.TensorDataset": DatasetSpec(COMPONENTS),
        "torch.utils.data.DataLoader": DatasetSpec(BATCHES, (0, "dataset")),
        "torch.utils.data.Subset": DatasetSpec(BATCHES, (0, "dataset")),
        "torch.utils.data.random_split": DatasetSpec(PARTS, (0, "dataset")),
    },
    encoders=frozenset({"torch.nn.functional.one_hot"}),
    pass_methods=_TORCH_TENSOR_METHODS,
    pass_attributes=frozenset({"data"}),
    statistic_methods=frozenset({"mean", "std", "var", "min", "max", "amin", "amax"}),
    statistic_functions=frozenset({"torch.mean", "torch.std", "torch.var", "torch.min", "torch.max"}),
)

_TV = "torchvision.transforms."
TORCHVISION = DataRecord(
    name="torchvision",
    scalings={
        f"{_TV}functional.to_tensor": Scaling(RANGE),
        f"{_TV}functional.normalize": Scaling(STANDARDIZE),
        f"{_TV}functional.convert_image_dtype": Scaling(RANGE),
        f"{_TV}v2.functional.to_dtype": Scaling(RANGE, condition="scale-keyword"),
        f"{_TV}v2.functional.normalize": Scaling(STANDARDIZE),
    },
    transforms={
        f"{_TV}ToTensor": Scaling(RANGE),
        f"{_TV}Normalize": Scaling(STANDARDIZE),
        f"{_TV}ConvertImageDtype": Scaling(RANGE),
        f"{_TV}v2.ToTensor": Scaling(RANGE),
        f"{_TV}v2.Normalize": Scaling(STANDARDIZE),
        f"{_TV}v2.ToDtype": Scaling(RANGE, condition="scale-keyword"),
        f"{_TV}v2.ConvertImageDtype": Scaling(RANGE),
        f"{_TV}ToPILImage": Scaling(OTHER),  # a 0–1 tensor back to 0–255 pixels
        f"{_TV}v2.ToPILImage": Scaling(OTHER),
    },
    transform_containers=frozenset({f"{_TV}Compose", f"{_TV}v2.Compose"}),
    transform_lambdas=frozenset({f"{_TV}Lambda", f"{_TV}v2.Lambda"}),
    range_keeping_transform_prefixes=(_TV,),
    dataset_prefixes={"torchvision.datasets.": DatasetSpec(TRANSFORMED, (None, "transform"))},
    architectures={"torchvision.models.": LEARNED_INPUT},
)

_TF = "tensorflow."
TF_DATA = DataRecord(
    name="tf.data",
    scalings={
        f"{_TF}image.per_image_standardization": Scaling(STANDARDIZE),
        f"{_TF}image.convert_image_dtype": Scaling(RANGE, condition="float-dtype"),
        f"{_TF}math.l2_normalize": Scaling(OTHER), f"{_TF}nn.l2_normalize": Scaling(OTHER),
        f"{_TF}linalg.normalize": Scaling(OTHER),
    },
    pass_functions={
        f"{_TF}cast": 0, f"{_TF}convert_to_tensor": 0, f"{_TF}constant": 0, f"{_TF}reshape": 0,
        f"{_TF}expand_dims": 0, f"{_TF}squeeze": 0, f"{_TF}transpose": 0, f"{_TF}image.resize": 0,
        f"{_TF}image.resize_images": 0, f"{_TF}image.flip_left_right": 0, f"{_TF}Variable": 0,
        f"{_TF}identity": 0,
        # augmentations keep the values' range
        **{f"{_TF}image.{name}": 0 for name in (
            "random_flip_left_right", "random_flip_up_down", "flip_up_down", "rot90", "transpose", "random_crop",
            "central_crop", "resize_with_crop_or_pad", "crop_to_bounding_box", "pad_to_bounding_box",
            "resize_with_pad", "random_brightness", "random_contrast", "random_saturation", "random_hue",
            "adjust_brightness", "adjust_contrast", "rgb_to_grayscale", "grayscale_to_rgb")},
    },
    arithmetic_functions={f"{_TF}divide": "div", f"{_TF}math.divide": "div", f"{_TF}truediv": "div",
                          f"{_TF}math.truediv": "div", f"{_TF}multiply": "mul", f"{_TF}math.multiply": "mul",
                          f"{_TF}subtract": "sub", f"{_TF}math.subtract": "sub"},
    gather_functions=frozenset({f"{_TF}concat", f"{_TF}stack"}),
    encoders=frozenset({f"{_TF}one_hot"}),
    datasets={
        f"{_TF}data.Dataset.from_tensor_slices": DatasetSpec(SLICES, (0, "tensors")),
        f"{_TF}data.Dataset.from_tensors": DatasetSpec(SLICES, (0, "tensors")),
    },
    dataset_pass_methods=frozenset({"batch", "shuffle", "prefetch", "cache", "repeat", "take", "skip", "unbatch",
                                    "filter", "with_options", "padded_batch", "rebatch", "shard"}),
    dataset_map_methods=frozenset({"map", "flat_map", "interleave", "apply"}),
    statistic_functions=frozenset({f"{_TF}reduce_mean", f"{_TF}math.reduce_mean", f"{_TF}math.reduce_std",
                                   f"{_TF}reduce_max", f"{_TF}reduce_min"}),
)

#: Keras' bundled image datasets, and how messages name them
_KERAS_IMAGE_LOADERS = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10",
                        "cifar100": "CIFAR-100"}
_GENERATOR = GeneratorSpec(
    range_keyword="rescale",
    standardize_keywords=frozenset({"featurewise_center", "samplewise_center", "featurewise_std_normalization",
                                    "samplewise_std_normalization", "zca_whitening"}),
    other_keywords=frozenset({"preprocessing_function"}),
    flow_methods={"flow": (0, "x")},
    directory_methods=frozenset({"flow_from_directory", "flow_from_dataframe"}),
)
#: keras.applications models with no scaling inside (they expect their `preprocess_input`) and those that
#: rescale their own inputs (EfficientNet, ConvNeXt, RegNet, MobileNetV3 include a Rescaling layer)
_OWN_PREPROCESSING = ("EfficientNet", "ConvNeXt", "RegNet", "MobileNetV3")
_APPLICATIONS = (
    "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2", "ResNet152V2",
    "InceptionV3", "InceptionResNetV2", "Xception", "MobileNet", "MobileNetV2", "DenseNet121", "DenseNet169",
    "DenseNet201", "NASNetMobile", "NASNetLarge",
)

KERAS_DATA = DataRecord(
    name="keras",
    raw_sources={
        **{f"keras.datasets.{name}.load_data": RawSource(SPLIT_ARRAYS, f"{title} pixels (0–255)")
           for name, title in _KERAS_IMAGE_LOADERS.items()},
        "keras.datasets.boston_housing.load_data": RawSource(SPLIT_ARRAYS, "Boston housing features"),
        "keras.utils.image_dataset_from_directory": RawSource(IMAGE_DATASET, "images read from a directory (0–255)"),
        "keras.preprocessing.image_dataset_from_directory": RawSource(IMAGE_DATASET,
                                                                      "images read from a directory (0–255)"),
        "keras.utils.img_to_array": RawSource(IMAGE, "image pixels (0–255)"),
        "keras.preprocessing.image.img_to_array": RawSource(IMAGE, "image pixels (0–255)"),
        "keras.utils.load_img": RawSource(IMAGE_OBJECT, "image pixels (0–255)"),
        "keras.preprocessing.image.load_img": RawSource(IMAGE_OBJECT, "image pixels (0–255)"),
    },
    scalings={
        "keras.utils.normalize": Scaling(OTHER),
        **{f"keras.applications.{module}.preprocess_input": Scaling(OTHER) for module in (
            "vgg16", "vgg19", "resnet", "resnet50", "resnet_v2", "inception_v3", "inception_resnet_v2",
            "xception", "mobilenet", "mobilenet_v2", "mobilenet_v3", "densenet", "nasnet", "efficientnet",
            "efficientnet_v2", "convnext", "regnet", "imagenet_utils")},
    },
    pass_functions={"keras.preprocessing.image.img_to_array": 0, "keras.utils.img_to_array": 0},
    array_conversions=frozenset({"keras.preprocessing.image.img_to_array", "keras.utils.img_to_array"}),
    encoders=frozenset({"keras.utils.to_categorical", "keras.utils.np_utils.to_categorical",
                        "keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"}),
    generators={"keras.preprocessing.image.ImageDataGenerator": _GENERATOR},
    normalizing_layers={
        "keras.layers.Rescaling": Scaling(RANGE, data=(0, "scale"), condition="scale-argument"),
        "keras.layers.Normalization": Scaling(STANDARDIZE),
        "keras.layers.BatchNormalization": Scaling(STANDARDIZE),
        "keras.layers.LayerNormalization": Scaling(STANDARDIZE),
        "keras.layers.UnitNormalization": Scaling(OTHER),
    },
    id_layers=frozenset({"keras.layers.Embedding", "keras.layers.TextVectorization", "keras.layers.StringLookup",
                         "keras.layers.IntegerLookup", "keras.layers.Hashing", "keras.layers.CategoryEncoding",
                         "keras.layers.Discretization"}),
    passing_layers=frozenset({
        "keras.layers.InputLayer", "keras.layers.Resizing", "keras.layers.CenterCrop", "keras.layers.RandomFlip",
        "keras.layers.RandomRotation", "keras.layers.RandomZoom", "keras.layers.RandomTranslation",
        "keras.layers.RandomCrop", "keras.layers.RandomContrast", "keras.layers.RandomBrightness",
        "keras.layers.RandomHeight", "keras.layers.RandomWidth", "keras.layers.Flatten", "keras.layers.Reshape",
        "keras.layers.Permute", "keras.layers.Dropout", "keras.layers.GaussianNoise",
    }),
    architectures={
        **{f"keras.applications.{name}": LEARNED_INPUT for name in _APPLICATIONS},
        **{f"keras.applications.{prefix}": NORMALIZES for prefix in _OWN_PREPROCESSING},
    },
)

IMAGE_READERS = DataRecord(
    name="image readers",
    raw_sources={
        "cv2.imread": RawSource(IMAGE, "cv2 images (0–255)"),
        "imageio.imread": RawSource(IMAGE, "imageio images (0–255)"),
        "imageio.v2.imread": RawSource(IMAGE, "imageio images (0–255)"),
        "imageio.v3.imread": RawSource(IMAGE, "imageio images (0–255)"),
        "PIL.Image.open": RawSource(IMAGE_OBJECT, "PIL image pixels (0–255)"),
    },
    scalings={"cv2.normalize": Scaling(OTHER)},
    pass_functions={
        "cv2.resize": 0, "cv2.cvtColor": 0, "cv2.flip": 0, "cv2.rotate": 0, "cv2.GaussianBlur": 0,
        "cv2.medianBlur": 0, "cv2.blur": 0, "cv2.equalizeHist": 0, "cv2.copyMakeBorder": 0, "cv2.warpAffine": 0,
        "PIL.ImageOps.grayscale": 0, "PIL.ImageOps.fit": 0,
    },
    #: PIL image methods that give another image of the same pixels
    pass_methods=frozenset({"convert", "resize", "crop", "rotate", "transpose", "thumbnail"}),
)

TFDS_RECORD = DataRecord(
    name="tensorflow_datasets",
    raw_sources={"tensorflow_datasets.load": RawSource(TFDS, "TFDS images (0–255)")},
)

PICKLE = DataRecord(
    name="pickle",
    raw_sources={"pickle.load": RawSource(PICKLED, "unpickled data"),
                 "_pickle.load": RawSource(PICKLED, "unpickled data")},
)

DATA_RECORDS: tuple[DataRecord, ...] = (NUMPY, PANDAS, SKLEARN, TORCH_DATA, TORCHVISION, TF_DATA, KERAS_DATA,
                                        IMAGE_READERS, TFDS_RECORD, PICKLE)

# -- things of data that are not qualified names -------------------------------------------------------------
#: `tfds.load(name, ...)`: the datasets whose "image" feature is raw pixels (names before any ":version")
TFDS_IMAGE_DATASETS = frozenset({
    "mnist", "fashion_mnist", "kmnist", "emnist", "cifar10", "cifar100", "svhn_cropped", "cats_vs_dogs",
    "tf_flowers", "oxford_flowers102", "oxford_iiit_pet", "food101", "stanford_dogs", "imagenette",
    "imagenet2012", "imagenet_resized", "caltech101", "horses_or_humans", "rock_paper_scissors", "beans",
    "eurosat", "colorectal_histology", "malaria", "stl10", "cassava", "deep_weeds", "caltech_birds2011",
    "cars196", "celeb_a", "patch_camelyon", "binary_alpha_digits", "citrus_leaves", "plant_village",
})
TFDS_SUPERVISED_KEYWORD = "as_supervised"
TFDS_SPLIT_KEYWORD = "split"
TFDS_INFO_KEYWORD = "with_info"
TFDS_NAME = (0, "name")
#: a dtype argument naming a float type (`tf.float32`, `torch.float`, `"float32"`)
FLOAT_DTYPE_LEAVES = frozenset({"float16", "float32", "float64", "float", "double", "half", "bfloat16"})
DTYPE_ARGUMENT = (1, "dtype")
SCALE_KEYWORD = "scale"
#: fixed divisors that map 0–255 pixels onto [0, 1] or [-1, 1] (`/ 255`, `/ 127.5 - 1`)
RANGE_DIVISORS = (255.0, 256.0, 127.5, 128.0)
#: pandas methods that encode a column as categories or ids (`map` only with a mapping given in place)
COLUMN_ENCODING_METHODS = frozenset({"map", "replace", "factorize", "astype"})
#: scikit-learn encoders by class name (their `fit_transform` of a column is an encoding, not a scaling)
ENCODER_CLASS_NAMES = frozenset({"LabelEncoder", "OrdinalEncoder", "OneHotEncoder", "LabelBinarizer"})
#: a table read from a file whose name says it is already scaled (`features_normalized.csv`) is not raw
PRESCALED_FILE_HINTS = ("norm", "scaled", "standardi", "preprocess", "processed", "minmax", "zscore")
#: CIFAR-10/100 python pickles: the rows under `data` are 3072 values laid out channel-first (3, 32, 32);
#: a file is taken to read them when it names CIFAR or the pickles' batch files
CIFAR_DATA_KEYS = frozenset({"data", b"data"})
CIFAR_ROW_LAYOUT = (3, 32, 32)
CIFAR_FILE_HINTS = ("cifar", "data_batch", "test_batch")
#: libraries that read images or run a trained model: a file importing one (and no deep-learning framework)
#: still prepares a model's inputs, which the input-pipeline rules (NN703, NN801) check; so does a numpy file
#: that reads CIFAR pickles (a known layout)
INPUT_PIPELINE_ROOTS = frozenset({"torchvision", "cv2", "PIL", "imageio", "onnxruntime", "openvino",
                                  "tflite_runtime", "tensorrt", "tensorflow_datasets"})
KNOWN_LAYOUT_ROOTS = frozenset({"numpy"})


def prepares_model_inputs(import_roots: set[str], text: str) -> bool:
    """Does a file that imports no deep-learning framework prepare a model's inputs (see INPUT_PIPELINE_ROOTS)?"""
    if import_roots & INPUT_PIPELINE_ROOTS:
        return True
    return bool(import_roots & KNOWN_LAYOUT_ROOTS) and any(hint in text.lower() for hint in CIFAR_FILE_HINTS)

# Training and evaluation calls (methods on a model object nnlint resolves).
#: `model.fit(x, …)`, `model.train_on_batch(x, …)`: (position, keyword) of the inputs
TRAINING_METHODS: Mapping[str, tuple[int | None, str | None]] = {
    "fit": (0, "x"), "fit_generator": (0, "generator"), "train_on_batch": (0, "x"),
}
EVALUATION_METHODS: Mapping[str, tuple[int | None, str | None]] = {
    "evaluate": (0, "x"), "evaluate_generator": (0, "generator"), "predict": (0, "x"),
    "predict_generator": (0, "generator"), "predict_on_batch": (0, "x"), "test_on_batch": (0, "x"),
    "predict_classes": (0, "x"), "predict_proba": (0, "x"),
}
#: `fit(..., validation_data=(x_val, y_val))`: an evaluation of its first element
VALIDATION_DATA_KEYWORD = "validation_data"
#: a torch forward call on a model: `model(x)` or `model.forward(x)`
FORWARD_METHOD = "forward"
#: torch: the backward pass that makes a loop a training loop, and what puts a model in evaluation mode
BACKWARD_METHOD = "backward"
#: calls that make a loop a training loop: torch's backward pass, TF2's tape gradients and optimizer steps
TRAINING_STEP_METHODS = frozenset({BACKWARD_METHOD, "gradient", "apply_gradients", "minimize"})
EVAL_MODE_METHOD = "eval"
NO_GRAD_CONTEXTS = frozenset({"torch.no_grad", "torch.inference_mode"})
#: TF1: `sess.run(fetches, feed_dict={placeholder: value})`, and the placeholders fed
SESSION_RUN_METHOD = "run"
SESSION_FETCHES = (0, "fetches")
FEED_DICT_KEYWORD = "feed_dict"
PLACEHOLDERS = frozenset({"tensorflow.placeholder"})
#: scikit-learn scaler methods: fitting (and what it is fitted on), and applying
SCALER_FIT_METHOD = "fit"
SCALER_FIT_METHODS = frozenset({SCALER_FIT_METHOD, "fit_transform"})
SCALER_APPLY_METHODS = frozenset({"transform", "fit_transform"})
SCALER_TRANSFORM_METHOD = "transform"
SCALER_FIT_TRANSFORM_METHOD = "fit_transform"
#: keywords that make a method call change its receiver in place (pandas `inplace=True`, numpy `out=`)
IN_PLACE_KEYWORDS = frozenset({"inplace", "out"})
#: statistics computed per sample (an axis other than the batch axis) are not a data set's statistics
STATISTIC_AXIS = (0, "axis")
#: iterating wrappers: `enumerate(loader)` yields (i, element), `zip(a, b)` yields (element of a, element of b),
#: `iter`/`tqdm`/`list` keep the elements, `next(it)` is one element
ENUMERATE = "enumerate"
ZIP = "zip"
NEXT = "next"
SAME_ELEMENTS = frozenset({"iter", "list", "tuple", "sorted", "reversed", "tqdm.tqdm", "tqdm.auto.tqdm",
                           "tqdm.notebook.tqdm", "tqdm.tqdm_notebook"})
#: builtins that only read what they are given
HARMLESS_BUILTINS = frozenset({"print", "len", "type", "isinstance", "repr", "str", "id", "display"})


RAW_SOURCES: dict[str, RawSource] = merged(DATA_RECORDS, "raw_sources")
SCALINGS: dict[str, Scaling] = merged(DATA_RECORDS, "scalings")
TRANSFORMS: dict[str, Scaling] = merged(DATA_RECORDS, "transforms")
TRANSFORM_CONTAINERS = union(DATA_RECORDS, "transform_containers")
TRANSFORM_LAMBDAS = union(DATA_RECORDS, "transform_lambdas")
RANGE_KEEPING_TRANSFORM_PREFIXES: tuple[str, ...] = tuple(
    p for record in DATA_RECORDS for p in record.range_keeping_transform_prefixes)
SCALERS = union(DATA_RECORDS, "scalers")
SCALER_CONTAINERS = union(DATA_RECORDS, "scaler_containers")
PASS_FUNCTIONS: dict[str, int] = merged(DATA_RECORDS, "pass_functions")
ARRAY_CONVERSIONS = union(DATA_RECORDS, "array_conversions")
GATHER_FUNCTIONS = union(DATA_RECORDS, "gather_functions")
ARITHMETIC_FUNCTIONS: dict[str, str] = merged(DATA_RECORDS, "arithmetic_functions")
SPLITTERS: dict[str, int] = merged(DATA_RECORDS, "splitters")
ENCODERS = union(DATA_RECORDS, "encoders")
COLUMN_ENCODERS: dict[str, tuple[tuple[int | None, str | None], str]] = merged(DATA_RECORDS, "column_encoders")
DATASETS: dict[str, DatasetSpec] = merged(DATA_RECORDS, "datasets")
DATASET_PREFIXES: dict[str, DatasetSpec] = merged(DATA_RECORDS, "dataset_prefixes")
DATASET_PASS_METHODS = union(DATA_RECORDS, "dataset_pass_methods")
DATASET_MAP_METHODS = union(DATA_RECORDS, "dataset_map_methods")
PASS_METHODS = union(DATA_RECORDS, "pass_methods")
PASS_ATTRIBUTES = union(DATA_RECORDS, "pass_attributes")
INDEXERS = union(DATA_RECORDS, "indexers")
GENERATORS: dict[str, GeneratorSpec] = merged(DATA_RECORDS, "generators")
NORMALIZING_LAYERS: dict[str, Scaling] = merged(DATA_RECORDS, "normalizing_layers")
ID_LAYERS = union(DATA_RECORDS, "id_layers")
PASSING_LAYERS = union(DATA_RECORDS, "passing_layers")
ARCHITECTURES: dict[str, str] = merged(DATA_RECORDS, "architectures")
STATISTIC_METHODS = union(DATA_RECORDS, "statistic_methods")
STATISTIC_FUNCTIONS = union(DATA_RECORDS, "statistic_functions")
HARMLESS_CONSUMERS: tuple[str, ...] = tuple(p for record in DATA_RECORDS for p in record.harmless_consumers) + (
    "matplotlib.", "logging.", "random.shuffle", "random.seed", "seaborn.", "IPython.",
)


_APPLICATIONS_PREFIX = "keras.applications."


def dataset_spec(qualname: str | None) -> DatasetSpec | None:
    """How a dataset construction's elements relate to its arguments: by name, else by package prefix."""
    if not qualname:
        return None
    spec = DATASETS.get(qualname)
    if spec is None:
        spec = next((s for prefix, s in DATASET_PREFIXES.items() if qualname.startswith(prefix)), None)
    return spec


def architecture_input(qualname: str | None) -> str | None:
    """How a ready-made model's first layer takes its input (LEARNED_INPUT / NORMALIZES), by name prefix."""
    if not qualname:
        return None
    if qualname.startswith(_APPLICATIONS_PREFIX):  # `keras.applications.resnet50.ResNet50` is `…ResNet50`
        qualname = _APPLICATIONS_PREFIX + qualname.rsplit(".", 1)[-1]
    best = None
    for prefix, kind in ARCHITECTURES.items():
        if qualname.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, kind)
    return best[1] if best else None
