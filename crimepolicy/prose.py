"""Small helpers that write computed values into the chapters' sentences."""


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c': the items as a sentence names them ('' for none)."""
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
