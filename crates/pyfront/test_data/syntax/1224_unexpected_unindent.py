class A:
    @foo
