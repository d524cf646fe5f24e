"""The bounded LRU: least recently used values leave once their summed sizes pass the budget."""
from search_app.core.cache import BoundedLRU

# Persian and Arabic spellings of one name, as cached values of different sizes
VALUES = {"fa": "توکایف", "ar": "توكاييف", "fa-long": "قاسم جومارت توکایف"}


def test_least_recently_used_leaves_first_and_held_is_the_sum():
    cache = BoundedLRU(budget=14, size=len)
    cache.get("fa", lambda: VALUES["fa"])
    cache.get("ar", lambda: VALUES["ar"])
    cache.get("fa", lambda: "rebuilt")  # used again: "ar" is now the least recent
    cache.get("fa-long", lambda: VALUES["fa-long"])
    assert list(cache.items) == ["fa-long"]
    assert cache.held == len(VALUES["fa-long"])
    cache.get("ar", lambda: VALUES["ar"])
    assert list(cache.items) == ["ar"] and cache.held == len(VALUES["ar"])


def test_a_used_value_is_not_built_again():
    cache = BoundedLRU(budget=100, size=len)
    assert cache.get("fa", lambda: VALUES["fa"]) == VALUES["fa"]
    assert cache.get("fa", lambda: "rebuilt") == VALUES["fa"]
    assert cache.held == len(VALUES["fa"])
