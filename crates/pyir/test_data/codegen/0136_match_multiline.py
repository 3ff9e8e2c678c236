def multi(value):
    match (
        value
    ):
        case [
            first,
            second,
        ] if (
            first
            > second
        ):
            return first
        case {
            "key":
                val,
        }:
            return val
        case Point(
            x=1,
            y=[
                a,
                b,
            ],
        ):
            return a + b
        case (
            1
            | 2
            | 3
        ):
            return "small"
        case _:
            pass
