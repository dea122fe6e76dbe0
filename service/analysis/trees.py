"""LightGBM's text model files, evaluated with numpy: no learning library at run time.

The block classifier (``article/blocks_model.txt``) and the casualty headline model
(``facts/casualties/headline_model.txt``) are written by the bench training scripts with
LightGBM. Importing LightGBM to read them cost each gunicorn worker about 18 MB (scipy.sparse
and its library), and 54 MB where scikit-learn is installed, which LightGBM then imports too
(bench/soak.py). These trees are evaluated here exactly as ``lightgbm.Booster.predict`` does
for them: a feature of magnitude at most 1e-35 reads as zero, as does NaN (missing type None);
``value <= threshold`` goes left; leaf values are added tree by tree in the file's order; then
the objective's sigmoid or softmax. Files with anything else (categorical splits, linear trees,
other missing-value handling, averaged output) are refused when loaded.
"""

from __future__ import annotations

import math

import numpy

# LightGBM's kZeroThreshold, a C float (1e-35f, 1.0000000180025095e-35 as a double): magnitudes up
# to it are read as zero. The double 1e-35 is a shade smaller, and a model whose splits sit at
# +-kZeroThreshold then sends a value of exactly that size the other way.
ZERO_THRESHOLD = float(numpy.float32(1e-35))
NUMERICAL_DEFAULT_LEFT = 2  # decision_type: numerical split, default left, missing type None


class TreeModel:
    """A LightGBM model file's trees as flat arrays, all trees walked at once for all rows."""

    def __init__(self, text: str) -> None:
        header, trees = _parse(text)
        self.num_class = int(header["num_class"])
        self.objective = header["objective"].split()
        if self.objective[0] not in ("binary", "multiclass") or "average_output" in header:
            raise ValueError(f"unsupported LightGBM model: objective {header['objective']}")
        if int(header.get("num_tree_per_iteration", self.num_class)) != self.num_class:
            raise ValueError("unsupported LightGBM model: trees per iteration differ from classes")
        self.sigmoid = float(dict(_options(self.objective)).get("sigmoid", 1.0))
        self._flatten(trees)

    def _flatten(self, trees: list[dict]) -> None:
        internal = sum(int(tree["num_leaves"]) - 1 for tree in trees)
        leaves = sum(int(tree["num_leaves"]) for tree in trees)
        size = internal + leaves
        feature = numpy.zeros(size, dtype=numpy.intp)
        threshold = numpy.full(size, numpy.inf)
        left = numpy.arange(size, dtype=numpy.intp)  # a leaf leads to itself
        right = numpy.arange(size, dtype=numpy.intp)
        value = numpy.zeros(size)
        roots, depth = [], 0
        next_internal, next_leaf = 0, internal
        for tree in trees:
            n_leaves = int(tree["num_leaves"])
            if tree.get("is_linear", "0") != "0" or tree.get("num_cat", "0") != "0":
                raise ValueError("unsupported LightGBM model: linear or categorical trees")
            leaf_values = _floats(tree["leaf_value"])
            value[next_leaf : next_leaf + n_leaves] = leaf_values
            if n_leaves == 1:
                roots.append(next_leaf)
                next_leaf += 1
                continue
            n_internal = n_leaves - 1
            if set(_ints(tree["decision_type"])) != {NUMERICAL_DEFAULT_LEFT}:
                raise ValueError("unsupported LightGBM model: split kinds other than numerical")

            def node(child: int, base_internal: int = next_internal, base_leaf: int = next_leaf) -> int:
                return base_internal + child if child >= 0 else base_leaf + ~child

            span = slice(next_internal, next_internal + n_internal)
            feature[span] = _ints(tree["split_feature"])
            threshold[span] = _floats(tree["threshold"])
            left[span] = [node(child) for child in _ints(tree["left_child"])]
            right[span] = [node(child) for child in _ints(tree["right_child"])]
            depth = max(depth, _depth(_ints(tree["left_child"]), _ints(tree["right_child"])))
            roots.append(next_internal)
            next_internal += n_internal
            next_leaf += n_leaves
        self.feature, self.threshold = feature, threshold
        self.children = numpy.stack([left, right], axis=1).ravel()  # node n: left at 2n, right at 2n + 1
        self.value, self.roots, self.depth = value, numpy.asarray(roots, dtype=numpy.intp), depth

    def raw_scores(self, rows) -> numpy.ndarray:
        """Each row's summed leaf values per class: shape (rows, classes)."""
        data = numpy.array(rows, dtype=numpy.float64, ndmin=2)
        data[numpy.isnan(data) | (numpy.abs(data) <= ZERO_THRESHOLD)] = 0.0
        nodes = numpy.repeat(self.roots[None, :], len(data), axis=0)
        offsets = (numpy.arange(len(data)) * data.shape[1])[:, None]  # each row's start in data.flat
        flat, take = data.ravel(), numpy.take
        for _ in range(self.depth):
            goes_right = take(flat, offsets + take(self.feature, nodes)) > take(self.threshold, nodes)
            nodes = take(self.children, 2 * nodes + goes_right)
        leaves = take(self.value, nodes).reshape(len(data), len(self.roots) // self.num_class, self.num_class)
        # Added one tree after another, as LightGBM adds them (cumsum keeps that order; sum would not).
        return numpy.cumsum(leaves, axis=1)[:, -1, :]

    def predict(self, rows, num_threads: int = 1) -> numpy.ndarray:
        """As ``lightgbm.Booster.predict``: a probability per row (binary), or per row and class."""
        raw = self.raw_scores(rows)
        if not len(raw):
            return numpy.zeros((0,) if self.objective[0] == "binary" else (0, self.num_class))
        if self.objective[0] == "binary":
            return numpy.array([1.0 / (1.0 + math.exp(-self.sigmoid * x)) for x in raw[:, 0]])
        return numpy.array([_softmax(row) for row in raw.tolist()])


def _softmax(row: list[float]) -> list[float]:
    """LightGBM's Common::Softmax, step for step."""
    top = max(row)
    exps = [math.exp(x - top) for x in row]
    total = 0.0
    for x in exps:
        total += x
    return [x / total for x in exps]


def _parse(text: str) -> tuple[dict, list[dict]]:
    header: dict[str, str] = {}
    trees: list[dict] = []
    current = header
    for line in text.splitlines():
        if line.startswith("end of trees"):
            break
        if line.startswith("Tree="):
            current = {}
            trees.append(current)
        elif "=" in line:
            key, _, value = line.partition("=")
            current[key] = value
    if not trees:
        raise ValueError("no trees in the LightGBM model")
    return header, trees


def _options(objective: list[str]) -> list[tuple[str, str]]:
    return [tuple(part.split(":", 1)) for part in objective[1:] if ":" in part]


def _ints(value: str) -> list[int]:
    return [int(part) for part in value.split()]


def _floats(value: str) -> list[float]:
    return [float(part) for part in value.split()]


def _depth(left: list[int], right: list[int]) -> int:
    """Splits on the longest path from the root to a leaf."""
    deepest, stack = 0, [(0, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in (left[node], right[node]) if child >= 0)
    return deepest
