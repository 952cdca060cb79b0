"""Placeholder: replaced by the module that implements it."""


def register(subparsers) -> None:
    pass
