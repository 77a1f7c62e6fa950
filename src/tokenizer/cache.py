"""The caches between the split and the merge: key (a chunk or a piece) -> ids (a tuple).

A Cache is a dict subclass: a hit is one C-level lookup, so `map(cache.__getitem__, keys)`
never enters Python code; only a miss runs `__missing__`, which calls the cache's `fill`.

Eviction keeps what is used, with no work on a hit: entries live in two generations.
New entries go into the current one (the dict itself).  When its estimated memory reaches
half the budget it becomes the old generation (the previous old one is dropped) and the
current one starts empty.  A miss looks in the old generation first and brings the entry
back, so an entry used at least once per generation stays; one not used for a whole
generation goes.  Memory stays under the budget whatever the text.

    set_cache_memory(nbytes)    the budget of each Encoding's caches together (default 64 MiB)
"""
_BUDGET = [64 << 20]


def set_cache_memory(nbytes):
    """Bound the memory of each Encoding's caches (all of them together) to about `nbytes`;
    applies to existing encodings from their next cache miss.

    >>> set_cache_memory(64 << 20)  # the default, 64 MiB
    """
    if type(nbytes) is not int or nbytes < 0:
        raise ValueError(f"the cache memory must be a number of bytes (an int >= 0), not {nbytes!r}")
    _BUDGET[0] = nbytes


def cache_memory():
    """The budget set by set_cache_memory(), in bytes."""
    return _BUDGET[0]


# An entry's memory on CPython, estimated: the str key (~50 bytes + 1-4 a character), the
# tuple (40 + 8 an id; the ids themselves are the rank table's own int objects) and its
# share of the dict (~60 bytes with the table's slack).  Measured 160-230 bytes for words.
# An entry whose key and tuple another cache also holds (a chunk that is one piece) is counted
# in full by both: either may drop it first, and the other then holds it alone.
def _cost(key, ids):
    return 150 + 2 * len(key) + 8 * len(ids)


class Cache(dict):
    """key -> ids; a miss calls `fill(key)`.  `share` is this cache's part of the budget.

    >>> c = Cache(lambda key: (len(key),), 0.5)
    >>> c["abc"], c.misses
    ((3,), 1)
    """

    __slots__ = ("fill", "share", "old", "used", "misses")

    def __init__(self, fill, share):
        self.fill, self.share = fill, share
        self.old, self.used, self.misses = {}, 0, 0

    def __missing__(self, key):
        self.misses += 1
        ids = self.old.pop(key, None)
        if ids is None:
            ids = self.fill(key)
        self[key] = ids
        self.used += _cost(key, ids)
        if 2 * self.used > _BUDGET[0] * self.share:
            self.new_generation()
        return ids

    def add(self, keys, values):
        """Store many entries at once (lists of keys and of their ids), under the same budget."""
        self.update(zip(keys, values))
        self.used += 150 * len(keys) + 2 * sum(map(len, keys)) + 8 * sum(map(len, values))  # _cost, summed
        if 2 * self.used > _BUDGET[0] * self.share:
            self.new_generation()

    def new_generation(self):
        """The current entries become the old generation; the previous old one is dropped."""
        self.old = {}
        self.old = dict(self)
        self.clear()
        self.used = 0

    def reset(self):
        """Drop every entry (both generations)."""
        self.old = {}
        self.clear()
        self.used = 0
