"""Prose numbers come from the engine: tokens, their values and their errors."""


import pytest

from site_tools.facts import TOKEN, FactError, bench_value, example_value, substitute
from site_tools.paths import DOCS  # noqa: E402


def test_book_numbers():
    text = substitute(
        "[[value buy_apple_orange.price]] [[value buy_apple_orange.apple.grad]] "
        "[[value buy_apple_orange.apple_num.grad]] [[value buy_apple_orange.orange.grad]] "
        "[[value buy_apple_orange.orange_num.grad]] [[value buy_apple_orange.tax.grad]]"
    )
    assert text == "715 2.2 110 3.3 165 650"
    assert substitute("[[value mul_node.x.grad]] and [[value mul_node.y.grad]]") == "6.5 and 13"


def test_data_and_arrays():
    assert example_value("buy_apple.apple_price.data") == pytest.approx(200)
    assert example_value("affine_softmax_loss.W.grad").shape == (2, 3)
    with pytest.raises(FactError, match="cannot quote a value of type ndarray"):
        substitute("[[value affine_softmax_loss.W.grad]]")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("[[value nowhere.x]]", "unknown example 'nowhere'"),
        ("[[value buy_apple.pear]]", "has no variable 'pear'; it has: apple"),
        ("[[value buy_apple]]", "not of the form example.variable"),
        ("[[value buy_apple.apple.hessian]]", "not of the form"),
    ],
)
def test_unknown_names_are_errors(token, message):
    with pytest.raises(FactError, match=message):
        substitute(token)


def test_every_token_on_every_page_resolves():
    pages = sorted(DOCS.rglob("*.md"))
    assert pages, "no pages found"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for match in TOKEN.finditer(text):
            if match.group(1) == "value":
                example_value(match.group(2), match.group(3) or "")  # with its arguments
            else:
                assert bench_value(match.group(2)) is not None, (page.name, match.group(2))


def test_unknown_benchmark_key_is_an_error():
    with pytest.raises(FactError, match="no benchmark result 'nope'; known: grad_slope_flops"):
        substitute("[[bench nope]]")
