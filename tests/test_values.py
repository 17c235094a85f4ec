"""The value model (nnlint.analysis.values): names, attributes, subscripts, argument binding, constants."""

from __future__ import annotations

import ast
import textwrap

import pytest

from nnlint.analysis.module import ModuleIndex
from nnlint.analysis.values import ELEMENT, NOT_LITERAL


def index_of(code: str) -> ModuleIndex:
    return ModuleIndex(ast.parse(textwrap.dedent(code).lstrip("\n")))


def load(index: ModuleIndex, name: str, nth: int = -1) -> ast.Name:
    """The nth load of a name (default: the last one in the file)."""
    loads = sorted(index.name_loads[name], key=lambda n: (n.lineno, n.col_offset))
    return loads[nth]


def call_of(index: ModuleIndex, func_name: str, nth: int = 0) -> ast.Call:
    return index.calls_by_function_name[func_name][nth]


def unparse(node) -> str | None:
    return ast.unparse(node) if node is not None else None


# -- argument binding -------------------------------------------------------------------------------
def bind(code: str, func_name: str = "f", nth: int = 0):
    index = index_of(code)
    return index.values.arguments(index.functions[func_name], call_of(index, func_name, nth))


def test_positional_only_parameters_are_filled_by_position_never_by_keyword():
    arguments = bind("""
        def f(a, /, b, **extra):
            pass
        f(1, 2, a=3)
    """)
    assert unparse(arguments.given("a")) == "1"
    assert unparse(arguments.given("b")) == "2"
    # `a=` cannot reach the positional-only `a`: it lands in **extra
    assert unparse(arguments.var_keyword["a"]) == "3"


def test_keyword_only_parameters_bind_by_name_and_take_their_defaults():
    arguments = bind("""
        def f(x, *, act="relu", units):
            pass
        f(h, units=4)
    """)
    assert unparse(arguments.given("units")) == "4"
    assert arguments.given("act") is None
    assert unparse(arguments.value("act")) == "'relu'"
    assert unparse(arguments.value("x")) == "h"


def test_defaults_fill_the_trailing_positional_parameters():
    arguments = bind("""
        def f(a, b=2, c=3):
            pass
        f(1, c=30)
    """)
    assert [unparse(arguments.value(n)) for n in ("a", "b", "c")] == ["1", "2", "30"]
    assert arguments.given("b") is None


def test_extra_positional_and_keyword_arguments_go_to_varargs():
    arguments = bind("""
        def f(a, *rest, key=None, **options):
            pass
        f(1, 2, 3, key=4, other=5)
    """)
    assert [unparse(e) for e in arguments.var_positional] == ["2", "3"]
    assert unparse(arguments.given("key")) == "4"
    assert unparse(arguments.var_keyword["other"]) == "5"
    assert arguments.var_positional_name == "rest" and arguments.var_keyword_name == "options"


def test_starred_and_double_starred_arguments_make_the_parameters_they_may_fill_unknown():
    arguments = bind("""
        def f(a, b, c=3, *, d=4):
            pass
        f(1, *more, **config)
    """)
    assert unparse(arguments.given("a")) == "1"
    assert arguments.value("b") is None and arguments.value("c") is None and arguments.value("d") is None
    assert not arguments.is_known("c")


def test_a_method_called_through_self_binds_after_self():
    index = index_of("""
        class Net:
            def build(self, units, act="relu"):
                return units
            def run(self):
                return self.build(10)
    """)
    method = index.classes["Net"].methods["build"]
    [caller] = index.values.callers(method)
    arguments = index.values.arguments(method, caller)
    assert unparse(arguments.given("units")) == "10"
    assert unparse(arguments.value("act")) == "'relu'"


def test_parameter_arguments_collects_every_caller_with_its_scope():
    index = index_of("""
        def layer(x, act="relu"):
            return x
        def model(h):
            a = layer(h, act="tanh")
            return layer(a)
    """)
    found = index.values.parameter_arguments(index.functions["layer"], "act")
    assert [unparse(value) for value, _ in found] == ["'tanh'", "'relu'"]
    # the default is evaluated where the function is defined, the argument where it is called
    assert found[0][1].node is index.functions["model"]
    assert found[1][1].node is index.tree


# -- names ------------------------------------------------------------------------------------------
def test_a_name_rebound_under_a_branch_is_ambiguous_after_the_branch():
    index = index_of("""
        def f(flag):
            act = "relu"
            if flag:
                act = "tanh"
            return act
    """)
    scope = index.scope(index.functions["f"])
    binding, _ = index.values.resolve(load(index, "act"), scope)
    assert binding is None
    assert index.values.value(load(index, "act"), scope) is None


def test_a_name_rebound_in_both_arms_is_still_unknown_but_may_reach_later_uses():
    index = index_of("""
        def f(flag):
            if flag:
                x = 1
            else:
                x = 2
            return x
    """)
    scope = index.scope(index.functions["f"])
    assert index.values.resolve(load(index, "x"), scope)[0] is None
    first = scope.bindings["x"][0]
    assert index.values.may_uses(first, scope) == [load(index, "x")]
    assert index.values.uses(first, scope) == []


def test_straight_line_rebinding_resolves_to_the_latest_binding():
    index = index_of("""
        def f():
            x = 1
            x = x + 1
            return x
    """)
    scope = index.scope(index.functions["f"])
    assert unparse(index.values.value(load(index, "x"), scope)) == "x + 1"
    assert unparse(index.values.value(load(index, "x", 0), scope)) == "1"  # the `x` inside `x + 1`


def test_a_module_level_name_used_in_a_function_resolves_to_the_module_binding():
    index = index_of("""
        model = Net()
        def train():
            return model
    """)
    scope = index.scope(index.functions["train"])
    binding, where = index.values.resolve(load(index, "model"), scope)
    assert unparse(binding.value) == "Net()" and where is index.values.module_scope


def test_a_name_local_to_the_function_never_falls_back_to_the_module():
    index = index_of("""
        model = Net()
        def train(flag):
            if flag:
                model = Other()
            return model
    """)
    scope = index.scope(index.functions["train"])
    assert index.values.resolve(load(index, "model"), scope)[0] is None


def test_a_parameter_is_not_followed_and_is_reported_as_one():
    index = index_of("""
        def f(x, y):
            y = 2
            return x, y
    """)
    scope = index.scope(index.functions["f"])
    assert index.values.is_parameter(load(index, "x"), scope)
    assert not index.values.is_parameter(load(index, "y"), scope)
    assert index.values.value(load(index, "x"), scope) is None


def test_tuple_unpacking_records_the_steps_into_the_value():
    index = index_of("""
        (x_train, y_train), (x_test, y_test) = load()
        a, b = 1, 2
        for images, labels in loader:
            pass
        first, *rest = items
        use(x_test, b, labels, rest)
    """)
    values, scope = index.values, index.values.module_scope
    x_test, b, labels, rest = index.calls_by_function_name["use"][0].args
    found = values.definition(x_test, scope)
    assert unparse(found.expr) == "load()" and found.path == (1, 0)
    found = values.definition(b, scope)
    assert unparse(found.expr) == "2" and found.path == ()
    found = values.definition(labels, scope)
    assert unparse(found.expr) == "loader" and found.path == (ELEMENT, 1)
    assert values.definition(rest, scope) is None
    assert values.value(x_test, scope) is None  # a selection left inside a call's result


def test_constant_subscripts_and_tuples_are_followed():
    index = index_of("""
        pair = (Encoder(), Decoder())
        data = load()
        config = {"lr": 0.1}
        use(pair[1], data[0], config["lr"])
    """)
    values, scope = index.values, index.values.module_scope
    call = index.calls_by_function_name["use"][0]
    assert unparse(values.value(call.args[0], scope)) == "Decoder()"
    inside = values.value_in(call.args[1], scope)
    assert unparse(inside.expr) == "data[0]"  # a selection into a call's result is its own value
    assert unparse(values.value(call.args[2], scope)) == "0.1"


def test_self_attributes_assigned_once_are_followed():
    index = index_of("""
        class Trainer:
            def __init__(self):
                self.opt = Adam()
                self.lr = 0.1
                self.lr = 0.01
            def step(self):
                return self.opt, self.lr
    """)
    ret = index.values.returned(index.classes["Trainer"].methods["step"])
    scope = index.scope(index.classes["Trainer"].methods["step"])
    assert unparse(index.values.value(ret.elts[0], scope)) == "Adam()"
    assert index.values.value(ret.elts[1], scope) is None  # assigned twice: unknown
    assert [unparse(r) for r in index.values.self_attribute_reads(index.classes["Trainer"], "opt")] == ["self.opt"]


def test_stores_into_a_value_between_its_binding_and_a_use_are_seen():
    index = index_of("""
        x = load()
        x[:, 0] /= 255
        df.col = 1
        use(x)
    """)
    scope = index.values.module_scope
    binding = scope.bindings["x"][0]
    [store] = index.values.stores_between(binding, load(index, "x"), scope)
    assert unparse(store.target) == "x[:, 0]" and store.value is None


# -- constants --------------------------------------------------------------------------------------
def test_a_name_bound_once_to_a_literal_is_the_literal_and_a_parameter_default_is_not():
    index = index_of("""
        LR = 0.05
        def f(rate=0.5):
            size = 1
            size2 = 1
            size2 = 2
            return LR, rate, size, size2, -LR
    """)
    scope = index.scope(index.functions["f"])
    lr, rate, size, size2, negated = index.values.returned(index.functions["f"]).elts
    assert index.values.literal(lr, scope) == 0.05
    assert index.values.literal(rate, scope) is NOT_LITERAL
    assert index.values.literal(size, scope) == 1
    assert index.values.literal(size2, scope) is NOT_LITERAL
    assert index.values.literal(negated, scope) == -0.05


def test_number_folds_constant_arithmetic():
    index = index_of("""
        SCALE = 1.0 / 255
        use(1. / 255, SCALE, 2 ** 8 - 1, x / 255, 1 / 0)
    """)
    scope = index.values.module_scope
    args = index.calls_by_function_name["use"][0].args
    assert index.values.number(args[0], scope) == pytest.approx(1 / 255)
    assert index.values.number(args[1], scope) == pytest.approx(1 / 255)
    assert index.values.number(args[2], scope) == 255
    assert index.values.number(args[3], scope) is NOT_LITERAL
    assert index.values.number(args[4], scope) is NOT_LITERAL
    assert index.values.literal(args[0], scope) is NOT_LITERAL  # "a literal" stays a literal, not arithmetic


# -- functions --------------------------------------------------------------------------------------
def test_returned_value_and_callers():
    index = index_of("""
        def make(n):
            def inner():
                return 1
            return Net(n)
        def two(flag):
            if flag:
                return 1
            return 2
        a = make(3)
        b = make(4)
    """)
    assert unparse(index.values.returned(index.functions["make"])) == "Net(n)"
    assert index.values.returned(index.functions["two"]) is None
    assert [unparse(c) for c in index.values.callers(index.functions["make"])] == ["make(3)", "make(4)"]


def test_resolution_is_linear_in_the_number_of_loads():
    """Every load resolved once: a file with thousands of rebinds and loads of one name stays fast."""
    lines = ["x = 0"] + [f"x = x + {i}" for i in range(3000)] + ["y = x"]
    index = index_of("\n".join(lines))
    scope = index.values.module_scope
    for name in index.name_loads["x"]:
        index.values.resolve(name, scope)
    calls = 0
    original = scope.encloses

    def counting(container, node):
        nonlocal calls
        calls += 1
        return original(container, node)

    scope.encloses = counting
    for binding in scope.bindings["x"]:
        scope.uses_of(binding)
    # every use was resolved above and is memoised: listing the uses of 3001 bindings re-resolves nothing
    assert calls == 0
