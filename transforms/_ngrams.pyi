def profile(
    text: str, classes: bytes, phrases: tuple[str, ...], /
) -> tuple[
    int,
    tuple[int, int, int, int, int, int, int],
    tuple[int, int, int],
    tuple[int, int, int, int, int, int],
    list[int],
    bool,
]: ...
