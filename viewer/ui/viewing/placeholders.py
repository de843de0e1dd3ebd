"""Qt-style ``%1``, ``%2`` placeholders in translated strings (like ``QString.arg``)."""


def fill(text: str, *values) -> str:
    """*text* with %1, %2, ... replaced by *values* (highest number first, so %1 never eats %10)."""
    for number in range(len(values), 0, -1):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text
