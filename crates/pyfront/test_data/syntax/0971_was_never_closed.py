def foo(
