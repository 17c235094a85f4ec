"""The pieces of nnlint's fuzz harness (`scripts/fuzz.py`, `tests/test_fuzz.py`; docs/fuzzing.md).

- `dl_shapes`: random deep-learning programs (PyTorch, Keras, TF1, JAX) in odd-but-valid Python.
- `surface`: byte-level variants of a source (line endings, BOM, tabs, coding cookies).
- `notebooks`: a source split into a Jupyter notebook's cells, with magics and markdown.
- `grammar`: programs drawn from hypothesmith, reproducibly from a seed.
- `mutants`: token- and statement-level mutations of real files.
- `oracles`: what must hold for every program (API and command line) and the failure kinds.
- `minimize`: line-deletion delta debugging of a failing input.

Everything draws from a `random.Random` it is given, so a program is reproduced from its seed.
"""
